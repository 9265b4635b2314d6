using System.IO;

namespace MnistCompare.Reporting
{
    /// <summary>
    /// Writes the results directory: metrics.json, metrics.csv, report.md and the SVG plots, each atomically.
    /// Called after every run, so an interrupted comparison still leaves consistent files for the runs done.
    /// </summary>
    public static class ResultsWriter
    {
        public const string JsonFile = "metrics.json";
        public const string CsvFile = "metrics.csv";
        public const string ReportFile = "report.md";

        public static void Write(string directory, ExperimentResult result)
        {
            Directory.CreateDirectory(directory);
            var plots = PlotSet.Build(result);
            foreach (var plot in plots)
                AtomicFile.WriteAllText(Path.Combine(directory, plot.FileName), plot.Svg);
            AtomicFile.WriteAllText(Path.Combine(directory, JsonFile), MetricsJson.Serialize(result));
            AtomicFile.WriteAllText(Path.Combine(directory, CsvFile), MetricsCsv.Serialize(result));
            // The report is written last: it links the plots, which therefore already exist.
            AtomicFile.WriteAllText(Path.Combine(directory, ReportFile), MarkdownReport.Build(result, plots));
        }
    }
}
