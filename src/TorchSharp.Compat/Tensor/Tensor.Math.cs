using System;
using TorchSharp.Native;

namespace TorchSharp
{
    public static partial class torch
    {
        // Element-wise arithmetic and math. Each member is one ATen operator called through the dispatcher.
        public partial class Tensor
        {
            public Tensor add(Tensor target) => Aten.Tensor("aten::add.Tensor", this, target);
            public Tensor add(Tensor target, Scalar alpha) => Aten.Tensor("aten::add.Tensor", this, target, alpha);
            public Tensor add(Scalar scalar) => Aten.Tensor("aten::add.Scalar", this, scalar);
            public Tensor add(Scalar scalar, Scalar alpha) => Aten.Tensor("aten::add.Scalar", this, scalar, alpha);
            public Tensor add_(Tensor target) => Aten.InPlace("aten::add_.Tensor", this, target);
            public Tensor add_(Tensor target, Scalar alpha) => Aten.InPlace("aten::add_.Tensor", this, target, alpha);
            public Tensor add_(Scalar scalar) => Aten.InPlace("aten::add_.Scalar", this, scalar);
            public Tensor add_(Scalar scalar, Scalar alpha) => Aten.InPlace("aten::add_.Scalar", this, scalar, alpha);

            public Tensor sub(Tensor target) => Aten.Tensor("aten::sub.Tensor", this, target);
            public Tensor sub(Scalar target) => Aten.Tensor("aten::sub.Scalar", this, target);
            public Tensor sub_(Tensor target) => Aten.InPlace("aten::sub_.Tensor", this, target);
            public Tensor sub_(Scalar target) => Aten.InPlace("aten::sub_.Scalar", this, target);

            public Tensor mul(Tensor target) => Aten.Tensor("aten::mul.Tensor", this, target);
            public Tensor mul(Scalar target) => Aten.Tensor("aten::mul.Scalar", this, target);
            public Tensor mul_(Tensor target) => Aten.InPlace("aten::mul_.Tensor", this, target);
            public Tensor mul_(Scalar target) => Aten.InPlace("aten::mul_.Scalar", this, target);

            public Tensor div(Tensor target, RoundingMode rounding_mode = RoundingMode.None) =>
                rounding_mode == RoundingMode.None ? Aten.Tensor("aten::div.Tensor", this, target)
                                                   : Aten.Tensor("aten::div.Tensor_mode", this, target, rounding_mode.ToString());
            public Tensor div(Scalar target, RoundingMode rounding_mode = RoundingMode.None) =>
                rounding_mode == RoundingMode.None ? Aten.Tensor("aten::div.Scalar", this, target)
                                                   : Aten.Tensor("aten::div.Scalar_mode", this, target, rounding_mode.ToString());
            public Tensor div_(Tensor target, RoundingMode rounding_mode = RoundingMode.None) => Aten.InPlace("aten::div_.Tensor", this, target);
            public Tensor div_(Scalar target, RoundingMode rounding_mode = RoundingMode.None) => Aten.InPlace("aten::div_.Scalar", this, target);

            public Tensor pow(Tensor exponent) => Aten.Tensor("aten::pow.Tensor_Tensor", this, exponent);
            public Tensor pow(Scalar exponent) => Aten.Tensor("aten::pow.Tensor_Scalar", this, exponent);
            public Tensor pow_(Scalar exponent) => Aten.InPlace("aten::pow_.Scalar", this, exponent);
            public Tensor square() => Aten.Tensor("aten::square", this);

