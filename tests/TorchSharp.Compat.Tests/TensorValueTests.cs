using System;
using System.Linq;
using Xunit;
using static TorchSharp.torch;

namespace TorchSharp.Compat.Tests
{
    /// <summary>Values computed through the binding against results worked out by hand.</summary>
    public class TensorValueTests
    {
        [Fact]
        public void ArithmeticOperatorsMatchHandResults()
        {
            using var scope = NewDisposeScope();
            var a = tensor(new double[] { 1, 2, 3 });
            var b = tensor(new double[] { 4, 5, 6 });
            Assert.Equal(new double[] { 5, 7, 9 }, (a + b).data<double>().ToArray());
            Assert.Equal(new double[] { -3, -3, -3 }, (a - b).data<double>().ToArray());
            Assert.Equal(new double[] { 4, 10, 18 }, (a * b).data<double>().ToArray());
            Assert.Equal(new double[] { 0.25, 0.4, 0.5 }, (a / b).data<double>().ToArray());
            Assert.Equal(new double[] { 3, 4, 5 }, (a + 2).data<double>().ToArray());
            Assert.Equal(new double[] { 9, 8, 7 }, (10 - a).data<double>().ToArray());
            Assert.Equal(new double[] { 2, 1, 2.0 / 3 }, (2.0 / a).data<double>().ToArray());
            Assert.Equal(new double[] { -1, -2, -3 }, (-a).data<double>().ToArray());
            Assert.Equal(new double[] { 1, 4, 9 }, a.pow(2).data<double>().ToArray());
        }

        [Fact]
        public void ElementwiseFunctionsSatisfyIdentities()
        {
            using var scope = NewDisposeScope();
            var x = linspace(-3, 3, 61, ScalarType.Float64);
            // exp(log1p(x)) - 1 == x on x > -1; sigmoid(x) + sigmoid(-x) == 1; tanh(x) == 2 sigmoid(2x) - 1
            Assert.True(x.sigmoid().add(x.neg().sigmoid()).allclose(ones_like(x), 0, 1e-15));
            Assert.True(x.tanh().allclose(x.mul(2).sigmoid().mul(2).sub(1), 0, 1e-14));
            var pos = x.clamp_min(-0.5);
            Assert.True(pos.log1p().exp().sub(1).allclose(pos, 0, 1e-14));
            Assert.Equal(Math.Exp(1.5), tensor(1.5).exp().item<double>(), 12);
            Assert.Equal(0.8427007929497149, tensor(1.0).erf().item<double>(), 12); // erf(1)
        }

        [Fact]
        public void MatmulAndReductionsMatchHandResults()
        {
            using var scope = NewDisposeScope();
            var m = tensor(new double[] { 1, 2, 3, 4, 5, 6 }, new long[] { 2, 3 });
            var v = tensor(new double[] { 1, 0, -1 }, new long[] { 3, 1 });
            Assert.Equal(new double[] { -2, -2 }, m.matmul(v).data<double>().ToArray());
            Assert.Equal(21.0, m.sum().item<double>());
            Assert.Equal(new double[] { 5, 7, 9 }, m.sum(dim: 0).data<double>().ToArray());
            Assert.Equal(new double[] { 2, 5 }, m.mean(new long[] { 1 }).data<double>().ToArray());
            Assert.Equal(1.0, m[0].std().item<double>(), 12); // std([1,2,3]) unbiased = 1
            var (values, indices) = m.max(1);
            Assert.Equal(new double[] { 3, 6 }, values.data<double>().ToArray());
            Assert.Equal(new long[] { 2, 2 }, indices.data<long>().ToArray());
            Assert.Equal(5L, m.argmax().item<long>());
        }

