using MnistCompare.Search;
using TorchActivations;
using Xunit;

namespace MnistCompare.Tests.Search
{
    public sealed class FunctionFingerprintTests
    {
        private static string Of(string formula) => FunctionFingerprint.Of(Formula.Parse(formula));

        [Theory]
        [InlineData("max(abs(x), abs(x))", "abs(x)")]
        [InlineData("asinh(max(-x, -x)) * -max(-x, -x)", "asinh(max(abs(x), -x)) * -max(abs(x), -x)")]
        [InlineData("x * sigmoid(b1 * x)", "sigmoid(b1 * x) * x")]
        [InlineData("b1 * x + b2", "b2 * x + b1")]        // the names differ, the roles do not
        [InlineData("min(x, 0) + max(x, 0)", "x")]
        public void FormulasComputingTheSameFunctionMatch(string a, string b) => Assert.Equal(Of(a), Of(b));

        [Theory]
        [InlineData("x", "-x")]
        [InlineData("b1 * x", "x")]                       // equal only while β is 1
        [InlineData("b1 * x + b2", "b1 * x + b1")]        // one β in two roles is not two βs
        [InlineData("x * sigmoid(x)", "x * sigmoid(1.0001 * x)")]
        public void DifferentFunctionsDiffer(string a, string b) => Assert.NotEqual(Of(a), Of(b));
    }
}
