// The layers' autograd functions: forward and backward run the fused kernels; when the backward itself
// is recorded (double backward, create_graph), it is written with differentiable ATen ops instead.
#pragma once
#include <ATen/ATen.h>
#include <cstdint>

namespace tak {

at::Tensor swish(const at::Tensor& x, const at::Tensor& beta);
at::Tensor gelu_tanh(const at::Tensor& x);
at::Tensor clipped_relu(const at::Tensor& x, double ceiling);
at::Tensor rrelu_train(const at::Tensor& x, double lower, double upper, uint64_t seed);
at::Tensor maxout(const at::Tensor& x, int64_t pieces, int64_t dim);

}  // namespace tak
