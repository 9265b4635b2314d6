using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Threading;
using MnistCompare.Reporting;
using MnistCompare.Sharding;
using TorchActivations;
using static TorchSharp.torch;

namespace MnistCompare.Search
{
    /// <summary>
    /// Writes a search's results, each file atomically: leaderboard.json, leaderboard.csv, report.md and
    /// plots of the winners and their derivatives (at initial β = 1, next to Swish). Nothing but the
    /// report's duration line depends on timing, so the same seed gives the same files.
    /// </summary>
    public static class SearchReport
    {
        public const string JsonFile = "leaderboard.json", CsvFile = "leaderboard.csv", ReportFile = "report.md";
        public const string FunctionsPlot = "top_functions.svg", DerivativesPlot = "top_derivatives.svg";

        private static string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        private static string Pct(double v) => (100 * v).ToString("F2", CultureInfo.InvariantCulture) + "%";

        /// <summary>The name under which processes sharing a directory claim the writing of its report.</summary>
        public const string ReportClaim = "report";

        /// <summary>Writes every file; leaderboard.json last, so once it is there the report is complete.</summary>
        public static void Write(string directory, SearchResult result)
        {
            Directory.CreateDirectory(directory);
            AtomicFile.WriteAllText(Path.Combine(directory, CsvFile), Csv(result));
            var (functions, derivatives) = Plots(result);
            AtomicFile.WriteAllText(Path.Combine(directory, FunctionsPlot), functions);
            AtomicFile.WriteAllText(Path.Combine(directory, DerivativesPlot), derivatives);
            AtomicFile.WriteAllText(Path.Combine(directory, ReportFile), Markdown(result));
            AtomicFile.WriteAllText(Path.Combine(directory, JsonFile), Json(result));
        }

        /// <summary>
        /// Writes the report of a search whose processes share <paramref name="directory"/>, unless it is there
        /// already: the first process to claim it writes it (<see cref="Write"/>), the others wait until its
        /// leaderboard.json is there with exactly the content they would write, and take the writing over if
        /// the writer's claim goes stale. Returns true when this process wrote it.
        /// </summary>
        public static bool WriteOnce(string directory, SearchResult result, WorkClaims claims)
        {
            string json = Json(result);
            while (true)
            {
                if (IsWritten(directory, json)) return false;
                using (var claim = claims.TryClaim(ReportClaim))
                {
                    if (claim != null)
                    {
                        if (IsWritten(directory, json)) return false;
                        Write(directory, result);
                        return true;
                    }
                }
                Thread.Sleep(100);
            }
        }

        /// <summary>True when the directory holds this result's leaderboard.json, the last file <see cref="Write"/> writes.</summary>
        public static bool IsWritten(string directory, SearchResult result) => IsWritten(directory, Json(result));

        private static bool IsWritten(string directory, string json)
        {
            string path = Path.Combine(directory, JsonFile);
            try
            {
                return File.Exists(path) && File.ReadAllText(path) == json;
            }
            catch (FileNotFoundException)
            {
                return false;
            }
        }

        /// <summary>The one-line verdict: did the best candidate beat Swish on mean test accuracy?</summary>
        public static string Verdict(SearchResult result)
        {
            var swish = result.Baselines.First(b => b.Spec == "swish");
            if (result.Leaderboard.Count == 0) return "No candidate passed the check, so nothing beat Swish.";
            var best = result.Leaderboard[0];
            double gap = best.Mean - swish.Mean;
            if (gap <= 0)
                return $"Nothing beat Swish: the best candidate, {best.Name}, reached {Pct(best.Mean)} against Swish's {Pct(swish.Mean)}.";
            double noise = Math.Max(best.Std, swish.Std);
            string caveat = gap <= noise ? $", within the seed-to-seed spread ({Pct(noise)}), so not a clear win" : "";
            return $"{best.Name} beat Swish by {Pct(gap)} ({Pct(best.Mean)} against {Pct(swish.Mean)}) on this small setup{caveat}.";
        }

