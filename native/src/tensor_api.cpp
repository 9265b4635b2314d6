// Tensor lifetime, creation from managed memory, copy back, and metadata.
#include "bridge.h"
#include <ATen/Parallel.h>
#include <ATen/detail/CUDAHooksInterface.h>
#include <cstring>

using ta::new_handle;

TA_EXPORT void ta_tensor_free(at::Tensor* t) { ta::delete_handle(t); }

// A second handle on the same tensor (shares storage and autograd identity).
TA_EXPORT at::Tensor* ta_tensor_alias(at::Tensor* t) {
  TA_GUARD(nullptr, { return new_handle(*t); })
}

// Copies `data` (C-contiguous, `dtype` elements) into a new CPU tensor of the given shape.
TA_EXPORT at::Tensor* ta_tensor_from_data(const void* data, const int64_t* shape, int ndim, int dtype,
                                          int requires_grad) {
  TA_GUARD(nullptr, {
    auto options = at::TensorOptions().dtype(static_cast<c10::ScalarType>(dtype));
    at::Tensor t = at::empty(c10::IntArrayRef(shape, ndim), options);
    if (t.numel() > 0) std::memcpy(t.data_ptr(), data, t.numel() * t.element_size());
    if (requires_grad) t.set_requires_grad(true);
    return new_handle(t);
  })
}

// Copies the tensor's elements (any device, any layout) into `dst` as C-contiguous CPU data.
TA_EXPORT int ta_tensor_copy_to(at::Tensor* t, void* dst, int64_t nbytes) {
  TA_GUARD(-1, {
    at::Tensor c = t->detach().to(at::kCPU).contiguous();
    int64_t need = c.numel() * c.element_size();
    TORCH_CHECK(nbytes == need, "copy_to: buffer holds ", nbytes, " bytes, tensor needs ", need);
    if (need > 0) std::memcpy(dst, c.data_ptr(), need);
    return 0;
  })
}

// Raw pointer to the first element of a CPU tensor (null for other devices).
TA_EXPORT void* ta_tensor_data_ptr(at::Tensor* t) {
  TA_GUARD(nullptr, {
    TORCH_CHECK(t->device().is_cpu(), "data pointer requested for a tensor on ", t->device());
    return t->data_ptr();
  })
}

TA_EXPORT int ta_tensor_defined(at::Tensor* t) { return t != nullptr && t->defined() ? 1 : 0; }

TA_EXPORT int ta_tensor_ndim(at::Tensor* t) {
  TA_GUARD(-1, { return static_cast<int>(t->dim()); })
}

TA_EXPORT int ta_tensor_shape(at::Tensor* t, int64_t* out) {
  TA_GUARD(-1, {
    auto s = t->sizes();
    std::copy(s.begin(), s.end(), out);
    return 0;
  })
}

TA_EXPORT int ta_tensor_strides(at::Tensor* t, int64_t* out) {
  TA_GUARD(-1, {
    auto s = t->strides();
    std::copy(s.begin(), s.end(), out);
    return 0;
  })
}

TA_EXPORT int64_t ta_tensor_numel(at::Tensor* t) {
  TA_GUARD(-1, { return t->numel(); })
}

TA_EXPORT int ta_tensor_dtype(at::Tensor* t) {
  TA_GUARD(-1, { return static_cast<int>(t->scalar_type()); })
}

TA_EXPORT int ta_tensor_device_type(at::Tensor* t) {
  TA_GUARD(-1, { return static_cast<int>(t->device().type()); })
}

TA_EXPORT int ta_tensor_device_index(at::Tensor* t) {
  TA_GUARD(-2, { return static_cast<int>(t->device().index()); })
}

TA_EXPORT int ta_tensor_requires_grad(at::Tensor* t) {
  TA_GUARD(-1, { return t->requires_grad() ? 1 : 0; })
}

TA_EXPORT int ta_tensor_set_requires_grad(at::Tensor* t, int value) {
  TA_GUARD(-1, {
    t->set_requires_grad(value != 0);
    return 0;
  })
}

TA_EXPORT int ta_tensor_is_leaf(at::Tensor* t) {
  TA_GUARD(-1, { return t->is_leaf() ? 1 : 0; })
}

// The accumulated gradient, or null (with no error) when it is undefined.
TA_EXPORT at::Tensor* ta_tensor_grad(at::Tensor* t) {
  TA_GUARD(nullptr, {
    const at::Tensor& g = t->grad();
    return g.defined() ? new_handle(g) : nullptr;
  })
}

// Sets (or, with null, clears) the gradient.
TA_EXPORT int ta_tensor_set_grad(at::Tensor* t, at::Tensor* grad) {
  TA_GUARD(-1, {
    t->mutable_grad() = grad ? *grad : at::Tensor();
    return 0;
  })
}

// Replaces the data of `t` (keeping its identity, as Module.to() needs for parameters).
TA_EXPORT int ta_tensor_set_data(at::Tensor* t, at::Tensor* data) {
  TA_GUARD(-1, {
    t->set_data(*data);
    return 0;
  })
}

TA_EXPORT int ta_cuda_is_available() {
  TA_GUARD(0, { return at::hasCUDA() ? 1 : 0; })
}

TA_EXPORT int ta_cuda_device_count() {
  TA_GUARD(0, { return at::hasCUDA() ? static_cast<int>(at::detail::getCUDAHooks().getNumGPUs()) : 0; })
}

TA_EXPORT int ta_manual_seed(int64_t seed) {
  TA_GUARD(-1, {
    at::manual_seed(static_cast<uint64_t>(seed));
    return 0;
  })
}

TA_EXPORT int64_t ta_initial_seed() {
  TA_GUARD(-1, { return static_cast<int64_t>(at::detail::getDefaultCPUGenerator().current_seed()); })
}

TA_EXPORT int ta_get_num_threads() {
  TA_GUARD(-1, { return at::get_num_threads(); })
}

TA_EXPORT int ta_set_num_threads(int n) {
  TA_GUARD(-1, {
    TORCH_CHECK(n > 0, "set_num_threads: expected a positive thread count, got ", n);
    at::set_num_threads(n);
    return 0;
  })
}

TA_EXPORT int ta_tensor_is_contiguous(at::Tensor* t) {
  TA_GUARD(-1, { return t->is_contiguous() ? 1 : 0; })
}
