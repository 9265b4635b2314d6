using System;
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading;
using Xunit;
using static TorchSharp.torch;

namespace TorchSharp.Compat.Tests
{
    /// <summary>Dispose scopes and tensors used from several threads; native memory the GC must account for.</summary>
    [Collection("native-handle-counts")]
    public class ThreadingAndMemoryTests
    {
        private static long SettledCount()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            return Tensor.TotalCount;
        }

        [Fact]
        public void TensorsOfOneThreadsScopeMayBeDisposedOnAnother()
        {
            long before = SettledCount();
            var handoff = new BlockingCollection<Tensor>(boundedCapacity: 64);
            Exception producerFailure = null;
            long created = 0;
            var clock = Stopwatch.StartNew();

            // Thread A creates tensors in its scope without pause, and keeps half of them;
            // thread B disposes the other half while A's scope is busy attaching new ones.
            var producer = new Thread(() => {
                try {
                    using var scope = NewDisposeScope();
                    while (clock.Elapsed < TimeSpan.FromSeconds(2)) {
                        for (int i = 0; i < 50; ++i) {
                            var t = ones(4);
                            created++;
                            if (i % 2 == 0) handoff.Add(t);
                        }
                        Assert.True(scope.DisposablesCount >= 0);
                        // Keep the scope small, as a training loop would.
                        if (scope.DisposablesCount > 2000) scope.DisposeEverything();
                    }
                } catch (Exception e) {
                    producerFailure = e;
                } finally {
                    handoff.CompleteAdding();
                }
            });
            var consumer = new Thread(() => {
                foreach (var t in handoff.GetConsumingEnumerable()) t.Dispose();
            });
            consumer.Start();
            producer.Start();
            producer.Join();
            consumer.Join();
            Assert.Null(producerFailure);
            Assert.True(created > 1000, $"only {created} tensors created");
            Assert.Equal(before, SettledCount());
        }

        [Fact]
        public void DisposingTheSameTensorOnTwoThreadsFreesItOnce()
        {
            long before = SettledCount();
            for (int round = 0; round < 200; ++round) {
                var tensors = new Tensor[50];
                using (var scope = NewDisposeScope()) {
                    for (int i = 0; i < tensors.Length; ++i) tensors[i] = zeros(2);
                    var other = new Thread(() => { foreach (var t in tensors) t.Dispose(); });
                    other.Start();
                    foreach (var t in tensors) t.Dispose();
                    other.Join();
                }
            }
            Assert.Equal(before, SettledCount());
        }

        /// <summary>Runs <paramref name="action"/> on a new thread (never inlined on this one) and returns what it threw.</summary>
        private static Exception OnAnotherThread(Action action)
        {
            Exception failure = null;
            var thread = new Thread(() => { try { action(); } catch (Exception e) { failure = e; } });
            thread.Start();
            thread.Join();
            return failure;
        }

        [Fact]
        public void UsingAScopeOnAnotherThreadIsAClearError()
        {
            using var scope = NewDisposeScope();
            var t = ones(3);
            var e = Assert.IsType<InvalidOperationException>(OnAnotherThread(() => scope.Detach(t)));
            Assert.Contains("belongs to thread", e.Message);
            Assert.IsType<InvalidOperationException>(OnAnotherThread(() => scope.MoveToOuter(t)));
            Assert.IsType<InvalidOperationException>(OnAnotherThread(() => {
                using var other = zeros(1);
                scope.Attach(other);
            }));
            // The scope still works on its own thread, and its tensors may be disposed anywhere.
            Assert.True(scope.Contains(t));
            Assert.Equal(3f, t.sum().item<float>());
            Assert.Null(OnAnotherThread(() => t.Dispose()));
            Assert.False(scope.Contains(t));
        }

        [Fact]
        public void AScopeMayEndOnAnotherThreadAsAfterAnAwait()
        {
            var scope = NewDisposeScope();
            var t = ones(3);
            Assert.Null(OnAnotherThread(() => scope.Dispose()));
            Assert.True(t.IsInvalid);
            // The creating thread's current scope moved back out: new tensors belong to no scope.
            using var after = ones(1);
            Assert.False(scope.Contains(after));
        }

        [Fact]
        public void NativeMemoryOfAbandonedTensorsMakesTheGarbageCollectorRun()
        {
            // 2,000 tensors of 1 MiB left to the finalizer: 2 GiB of native memory behind a few hundred
            // kilobytes of managed objects, which alone would never start a full collection.
            SettledCount();
            int fullCollections = GC.CollectionCount(2);
            for (int i = 0; i < 2000; ++i) {
                var abandoned = zeros(256, 1024);
            }
            int during = GC.CollectionCount(2) - fullCollections;
            Assert.True(during >= 2, $"{during} full collections while 2 GiB of tensors were abandoned");
            SettledCount();
        }

        [Fact]
        public void TensorsAScopeFreesStartNoFullCollections()
        {
            // The same 2 GiB, each tensor freed by its scope: the GC has nothing to reclaim.
            SettledCount();
            int fullCollections = GC.CollectionCount(2);
            for (int i = 0; i < 2000; ++i) {
                using var scope = NewDisposeScope();
                var freed = zeros(256, 1024);
            }
            Assert.True(GC.CollectionCount(2) - fullCollections <= 1);
        }
    }
}
