#include "functions.h"

#include <ATen/ExpandUtils.h>
#include <ATen/native/TensorIterator.h>
#include <torch/csrc/autograd/custom_function.h>

#include "kernel_table.h"

namespace tak {
namespace {

using torch::autograd::AutogradContext;
using torch::autograd::variable_list;

at::Tensor unary(void (*kernel)(at::TensorIteratorBase&), const at::Tensor& x) {
  at::Tensor y;
  auto iter = at::TensorIterator::unary_op(y, x);
  kernel(iter);
  return iter.output();
}

at::Tensor binary(void (*kernel)(at::TensorIteratorBase&), const at::Tensor& a, const at::Tensor& b) {
  at::Tensor y;
  auto iter = at::TensorIterator::borrowing_binary_op(y, a, b);
  kernel(iter);
  return iter.output();
}

// [outer, channels, inner] for β of one value (channels = 1) or one per channel of dimension 1.
struct ChannelLayout {
  int64_t outer, channels, inner;
};

ChannelLayout channel_layout(const at::Tensor& x, const at::Tensor& beta) {
  if (beta.numel() == 1) return {1, 1, x.numel()};
  int64_t channels = x.size(1), outer = x.size(0);
  return {outer, channels, channels == 0 || outer == 0 ? 0 : x.numel() / (outer * channels)};
}

struct SwishFunction : public torch::autograd::Function<SwishFunction> {
  static at::Tensor forward(AutogradContext* ctx, const at::Tensor& x, const at::Tensor& beta) {
    ctx->save_for_backward({x, beta});
    at::Tensor y;
    auto iter = at::TensorIteratorConfig().add_output(y).add_input(x).add_input(beta).build();
    kernels().swish_forward(iter);
    return iter.output();
  }

  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    auto saved = ctx->get_saved_variables();
    const at::Tensor &x = saved[0], &beta = saved[1], &g = grads[0];
    const bool need_x = ctx->needs_input_grad(0), need_beta = ctx->needs_input_grad(1);
    if (at::GradMode::is_enabled()) {  // the backward is being recorded: differentiable ops
      auto s = at::sigmoid(beta * x);
      auto gs = g * s;
      auto xt = x * (gs * (1 - s));
      at::Tensor dx = need_x ? gs + beta * xt : at::Tensor();
      at::Tensor db = need_beta ? at::sum_to(xt * x, beta.sizes()) : at::Tensor();
      return {dx, db};
    }
    if (!need_beta) {
      at::Tensor dx;
      auto iter = at::TensorIteratorConfig().add_output(dx).add_input(g).add_input(x).add_input(beta).build();
      kernels().swish_backward_input(iter);
      return {iter.output(), at::Tensor()};
    }
    auto xc = x.contiguous();
    auto gc = g.expand(x.sizes()).contiguous();
    auto layout = channel_layout(xc, beta);
    auto bc = beta.reshape({-1}).contiguous();
    at::Tensor dx = need_x ? at::empty_like(xc, at::MemoryFormat::Contiguous) : at::Tensor();
    at::Tensor db = at::empty({layout.channels}, beta.options());
    if (xc.numel() == 0) db.zero_();
    else kernels().swish_backward_fused(gc, xc, bc, dx, db, layout.outer, layout.channels, layout.inner);
    return {dx, db.reshape(beta.sizes())};
  }
};

constexpr double kGeluA = 1.5957691216057308, kGeluB = kGeluA * 0.044715;

struct GeluTanhFunction : public torch::autograd::Function<GeluTanhFunction> {
  static at::Tensor forward(AutogradContext* ctx, const at::Tensor& x) {
    ctx->save_for_backward({x});
    return unary(kernels().gelu_tanh_forward, x);
  }

  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    auto x = ctx->get_saved_variables()[0];
    if (at::GradMode::is_enabled()) {
      auto x2 = x.square();
      auto s = at::sigmoid(x * (x2 * kGeluB + kGeluA));
      auto slope = x2 * (3 * kGeluB) + kGeluA;
      return {grads[0] * (s + x * s * (1 - s) * slope)};
    }
    return {binary(kernels().gelu_tanh_backward, grads[0], x)};
  }
};

// A contiguous input keeps a bit mask of where the gradient flows (n/8 bytes) for the backward, which
// then reads it instead of x; x itself is kept too (a reference to the caller's tensor, no copy) for a
// recorded backward and for other layouts.
struct ClippedReLUFunction : public torch::autograd::Function<ClippedReLUFunction> {
  static at::Tensor forward(AutogradContext* ctx, const at::Tensor& x, double ceiling) {
    ctx->save_for_backward({x});
    ctx->saved_data["ceiling"] = ceiling;
    if (x.is_contiguous() && x.numel() > 0) {
      auto y = at::empty_like(x, at::MemoryFormat::Contiguous);
      auto mask = at::empty({(x.numel() + 7) / 8}, x.options().dtype(at::kByte));
      kernels().clipped_relu_forward_masked(x, y, mask, ceiling);
      ctx->saved_data["mask"] = mask;
      return y;
    }
    at::Tensor y;
    auto iter = at::TensorIterator::unary_op(y, x);
    kernels().clipped_relu_forward(iter, ceiling);
    return iter.output();
  }

  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    auto x = ctx->get_saved_variables()[0];
    double ceiling = ctx->saved_data["ceiling"].toDouble();
    if (at::GradMode::is_enabled()) return {grads[0] * at::logical_and(x > 0, x < ceiling), at::Tensor()};
    if (ctx->saved_data.count("mask")) {
      auto g = grads[0].expand_as(x).contiguous();
      auto dx = at::empty_like(g, at::MemoryFormat::Contiguous);
      kernels().clipped_relu_backward_masked(g, ctx->saved_data["mask"].toTensor(), dx);
      return {dx, at::Tensor()};
    }
    at::Tensor dx;
    auto iter = at::TensorIterator::borrowing_binary_op(dx, grads[0], x);
    kernels().clipped_relu_backward(iter, ceiling);
    return {iter.output(), at::Tensor()};
  }
};

