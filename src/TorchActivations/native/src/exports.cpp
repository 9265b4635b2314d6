// The C entry points. Tensors cross as at::Tensor* handles (TorchSharp's representation, and the
// repository binding's): the caller keeps ownership of its inputs and takes ownership of the result.
#include <ATen/ATen.h>

#include "api.h"
#include "functions.h"
#include "kernel_table.h"

namespace {

at::Tensor* result(at::Tensor t) { return new at::Tensor(std::move(t)); }

void check_floating(const at::Tensor& x, const char* what) {
  TORCH_CHECK(x.device().is_cpu(), what, ": the fused kernel runs on CPU tensors, got one on ", x.device());
  TORCH_CHECK(x.scalar_type() == at::kFloat || x.scalar_type() == at::kDouble, what,
              ": the fused kernel takes float32 or float64, got ", x.scalar_type());
}

}  // namespace

// Bumped whenever an entry point changes, so the package never calls a library of another shape.
TAK_EXPORT int tak_abi_version() { return 1; }

TAK_EXPORT const char* tak_cpu_capability() { return tak::kernels().name; }

TAK_EXPORT const char* tak_libtorch_version() { return TAK_TORCH_VERSION; }

// β: one value (any shape of one element) or one per channel, shaped [1, C, 1, ...] like x.
TAK_EXPORT at::Tensor* tak_swish(at::Tensor* x, at::Tensor* beta) {
  TAK_GUARD(nullptr, {
    check_floating(*x, "swish");
    TORCH_CHECK(beta->scalar_type() == x->scalar_type() && beta->device() == x->device(),
                "swish: beta must have the input's dtype and device");
    if (beta->numel() == 1) return result(tak::swish(*x, beta->reshape({})));
    {
      bool per_channel = beta->dim() == x->dim() && x->dim() >= 2 && beta->size(1) == x->size(1);
      for (int64_t d = 0; per_channel && d < beta->dim(); ++d) per_channel = d == 1 || beta->size(d) == 1;
      TORCH_CHECK(per_channel, "swish: beta must hold one value or be shaped [1, C, 1, ...] for an input with C channels");
    }
    return result(tak::swish(*x, *beta));
  })
}

TAK_EXPORT at::Tensor* tak_gelu_tanh(at::Tensor* x) {
  TAK_GUARD(nullptr, {
    check_floating(*x, "gelu");
    return result(tak::gelu_tanh(*x));
  })
}

TAK_EXPORT at::Tensor* tak_clipped_relu(at::Tensor* x, double ceiling) {
  TAK_GUARD(nullptr, {
    check_floating(*x, "clipped_relu");
    return result(tak::clipped_relu(*x, ceiling));
  })
}

TAK_EXPORT at::Tensor* tak_rrelu_train(at::Tensor* x, double lower, double upper, int64_t seed) {
  TAK_GUARD(nullptr, {
    check_floating(*x, "rrelu");
    TORCH_CHECK(0 <= lower && lower <= upper, "rrelu: need 0 <= lower <= upper");
    return result(tak::rrelu_train(*x, lower, upper, static_cast<uint64_t>(seed)));
  })
}

TAK_EXPORT at::Tensor* tak_maxout(at::Tensor* x, int64_t pieces, int64_t dim) {
  TAK_GUARD(nullptr, {
    check_floating(*x, "maxout");
    TORCH_CHECK(dim >= 0 && dim < x->dim(), "maxout: dimension ", dim, " out of range for ", x->dim(), " dimensions");
    TORCH_CHECK(pieces >= 1 && x->size(dim) % pieces == 0, "maxout: size ", x->size(dim), " of dimension ", dim,
                " is not divisible by ", pieces);
    return result(tak::maxout(*x, pieces, dim));
  })
}
