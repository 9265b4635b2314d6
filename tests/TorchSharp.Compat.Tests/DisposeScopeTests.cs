using System;
using Xunit;
using static TorchSharp.torch;

namespace TorchSharp.Compat.Tests
{
    [Collection("native-handle-counts")]
    public class DisposeScopeTests
    {
        [Fact]
        public void ScopeDisposesEverythingCreatedInIt()
        {
            long before = Tensor.TotalCount;
            using (var scope = NewDisposeScope()) {
                var a = randn(100, 100);
                var b = a.matmul(a).relu().sum(0);
                Assert.True(Tensor.TotalCount >= before + 4);
            }
            Assert.Equal(before, Tensor.TotalCount);
        }

        [Fact]
        public void MoveToOuterKeepsATensorAlive()
        {
            long before = Tensor.TotalCount;
            Tensor kept;
            using (var outer = NewDisposeScope()) {
                using (var inner = NewDisposeScope()) {
                    var t = ones(3) * 2;
                    kept = t.MoveToOuterDisposeScope();
                }
                Assert.False(kept.IsInvalid);
                Assert.Equal(6f, kept.sum().item<float>());
                Assert.True(outer.Contains(kept));
            }
            Assert.True(kept.IsInvalid);
            Assert.Equal(before, Tensor.TotalCount);
        }

        [Fact]
        public void DetachedTensorOutlivesItsScope()
        {
            Tensor t;
            using (var scope = NewDisposeScope()) t = ones(2).DetachFromDisposeScope();
            Assert.False(t.IsInvalid);
            t.Dispose();
            Assert.True(t.IsInvalid);
        }

        [Fact]
        public void TrainingLoopDoesNotGrowLiveTensors()
        {
            using var model = nn.Sequential(nn.Linear(20, 16), nn.ReLU(), nn.Linear(16, 2));
            using var optimizer = optim.SGD(model.parameters(), 0.1);
            long baseline = 0;
            for (int step = 0; step < 50; ++step) {
                using var scope = NewDisposeScope();
                var x = randn(32, 20);
                var y = randint(2, new long[] { 32 });
                optimizer.zero_grad();
                var loss = nn.functional.cross_entropy(model.call(x), y);
                loss.backward();
                optimizer.step();
                if (step == 5) baseline = Tensor.TotalCount;
            }
            Assert.True(Tensor.TotalCount <= baseline, $"live tensors grew from {baseline} to {Tensor.TotalCount}");
        }
    }
}
