// The fused kernels of one CPU level. src/kernels.cpp is compiled once per level (DEFAULT, AVX2,
// AVX512), each copy defining its own table; src/dispatch.cpp picks one from the CPU's features.
#pragma once
#include <ATen/ATen.h>
#include <ATen/native/TensorIterator.h>
#include <cstdint>

namespace tak {

struct KernelTable {
  const char* name;
  // y = x·σ(β·x); iterator: out y, in x, β (broadcast).
  void (*swish_forward)(at::TensorIteratorBase& iter);
  // dx = g·s·(1 + β·x·(1 − s)) with s = σ(β·x); iterator: out dx, in g, x, β (broadcast).
  void (*swish_backward_input)(at::TensorIteratorBase& iter);
  // One pass over contiguous g and x laid out as [outer, channels, inner] with one β per channel:
  // dx (when defined) and dβ[c] = Σ g·x²·s·(1 − s), from per-thread-task partial sums.
  void (*swish_backward_fused)(const at::Tensor& g, const at::Tensor& x, const at::Tensor& beta,
                               at::Tensor& dx, at::Tensor& dbeta, int64_t outer, int64_t channels,
                               int64_t inner);
  // GELU, tanh form, as x·σ(z) with z = x·(A + B·x²); iterators: out y, in x / out dx, in g, x.
  void (*gelu_tanh_forward)(at::TensorIteratorBase& iter);
  void (*gelu_tanh_backward)(at::TensorIteratorBase& iter);
  // min(max(x, 0), c) / g·[0 < x < c].
  void (*clipped_relu_forward)(at::TensorIteratorBase& iter, double ceiling);
  void (*clipped_relu_backward)(at::TensorIteratorBase& iter, double ceiling);
  // The same on contiguous tensors, the forward also writing mask bit i = [0 < x_i < c] (byte i / 8,
  // bit i % 8; mask holds ceil(n / 8) bytes) for the backward to read instead of x.
  void (*clipped_relu_forward_masked)(const at::Tensor& x, at::Tensor& y, at::Tensor& mask, double ceiling);
  void (*clipped_relu_backward_masked)(const at::Tensor& g, const at::Tensor& mask, at::Tensor& dx);
  // RReLU in training on contiguous tensors: slope a_i = lower + (upper − lower)·u(seed, i) for the
  // element with flat index i, drawn from a counter-based generator, so the backward regenerates it.
  void (*rrelu_forward)(const at::Tensor& x, at::Tensor& y, double lower, double upper, uint64_t seed);
  void (*rrelu_backward)(const at::Tensor& g, const at::Tensor& x, at::Tensor& dx, double lower,
                         double upper, uint64_t seed);
  // Maxout over contiguous x viewed as [outer, groups, pieces, inner] -> [outer, groups, inner]; the
  // backward recomputes each group's winner (first maximum; a NaN wins) and routes g to it.
  void (*maxout_forward)(const at::Tensor& x, at::Tensor& y, int64_t outer, int64_t groups,
                         int64_t pieces, int64_t inner);
  void (*maxout_backward)(const at::Tensor& g, const at::Tensor& x, at::Tensor& dx, int64_t outer,
                          int64_t groups, int64_t pieces, int64_t inner);
};

extern const KernelTable kernel_table_DEFAULT;
extern const KernelTable kernel_table_AVX2;
extern const KernelTable kernel_table_AVX512;

// The table for this CPU (or the level forced by TORCHACTIVATIONS_CPU_CAPABILITY, if the CPU has it).
const KernelTable& kernels();

}  // namespace tak