            public Tensor neg() => Aten.Tensor("aten::neg", this);
            public Tensor neg_() => Aten.InPlace("aten::neg_", this);
            public Tensor abs() => Aten.Tensor("aten::abs", this);
            public Tensor abs_() => Aten.InPlace("aten::abs_", this);
            public Tensor sign() => Aten.Tensor("aten::sign", this);
            public Tensor exp() => Aten.Tensor("aten::exp", this);
            public Tensor exp_() => Aten.InPlace("aten::exp_", this);
            public Tensor expm1() => Aten.Tensor("aten::expm1", this);
            public Tensor log() => Aten.Tensor("aten::log", this);
            public Tensor log_() => Aten.InPlace("aten::log_", this);
            public Tensor log1p() => Aten.Tensor("aten::log1p", this);
            public Tensor sqrt() => Aten.Tensor("aten::sqrt", this);
            public Tensor sqrt_() => Aten.InPlace("aten::sqrt_", this);
            public Tensor rsqrt() => Aten.Tensor("aten::rsqrt", this);
            public Tensor reciprocal() => Aten.Tensor("aten::reciprocal", this);
            public Tensor sigmoid() => Aten.Tensor("aten::sigmoid", this);
            public Tensor sigmoid_() => Aten.InPlace("aten::sigmoid_", this);
            public Tensor tanh() => Aten.Tensor("aten::tanh", this);
            public Tensor tanh_() => Aten.InPlace("aten::tanh_", this);
            public Tensor erf() => Aten.Tensor("aten::erf", this);
            public Tensor relu() => Aten.Tensor("aten::relu", this);
            public Tensor relu_() => Aten.InPlace("aten::relu_", this);
            public Tensor floor() => Aten.Tensor("aten::floor", this);
            public Tensor round(long decimals = 0) => decimals == 0 ? Aten.Tensor("aten::round", this) : Aten.Tensor("aten::round.decimals", this, decimals);
            public Tensor isnan() => Aten.Tensor("aten::isnan", this);
            public Tensor isinf() => Aten.Tensor("aten::isinf", this);
            public Tensor isfinite() => Aten.Tensor("aten::isfinite", this);

            public Tensor clamp(Scalar min = null, Scalar max = null) => Aten.Tensor("aten::clamp", this, min, max);
            public Tensor clamp(Tensor min = null, Tensor max = null) => Aten.Tensor("aten::clamp.Tensor", this, min, max);
            public Tensor clamp_(Scalar min = null, Scalar max = null) => Aten.InPlace("aten::clamp_", this, min, max);
            public Tensor clamp_(Tensor min = null, Tensor max = null) => Aten.InPlace("aten::clamp_.Tensor", this, min, max);
            public Tensor clamp_min(Scalar min) => Aten.Tensor("aten::clamp_min", this, min);
            public Tensor clamp_min_(Scalar min) => Aten.InPlace("aten::clamp_min_", this, min);
            public Tensor clamp_max(Scalar max) => Aten.Tensor("aten::clamp_max", this, max);
            public Tensor clamp_max_(Scalar max) => Aten.InPlace("aten::clamp_max_", this, max);

            public Tensor maximum(Tensor other) => Aten.Tensor("aten::maximum", this, other);
            public Tensor minimum(Tensor other) => Aten.Tensor("aten::minimum", this, other);
            public Tensor where(Tensor condition, Tensor y) => Aten.Tensor("aten::where.self", condition, this, y);
            public Tensor masked_fill(Tensor mask, Scalar value) => Aten.Tensor("aten::masked_fill.Scalar", this, mask, value);
            public Tensor masked_fill_(Tensor mask, Scalar value) => Aten.InPlace("aten::masked_fill_.Scalar", this, mask, value);

            public Tensor addcmul_(Tensor tensor1, Tensor tensor2, Scalar value) => Aten.InPlace("aten::addcmul_", this, tensor1, tensor2, value);
            public Tensor addcdiv_(Tensor tensor1, Tensor tensor2, Scalar value) => Aten.InPlace("aten::addcdiv_", this, tensor1, tensor2, value);
            public Tensor lerp_(Tensor end, Tensor weight) => Aten.InPlace("aten::lerp_.Tensor", this, end, weight);

