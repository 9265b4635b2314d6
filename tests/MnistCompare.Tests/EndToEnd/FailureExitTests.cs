using System;
using System.IO;
using MnistCompare.Data;
using Xunit;

namespace MnistCompare.Tests.EndToEnd
{
    /// <summary>
    /// Inputs that pass option parsing but cannot run end with a message and an exit code, never with an
    /// unhandled exception: activations that do not fit the network, empty option values, unusable data.
    /// </summary>
    public sealed class FailureExitTests : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("mnist-failures-").FullName;

        public void Dispose() => Directory.Delete(_dir, recursive: true);

        private static (int Exit, string Error) Run(params string[] args) => ProgramRun.WithArguments(args);

        [Theory]
        [InlineData("maxout:pieces=2,dim=0", "mlp")]
        [InlineData("swish:num_parameters=7", "mlp")]
        [InlineData("swish:num_parameters=7", "cnn")]
        [InlineData("prelu:num_parameters=3", "cnn")]
        public void ActivationThatDoesNotFitTheNetworkIsAUsageErrorBeforeAnyDataIsRead(string spec, string model)
        {
            // The data directory is empty: an activation checked only after loading would end in a data error.
            string empty = Path.Combine(_dir, "no-data");
            Directory.CreateDirectory(empty);
            var (exit, error) = Run("--activation", spec, "--model", model, "--dataset", "fashion", "--data-dir", empty, "--out", Path.Combine(_dir, "out"));
            Assert.Equal(Program.ExitUsage, exit);
            Assert.Contains($"'{spec}'", error);
            Assert.Contains("does not fit", error);
            Assert.DoesNotContain("   at ", error);
        }

        [Fact]
        public void ActivationThatFitsOneHiddenLayerButNotAnotherIsAUsageError()
        {
            var (exit, error) = Run("--hidden", "256,128", "--activation", "swish:num_parameters=256", "--dataset", "fashion",
                "--data-dir", Path.Combine(_dir, "absent"), "--out", Path.Combine(_dir, "out"));
            Assert.Equal(Program.ExitUsage, exit);
            Assert.Contains("[2, 128]", error);
        }

        [Theory]
        [InlineData("--out=")]
        [InlineData("--data-dir=")]
        [InlineData("--out", "")]
        [InlineData("--data-dir", " ")]
        [InlineData("--seeds=")]
        public void EmptyOptionValueIsAUsageError(params string[] args)
        {
            var (exit, error) = Run(args);
            Assert.Equal(Program.ExitUsage, exit);
            Assert.Contains("empty", error);
        }

        [Fact]
        public void DirectoryInPlaceOfADataFileIsADataError()
        {
            string data = Path.Combine(_dir, "data");
            Directory.CreateDirectory(Path.Combine(data, "train-images-idx3-ubyte"));
            var (exit, error) = Run("--data-dir", data, "--out", Path.Combine(_dir, "out"), "--activation", "relu");
            Assert.Equal(Program.ExitData, exit);
            Assert.Contains(Path.Combine(data, "train-images-idx3-ubyte"), error);
            Assert.DoesNotContain("cannot write the results", error);
        }

        [Fact]
        public void UnexpectedFailureEndsWithItsMessageAndExitCode1()
        {
            // A data directory no file system accepts fails in .NET's path handling, which no phase expects.
            var (exit, error) = Run("--data-dir", "bad\0path", "--out", Path.Combine(_dir, "out"), "--activation", "relu");
            Assert.Equal(Program.ExitFailure, exit);
            Assert.StartsWith("error: ", error);
            Assert.DoesNotContain("   at ", error);
        }
    }
}
