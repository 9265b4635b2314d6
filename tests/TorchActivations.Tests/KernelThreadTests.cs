using System;
using System.Linq;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace TorchActivations.Tests
{
    /// <summary>
    /// The fused kernels split their work over libtorch's intra-op threads. Every result is a fixed
    /// function of the input whatever the split (RReLU's slopes of the element index, Swish's β gradient of
    /// fixed pieces summed in order), so one and two threads give the same bits.
    /// </summary>
    public class KernelThreadTests
    {
        private static readonly (string Name, Func<nn.Module<Tensor, Tensor>> Create)[] Layers =
        {
            ("swish", () => new Swish(1.3)),
            ("swish_fixed", () => new Swish(0.7, learnable: false)),
            ("gelu_tanh", () => new GELU("tanh")),
            ("clipped_relu", () => new ClippedReLU(1.5)),
            ("rrelu", () => new RReLU(0.1, 0.3)),
            ("maxout", () => new Maxout(2)),
        };

        public static TheoryData<string> Names() { var d = new TheoryData<string>(); foreach (var l in Layers) d.Add(l.Name); return d; }

        [Theory]
        [MemberData(nameof(Names))]
        public void OneAndTwoThreadsGiveTheSameBits(string name)
        {
            Assert.True(ActivationKernels.IsAvailable, ActivationKernels.Status);
            var create = Layers.Single(l => l.Name == name).Create;
            int saved = get_num_threads();
            try {
                set_num_threads(1);
                var one = Run(create);
                set_num_threads(2);
                var two = Run(create);
                Assert.Equal(one.Length, two.Length);
                for (int k = 0; k < one.Length; k++)
                    Assert.True(one[k].SequenceEqual(two[k]), $"{name}: result {k} differs between one and two threads");
            } finally {
                set_num_threads(saved);
            }
        }

        /// <summary>Output, input gradient and parameter gradients for 257·2^14 float32 elements: enough tasks for two
        /// threads, and over 16 MiB, so the kernels that stream their stores do so.</summary>
        private static double[][] Run(Func<nn.Module<Tensor, Tensor>> create)
        {
            using var scope = NewDisposeScope();
            using var layer = create();
            var x = Samples.Uniform(new long[] { 257, 16, 1024 }, seed: 41, dtype: ScalarType.Float32).requires_grad_(true);
            random.manual_seed(7);
            var y = layer.call(x);
            var g = Samples.Uniform(y.shape, seed: 42, dtype: ScalarType.Float32);
            y.backward(new[] { g });
            return new[] { Samples.Values(y), Samples.Values(x.grad) }
                .Concat(layer.parameters().Select(p => Samples.Values(p.grad))).ToArray();
        }
    }
}
