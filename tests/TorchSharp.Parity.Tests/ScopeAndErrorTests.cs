using System;
using System.Linq;
using System.Runtime.InteropServices;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace TorchSharp.Parity.Tests
{
    /// <summary>Dispose-scope rules and exception types as TorchSharp has them.</summary>
    public class ScopeAndErrorTests
    {
        [Fact]
        public void AParameterTakesItsDataTensorsPlace()
        {
            Parameter p;
            Tensor data;
            using (var scope = NewDisposeScope()) {
                data = ones(2);
                p = new Parameter(data);
                Assert.True(data.IsInvalid);
                Assert.True(scope.Contains(p));
            }
            Assert.True(p.IsInvalid);   // the scope that owned the data disposed the parameter
        }

        [Fact]
        public void DisposingATensorRemovesItFromItsScope()
        {
            using var scope = NewDisposeScope();
            var t = ones(3);
            int before = scope.DisposablesCount;
            t.Dispose();
            Assert.Equal(before - 1, scope.DisposablesCount);
        }

        [Fact]
        public void MoveToOuterFromTheOutermostScopeDetaches()
        {
            Tensor kept;
            using (var scope = NewDisposeScope()) kept = ones(2).MoveToOuterDisposeScope();
            Assert.False(kept.IsInvalid);
            kept.Dispose();
        }

        [Fact]
        public void TensorsMadeOutsideAScopeBelongToNone()
        {
            using var t = ones(2);
            using (var scope = NewDisposeScope()) { }
            Assert.False(t.IsInvalid);
        }

        [Fact]
        public void UsingADisposedTensorIsAnInvalidOperation()
        {
            var t = ones(2);
            t.Dispose();
            var e = Assert.Throws<InvalidOperationException>(() => t.sum());
            Assert.Contains("empty handle", e.Message);
        }

        [Fact]
        public void ReadingDataAsTheWrongTypeIsAnArgumentError()
        {
            using var t = ones(2);
            Assert.Throws<ArgumentException>(() => t.data<int>());
        }

        [Fact]
        public void LibtorchErrorsAreExternalExceptions()
        {
            using var a = ones(2, 3);
            using var b = ones(4);
            Assert.Throws<ExternalException>(() => a.add(b));
        }

        [Fact]
        public void RegisteringANameTwiceIsRefused()
        {
            using var lin = nn.Linear(2, 2);
            Assert.Throws<InvalidOperationException>(() => lin.register_parameter("weight", new Parameter(ones(2))));
        }
    }
}