// The slopes of a seeded RReLU call, as a tensor (for the recorded backward only).
at::Tensor rrelu_slopes(const at::Tensor& xc, double lower, double upper, uint64_t seed) {
  auto ones = at::full_like(xc, -1.0, at::MemoryFormat::Contiguous);
  auto slopes = at::empty_like(ones);
  kernels().rrelu_forward(ones, slopes, lower, upper, seed);
  return slopes.neg_();
}

struct RReLUFunction : public torch::autograd::Function<RReLUFunction> {
  static at::Tensor forward(AutogradContext* ctx, const at::Tensor& x, double lower, double upper, int64_t seed) {
    ctx->save_for_backward({x});
    ctx->saved_data["lower"] = lower;
    ctx->saved_data["upper"] = upper;
    ctx->saved_data["seed"] = seed;
    auto xc = x.contiguous();
    auto y = at::empty_like(xc, at::MemoryFormat::Contiguous);
    kernels().rrelu_forward(xc, y, lower, upper, static_cast<uint64_t>(seed));
    return y;
  }

  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    auto xc = ctx->get_saved_variables()[0].contiguous();
    double lower = ctx->saved_data["lower"].toDouble(), upper = ctx->saved_data["upper"].toDouble();
    auto seed = static_cast<uint64_t>(ctx->saved_data["seed"].toInt());
    if (at::GradMode::is_enabled())
      return {at::where(xc > 0, grads[0], grads[0] * rrelu_slopes(xc, lower, upper, seed)), at::Tensor(),
              at::Tensor(), at::Tensor()};
    auto gc = grads[0].expand(xc.sizes()).contiguous();
    auto dx = at::empty_like(xc, at::MemoryFormat::Contiguous);
    kernels().rrelu_backward(gc, xc, dx, lower, upper, seed);
    return {dx, at::Tensor(), at::Tensor(), at::Tensor()};
  }
};

struct MaxoutLayout {
  int64_t outer, groups, pieces, inner;
};

MaxoutLayout maxout_layout(const at::Tensor& x, int64_t pieces, int64_t dim) {
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < dim; ++d) outer *= x.size(d);
  for (int64_t d = dim + 1; d < x.dim(); ++d) inner *= x.size(d);
  return {outer, x.size(dim) / pieces, pieces, inner};
}

struct MaxoutFunction : public torch::autograd::Function<MaxoutFunction> {
  static at::Tensor forward(AutogradContext* ctx, const at::Tensor& x, int64_t pieces, int64_t dim) {
    ctx->save_for_backward({x});
    ctx->saved_data["pieces"] = pieces;
    ctx->saved_data["dim"] = dim;
    auto xc = x.contiguous();
    auto shape = xc.sizes().vec();
    shape[dim] /= pieces;
    auto y = at::empty(shape, xc.options());
    auto l = maxout_layout(xc, pieces, dim);
    if (y.numel() > 0) kernels().maxout_forward(xc, y, l.outer, l.groups, l.pieces, l.inner);
    return y;
  }

  static variable_list backward(AutogradContext* ctx, variable_list grads) {
    auto xc = ctx->get_saved_variables()[0].contiguous();
    int64_t pieces = ctx->saved_data["pieces"].toInt(), dim = ctx->saved_data["dim"].toInt();
    auto l = maxout_layout(xc, pieces, dim);
    if (at::GradMode::is_enabled()) {
      // dx scatters g to each group's winner: linear in g, so this is differentiable again.
      auto grouped = xc.view({l.outer, l.groups, l.pieces, l.inner});
      auto index = std::get<1>(grouped.max(2, /*keepdim=*/true));
      auto g = grads[0].reshape({l.outer, l.groups, 1, l.inner});
      auto dx = at::zeros_like(grouped).scatter(2, index, g);
      return {dx.view(xc.sizes()), at::Tensor(), at::Tensor()};
    }
    auto gc = grads[0].contiguous();
    auto dx = at::empty_like(xc, at::MemoryFormat::Contiguous);
    if (dx.numel() > 0) kernels().maxout_backward(gc, xc, dx, l.outer, l.groups, l.pieces, l.inner);
    return {dx, at::Tensor(), at::Tensor()};
  }
};

}  // namespace

at::Tensor swish(const at::Tensor& x, const at::Tensor& beta) { return SwishFunction::apply(x, beta); }
at::Tensor gelu_tanh(const at::Tensor& x) { return GeluTanhFunction::apply(x); }
at::Tensor clipped_relu(const at::Tensor& x, double ceiling) { return ClippedReLUFunction::apply(x, ceiling); }
at::Tensor rrelu_train(const at::Tensor& x, double lower, double upper, uint64_t seed) {
  return RReLUFunction::apply(x, lower, upper, static_cast<int64_t>(seed));
}
at::Tensor maxout(const at::Tensor& x, int64_t pieces, int64_t dim) { return MaxoutFunction::apply(x, pieces, dim); }

}  // namespace tak