        [Fact]
        public void ShapeOperationsKeepRowMajorOrder()
        {
            using var scope = NewDisposeScope();
            var x = arange(0, 24, ScalarType.Int64).reshape(2, 3, 4);
            Assert.Equal(new long[] { 2, 3, 4 }, x.shape);
            Assert.Equal(new long[] { 2, 12 }, x.flatten(1).shape);
            Assert.Equal(new long[] { 4, 3, 2 }, x.permute(2, 1, 0).shape);
            Assert.Equal(13L, x.permute(2, 1, 0)[1, 0, 1].item<long>());   // x[1,0,1] = 12 + 1
            Assert.Equal(new long[] { 2, 3, 2, 2 }, x.unflatten(2, 2, 2).shape);
            var parts = x.chunk(2, 2);
            Assert.Equal(2, parts.Length);
            Assert.Equal(new long[] { 0, 1 }, parts[0][0, 0].data<long>().ToArray());
            var joined = cat(parts, 2);
            Assert.True(joined.eq(x).all().item<bool>());
            var stacked = stack(new[] { x, x }, 0);
            Assert.Equal(new long[] { 2, 2, 3, 4 }, stacked.shape);
            Assert.Equal(new long[] { 4, 5, 6, 7 }, x[0, 1].data<long>().ToArray());
            Assert.Equal(new long[] { 1, 5, 9 }, x[0, TensorIndex.Colon, 1].data<long>().ToArray());
            Assert.Equal(new long[] { 2, 1, 3, 4 }, x[TensorIndex.Colon, TensorIndex.None].shape);
        }

        [Fact]
        public void ComparisonsWhereAndClamp()
        {
            using var scope = NewDisposeScope();
            var x = tensor(new float[] { -2, -0.5f, 0, 0.5f, 2 });
            Assert.Equal(new[] { false, false, false, true, true }, (x > 0).data<bool>().ToArray());
            Assert.Equal(new float[] { 0, 0, 0, 0.5f, 2 }, where(x > 0, x, zeros_like(x)).data<float>().ToArray());
            Assert.Equal(new float[] { -1, -0.5f, 0, 0.5f, 1 }, x.clamp(-1, 1).data<float>().ToArray());
            Assert.Equal(new float[] { 0, 0, 0, 0.5f, 1 }, nn.functional.hardtanh(x, 0, 1).data<float>().ToArray());
        }

        [Fact]
        public void DtypeAndCreationFunctions()
        {
            using var scope = NewDisposeScope();
            Assert.Equal(ScalarType.Float32, zeros(2, 3).dtype);
            Assert.Equal(ScalarType.Float64, ones(new long[] { 2 }, ScalarType.Float64).dtype);
            Assert.Equal(7.5f, full(new long[] { 2, 2 }, 7.5).data<float>().ToArray().Distinct().Single());
            Assert.Equal(new long[] { 0, 2, 4 }, arange(0, 6, 2).data<long>().ToArray());
            Assert.Equal(new double[] { 0, 0.5, 1 }, linspace(0, 1, 3, ScalarType.Float64).data<double>().ToArray());
            var r = randint(10, new long[] { 1000 });
            Assert.True(r.ge(0).all().item<bool>() && r.lt(10).all().item<bool>());
            var u = rand(10000);
            Assert.InRange(u.mean().item<float>(), 0.47f, 0.53f);
            var n = randn(10000);
            Assert.InRange(n.std().item<float>(), 0.95f, 1.05f);
            Assert.Equal(3, tensor(3.7).to(ScalarType.Int32).item<int>());
            Assert.Equal(new long[] { 2, 3 }, tensor(new float[,] { { 1, 2, 3 }, { 4, 5, 6 } }).shape);
            Assert.Equal(2.0f, empty_like(zeros(3)).fill_(2).data<float>()[1]);
        }

        [Fact]
        public void SeedMakesRandomNumbersRepeatable()
        {
            using var scope = NewDisposeScope();
            random.manual_seed(123);
            var a = randn(5).data<float>().ToArray();
            random.manual_seed(123);
            var b = randn(5).data<float>().ToArray();
            Assert.Equal(a, b);
            Assert.NotEqual(a, randn(5).data<float>().ToArray());
        }

        [Fact]
        public void LossesMatchHandResults()
        {
            using var scope = NewDisposeScope();
            var logits = tensor(new double[] { 0, 0, 0, 1, 2, 3 }, new long[] { 2, 3 });
            var target = tensor(new long[] { 0, 2 });
            // row 0: uniform -> log 3; row 1: logsumexp(1,2,3) - 3
            double lse = Math.Log(Math.Exp(1) + Math.Exp(2) + Math.Exp(3));
            double expected = (Math.Log(3) + (lse - 3)) / 2;
            Assert.Equal(expected, nn.functional.cross_entropy(logits, target).item<double>(), 12);
            var mse = nn.functional.mse_loss(tensor(new double[] { 1, 2 }), tensor(new double[] { 3, 2 }));
            Assert.Equal(2.0, mse.item<double>(), 12);
        }
    }
}