        private static string Json(SearchResult r)
        {
            var o = r.Options;
            using var stream = new MemoryStream();
            using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
            {
                w.WriteStartObject();
                w.WriteStartObject("config");
                w.WriteString("strategy", o.Strategy.ToString().ToLowerInvariant());
                w.WriteNumber("seed", o.Seed);
                w.WriteNumber("budget", o.Budget);
                if (o.Strategy == SearchStrategy.Evolution)
                {
                    w.WriteNumber("population", o.Population);
                    w.WriteNumber("sample", o.Sample);
                }
                w.WriteNumber("batch", o.Batch);
                w.WriteNumber("train_size", o.TrainSubset);
                w.WriteNumber("validation_size", o.ValidationSubset);
                w.WriteNumber("test_size", o.TestSubset);
                w.WriteStartArray("rung_epochs");
                for (int i = 0; i < o.Rungs; i++) w.WriteNumberValue(o.RungEpochs(i));
                w.WriteEndArray();
                w.WriteNumber("final_epochs", o.FinalEpochs);
                w.WriteString("model", $"mlp 784-{o.Hidden}-10");
                w.WriteNumber("batch_size", o.BatchSize);
                w.WriteNumber("learning_rate", o.LearningRate);
                w.WriteNumber("threads", o.Threads);
                w.WriteEndObject();
                w.WriteNumber("proposed", r.Proposed);
                w.WriteNumber("rejected_by_check", r.Rejected);
                w.WriteNumber("same_function_as_earlier", r.SameFunction);
                w.WriteNumber("trained", r.Candidates.Count);
                w.WriteNumber("trainings", r.Trainings);
                w.WriteNumber("failed_in_training", r.FailedInTraining);
                w.WriteStartArray("leaderboard");
                foreach (var e in r.Leaderboard) Entry(w, e);
                w.WriteEndArray();
                w.WriteStartArray("baselines");
                foreach (var e in r.Baselines) Entry(w, e);
                w.WriteEndArray();
                w.WriteString("verdict", Verdict(r));
                w.WriteStartArray("candidates");
                foreach (var c in ActivationSearch.Rank(r.Candidates))
                {
                    w.WriteStartObject();
                    w.WriteString("formula", c.Formula);
                    w.WriteString("choices", c.Description);
                    w.WriteStartArray("rung_scores");
                    foreach (double s in c.RungScores) w.WriteNumberValue(s);
                    w.WriteEndArray();
                    w.WriteNumber("epochs_spent", c.EpochsSpent);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
                w.WriteEndObject();
            }
            return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
        }

        private static void Entry(Utf8JsonWriter w, FinalEntry e)
        {
            w.WriteStartObject();
            w.WriteString("name", e.Name);
            if (e.Candidate != null) w.WriteString("formula", e.Candidate.Formula);
            w.WriteString("spec", e.Spec);
            w.WriteNumber("score", e.Mean);
            w.WriteNumber("score_std", e.Std);
            if (e.Candidate != null)
            {
                w.WriteNumber("search_score", e.Candidate.SearchScore);
                w.WriteNumber("epochs_spent", e.Candidate.EpochsSpent);
            }
            w.WriteStartArray("seeds");
            foreach (long s in e.Seeds) w.WriteNumberValue(s);
            w.WriteEndArray();
            w.WriteStartArray("scores");
            foreach (double s in e.Scores) w.WriteNumberValue(s);
            w.WriteEndArray();
            w.WriteEndObject();
        }

        private static string Csv(SearchResult r)
        {
            var sb = new StringBuilder("rank,kind,name,spec,score,score_std,search_score,epochs_spent,seeds,scores\n");
            int rank = 0;
            string Q(string s) => "\"" + s.Replace("\"", "\"\"") + "\"";
            foreach (var e in r.Leaderboard)
                sb.Append(++rank).Append(",candidate,").Append(Q(e.Name)).Append(',').Append(Q(e.Spec)).Append(',').Append(N(e.Mean)).Append(',').Append(N(e.Std))
                  .Append(',').Append(N(e.Candidate.SearchScore)).Append(',').Append(e.Candidate.EpochsSpent)
                  .Append(',').Append(Q(string.Join(";", e.Seeds))).Append(',').Append(Q(string.Join(";", e.Scores.Select(N)))).Append('\n');
            foreach (var e in r.Baselines)
                sb.Append(",baseline,").Append(Q(e.Name)).Append(',').Append(Q(e.Spec)).Append(',').Append(N(e.Mean)).Append(',').Append(N(e.Std))
                  .Append(",,,").Append(Q(string.Join(";", e.Seeds))).Append(',').Append(Q(string.Join(";", e.Scores.Select(N)))).Append('\n');
            return sb.ToString();
        }

        private static string Markdown(SearchResult r)
        {
            var o = r.Options;
            var sb = new StringBuilder();
            sb.AppendLine("# Activation function search");
            sb.AppendLine();
            sb.AppendLine($"**Verdict:** {Verdict(r)}");
            sb.AppendLine();
            sb.AppendLine("## What was searched");
            sb.AppendLine();
            sb.AppendLine($"- Space: Ramachandran, Zoph & Le (2017): a core unit is binary(unary(x), unary(x)) with {SearchSpace.Unary.Count} unary and {SearchSpace.Binary.Count} binary functions; an activation is one core unit or two composed. Each β is a learnable scalar (b1, b2, ..., initialised to 1).");
            sb.AppendLine($"- Strategy: {(o.Strategy == SearchStrategy.Evolution ? $"regularized evolution (population {o.Population}, tournament sample {o.Sample})" : "random sampling")}, seed {o.Seed}; rounds of {o.Batch} proposals, each round proposed from the population as it stood when the round began.");
            sb.AppendLine($"- Budget: {o.Budget} candidate trainings at the first rung; {r.Proposed} proposals, **{r.Rejected} rejected by the acceptance check** (non-finite, overflowing or constant on [-6, 6]), {r.SameFunction} computing the same function as an earlier candidate (same values on [-6, 6] at two settings of β) and counted as it, {r.Candidates.Count} distinct functions trained, {r.FailedInTraining} of all {r.Trainings} trainings diverged or failed.");
            sb.AppendLine($"- Candidate training: MLP 784-{o.Hidden}-10, Adam lr {N(o.LearningRate)}, batch {o.BatchSize}, {o.TrainSubset} MNIST training images, {o.Threads} libtorch thread{(o.Threads == 1 ? "" : "s")}; scored by accuracy on {o.ValidationSubset} held-out training images.");
            sb.AppendLine($"- Successive halving: rungs of {string.Join(", ", Enumerable.Range(0, o.Rungs).Select(o.RungEpochs))} epochs; the better half of each rung goes on.");
            sb.AppendLine($"- Final: the best {o.Top} re-trained for {o.FinalEpochs} epochs with seeds {string.Join(", ", o.Seeds)} next to ReLU, Swish and GELU, scored on {o.TestSubset} test images.");
            sb.AppendLine($"- Duration: {r.TrainingSeconds:F0} s of training over {r.Trainings} trainings, wherever they ran; {r.Seconds:F0} s wall time in the process that wrote this report.");
            sb.AppendLine();
            sb.AppendLine("## Leaderboard");
            sb.AppendLine();
            sb.AppendLine("| Rank | Function | Test accuracy (mean ± std) | Per seed | Search score | Epochs spent in search |");
            sb.AppendLine("|---|---|---|---|---|---|");
            int rank = 0;
            string PerSeed(FinalEntry e) => string.Join(", ", e.Scores.Select(Pct));
            foreach (var e in r.Leaderboard)
                sb.AppendLine($"| {++rank} | `{e.Name}` | {Pct(e.Mean)} ± {Pct(e.Std)} | {PerSeed(e)} | {Pct(e.Candidate.SearchScore)} | {e.Candidate.EpochsSpent} |");
            foreach (var e in r.Baselines)
                sb.AppendLine($"| baseline | {e.Name} (`{e.Spec}`) | {Pct(e.Mean)} ± {Pct(e.Std)} | {PerSeed(e)} | | |");
            sb.AppendLine();
            sb.AppendLine("Use a winner directly with its registry spec (e.g. `--activation` of the comparison, or `ActivationRegistry.Create`):");
            sb.AppendLine();
            foreach (var e in r.Leaderboard)
                sb.AppendLine($"- `{e.Spec}`");
            sb.AppendLine();
            if (r.RejectedExamples.Count > 0)
            {
                sb.AppendLine("Examples of rejected candidates:");
                sb.AppendLine();
                foreach (string reason in r.RejectedExamples) sb.AppendLine($"- {reason}");
                sb.AppendLine();
            }
            sb.AppendLine("## The winners");
            sb.AppendLine();
            sb.AppendLine("At initial values (every β = 1), next to Swish (β = 1).");
            sb.AppendLine();
            sb.AppendLine($"![Functions]({FunctionsPlot})");
            sb.AppendLine();
            sb.AppendLine($"![Derivatives]({DerivativesPlot})");
            sb.AppendLine();
            sb.AppendLine("## Every candidate");
            sb.AppendLine();
            sb.AppendLine("| Formula | Choices | Validation accuracy per rung |");
            sb.AppendLine("|---|---|---|");
            foreach (var c in ActivationSearch.Rank(r.Candidates))
                sb.AppendLine($"| `{c.Formula}` | {c.Description} | {string.Join(" → ", c.RungScores.Select(Pct))} |");
            return sb.ToString();
        }

        private static (string, string) Plots(SearchResult r)
        {
            var functions = new SvgLinePlot { Title = "Best functions (β = 1)", XLabel = "x", YLabel = "f(x)" };
            var derivatives = new SvgLinePlot { Title = "Their derivatives (autograd)", XLabel = "x", YLabel = "f'(x)" };
            var curves = r.Leaderboard.Select(e => (e.Name, e.Candidate.Formula)).Append(("swish", "x * sigmoid(x)"));
            foreach (var (name, formula) in curves)
            {
                var (values, slopes) = Evaluate(formula);
                functions.Series.Add(new PlotSeries(name, values));
                derivatives.Series.Add(new PlotSeries(name, slopes));
            }
            return (functions.Render(), derivatives.Render());
        }

        /// <summary>The formula and its derivative on [-5, 5] (autograd, β = 1); points beyond ±10 are left out of the plot.</summary>
        public static (List<CurvePoint>, List<CurvePoint>) Evaluate(string text)
        {
            const int Points = 201;
            var formula = Formula.Parse(text);
            var values = formula.Parameters.ToDictionary(p => p, p => 1.0, StringComparer.Ordinal);
            using var scope = NewDisposeScope();
            using var grad = enable_grad();
            var x = linspace(-5, 5, Points, dtype: ScalarType.Float64).requires_grad_(true);
            var y = formula.Evaluate(x, values);
            y.sum().backward();
            var xs = x.detach().data<double>().ToArray();
            var ys = y.detach().data<double>().ToArray();
            var ds = x.grad.data<double>().ToArray();
            double Clip(double v) => Math.Abs(v) > 10 ? double.NaN : v;
            return (xs.Select((v, i) => new CurvePoint(v, Clip(ys[i]), 0)).ToList(), xs.Select((v, i) => new CurvePoint(v, Clip(ds[i]), 0)).ToList());
        }
    }
}
