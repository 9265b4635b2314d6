using System;
using System.Diagnostics;
using System.Globalization;
using System.IO;

namespace MnistCompare.ConsoleUi
{
    /// <summary>
    /// A one-line live progress bar for a training run (epoch, batch, running loss), redrawn in place
    /// with '\r'. When output is redirected (a log file, CI) redrawing would only add noise, so then
    /// just the per-epoch lines are written.
    /// </summary>
    public sealed class ProgressBar
    {
        private const int BarWidth = 24;
        private static readonly TimeSpan RedrawInterval = TimeSpan.FromMilliseconds(100);

        private readonly TextWriter _out;
        private readonly bool _interactive;
        private readonly string _label;
        private readonly Stopwatch _sinceRedraw = Stopwatch.StartNew();
        private int _lastLength;

        public ProgressBar(TextWriter output, bool interactive, string label)
        {
            _out = output;
            _interactive = interactive;
            _label = label;
        }

        /// <summary>Redraws the bar, at most ten times a second except for the last batch of an epoch.</summary>
        public void Update(int epoch, int epochs, int batch, int batches, double runningLoss)
        {
            if (!_interactive) return;
            if (batch < batches && _sinceRedraw.Elapsed < RedrawInterval) return;
            _sinceRedraw.Restart();
            int filled = batches == 0 ? BarWidth : (int)((long)BarWidth * batch / batches);
            string line = string.Format(CultureInfo.InvariantCulture, "{0} epoch {1}/{2} [{3}{4}] {5}/{6} loss {7:F4}",
                _label, epoch, epochs, new string('#', filled), new string('.', BarWidth - filled), batch, batches, runningLoss);
            Draw(line);
        }

        /// <summary>Replaces the bar with a permanent line (an epoch's results).</summary>
        public void WriteLine(string text)
        {
            if (_interactive) Draw(text);
            _out.WriteLine(_interactive ? "" : text);
            _lastLength = 0;
        }

        private void Draw(string line)
        {
            // Pad with spaces so a shorter line fully covers the previous one.
            _out.Write("\r" + line.PadRight(_lastLength));
            _out.Flush();
            _lastLength = line.Length;
        }
    }
}
