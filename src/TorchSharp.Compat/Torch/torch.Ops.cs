using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp.Native;

namespace TorchSharp
{
    public static partial class torch
    {
        // Static forms of tensor operations (torch.exp(x) and friends).
        public static Tensor abs(Tensor input) => input.abs();
        public static Tensor neg(Tensor input) => input.neg();
        public static Tensor exp(Tensor input) => input.exp();
        public static Tensor log(Tensor input) => input.log();
        public static Tensor log1p(Tensor input) => input.log1p();
        public static Tensor sqrt(Tensor input) => input.sqrt();
        public static Tensor sigmoid(Tensor input) => input.sigmoid();
        public static Tensor tanh(Tensor input) => input.tanh();
        public static Tensor erf(Tensor input) => input.erf();
        public static Tensor sign(Tensor input) => input.sign();
        public static Tensor square(Tensor input) => input.square();
        public static Tensor pow(Tensor input, Tensor exponent) => input.pow(exponent);
        public static Tensor pow(Tensor input, Scalar exponent) => input.pow(exponent);
        public static Tensor add(Tensor left, Tensor right) => left.add(right);
        public static Tensor sub(Tensor left, Tensor right) => left.sub(right);
        public static Tensor mul(Tensor left, Tensor right) => left.mul(right);
        public static Tensor div(Tensor left, Tensor right, RoundingMode rounding_mode = RoundingMode.None) => left.div(right, rounding_mode);
        public static Tensor isnan(Tensor input) => input.isnan();
        public static Tensor clamp(Tensor input, Scalar min = null, Scalar max = null) => input.clamp(min, max);
        public static Tensor clamp(Tensor input, Tensor min = null, Tensor max = null) => input.clamp(min, max);
        public static Tensor maximum(Tensor input, Tensor other) => input.maximum(other);
        public static Tensor minimum(Tensor input, Tensor other) => input.minimum(other);
        public static Tensor where(Tensor condition, Tensor x, Tensor y) => Aten.Tensor("aten::where.self", condition, x, y);
        public static Tensor matmul(Tensor input, Tensor target) => input.matmul(target);
        public static Tensor mm(Tensor input, Tensor target) => input.mm(target);
        public static Tensor sum(Tensor input, ScalarType? type = null) => input.sum(type);
        public static Tensor mean(Tensor input) => input.mean();
        public static Tensor max(Tensor input) => input.max();
        public static Tensor min(Tensor input) => input.min();
        public static Tensor argmax(Tensor input) => input.argmax();
        public static Tensor argmax(Tensor input, long dim, bool keepdim = false) => input.argmax(dim, keepdim);
        public static Tensor flatten(Tensor input, long start_dim = 0, long end_dim = -1) => input.flatten(start_dim, end_dim);
        public static Tensor reshape(Tensor input, params long[] shape) => input.reshape(shape);
        public static Tensor transpose(Tensor input, long dim0, long dim1) => input.transpose(dim0, dim1);
        public static Tensor permute(Tensor input, params long[] permutation) => input.permute(permutation);
        public static Tensor squeeze(Tensor input, long? dim = null) => input.squeeze(dim);
        public static Tensor unsqueeze(Tensor input, long dim) => input.unsqueeze(dim);
        public static Tensor[] chunk(Tensor input, long chunks, long dim = 0) => input.chunk(chunks, dim);
        public static Tensor clone(Tensor input) => input.clone();
        public static bool allclose(Tensor tensor, Tensor target, double rtol = 1E-05, double atol = 1E-08, bool equal_nan = false) => tensor.allclose(target, rtol, atol, equal_nan);
        public static Tensor equal(Tensor tensor, Tensor target) => tensor.equal(target);
        public static Tensor count_nonzero(Tensor input, long[] dims = null) => input.count_nonzero(dims);

        public static Tensor cat(IList<Tensor> tensors, long dim = 0) => Aten.Tensor("aten::cat", tensors.ToArray(), dim);
        public static Tensor cat(Tensor[] tensors, long dim = 0) => Aten.Tensor("aten::cat", tensors, dim);
        public static Tensor stack(IEnumerable<Tensor> tensors, long dim = 0) => Aten.Tensor("aten::stack", tensors.ToArray(), dim);
    }
}
