using System;
using System.Diagnostics;
using System.Linq;

namespace ActivationBenchmarks
{
    /// <summary>Warm-up runs, then the median of repeated timed runs: robust to the odd slow run on a busy machine.</summary>
    internal static class Timer
    {
        public static double MedianMilliseconds(Action run, int warmup, int repeats)
        {
            for (int i = 0; i < warmup; i++) run();
            var times = new double[repeats];
            for (int i = 0; i < repeats; i++)
            {
                var clock = Stopwatch.StartNew();
                run();
                times[i] = clock.Elapsed.TotalMilliseconds;
            }
            Array.Sort(times);
            return repeats % 2 == 1 ? times[repeats / 2] : (times[repeats / 2 - 1] + times[repeats / 2]) / 2;
        }
    }
}