            public Tensor matmul(Tensor target) => Aten.Tensor("aten::matmul", this, target);
            public Tensor mm(Tensor target) => Aten.Tensor("aten::mm", this, target);
            public Tensor bmm(Tensor batch2) => Aten.Tensor("aten::bmm", this, batch2);

            public Tensor softmax(long dim, ScalarType? dtype = null) => Aten.Tensor("aten::softmax.int", this, dim, dtype);
            public Tensor log_softmax(long dim, ScalarType? dtype = null) => Aten.Tensor("aten::log_softmax.int", this, dim, dtype);

            // Comparisons
            public Tensor eq(Tensor target) => Aten.Tensor("aten::eq.Tensor", this, target);
            public Tensor eq(Scalar target) => Aten.Tensor("aten::eq.Scalar", this, target);
            public Tensor ne(Tensor target) => Aten.Tensor("aten::ne.Tensor", this, target);
            public Tensor ne(Scalar target) => Aten.Tensor("aten::ne.Scalar", this, target);
            public Tensor gt(Tensor target) => Aten.Tensor("aten::gt.Tensor", this, target);
            public Tensor gt(Scalar target) => Aten.Tensor("aten::gt.Scalar", this, target);
            public Tensor ge(Tensor target) => Aten.Tensor("aten::ge.Tensor", this, target);
            public Tensor ge(Scalar target) => Aten.Tensor("aten::ge.Scalar", this, target);
            public Tensor lt(Tensor target) => Aten.Tensor("aten::lt.Tensor", this, target);
            public Tensor lt(Scalar target) => Aten.Tensor("aten::lt.Scalar", this, target);
            public Tensor le(Tensor target) => Aten.Tensor("aten::le.Tensor", this, target);
            public Tensor le(Scalar target) => Aten.Tensor("aten::le.Scalar", this, target);
            public Tensor logical_and(Tensor other) => Aten.Tensor("aten::logical_and", this, other);
            public Tensor logical_or(Tensor other) => Aten.Tensor("aten::logical_or", this, other);
            public Tensor logical_not() => Aten.Tensor("aten::logical_not", this);
            public bool allclose(Tensor target, double rtol = 1E-05, double atol = 1E-08, bool equal_nan = false) => Aten.Bool("aten::allclose", this, target, rtol, atol, equal_nan);
            public Tensor equal(Tensor target) => torch.tensor(Aten.Bool("aten::equal", this, target));

            // In-place initialisers and random fills
            public Tensor zero_() => Aten.InPlace("aten::zero_", this);
            public Tensor fill_(Scalar value) => Aten.InPlace("aten::fill_.Scalar", this, value);
            public Tensor uniform_(double from, double to, Generator generator = null) => GeneratorChecked(generator) ?? Aten.InPlace("aten::uniform_", this, from, to);
            public Tensor normal_(double mean = 0, double std = 1, Generator generator = null) => GeneratorChecked(generator) ?? Aten.InPlace("aten::normal_", this, mean, std);
            public Tensor bernoulli(Generator generator = null) => GeneratorChecked(generator) ?? Aten.Tensor("aten::bernoulli", this);
            public Tensor bernoulli_(double p = 0.5, Generator generator = null) => GeneratorChecked(generator) ?? Aten.InPlace("aten::bernoulli_.float", this, p);
            public Tensor bernoulli_(Tensor p, Generator generator = null) => GeneratorChecked(generator) ?? Aten.InPlace("aten::bernoulli_.Tensor", this, p);
            public Tensor exponential_(double lambda = 1, Generator generator = null) => GeneratorChecked(generator) ?? Aten.InPlace("aten::exponential_", this, lambda);
            private static Tensor GeneratorChecked(Generator generator)
            {
                Generator.CheckSupported(generator);
                return null;
            }

            public Tensor copy_(Tensor source, bool nonBlocking = false) => Aten.InPlace("aten::copy_", this, source, nonBlocking);
        }

        public enum RoundingMode
        {
            None,
            trunc,
            floor,
        }
    }
}
