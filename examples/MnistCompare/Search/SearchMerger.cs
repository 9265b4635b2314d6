using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using MnistCompare.Sharding;

namespace MnistCompare.Search
{
    /// <summary>
    /// The report of a search from its unit result files alone (merge): the options come from the files'
    /// search identity, and the search is replayed with every training's result read instead of trained,
    /// which gives exactly the result of the run that produced them. Refuses directories holding results of
    /// different searches, or missing a training the replay needs.
    /// </summary>
    public static class SearchMerger
    {
        /// <summary>True when the first result file found under the directories' runs/ folders is a search unit's.</summary>
        public static bool HoldsSearchResults(IReadOnlyList<string> directories)
        {
            string first = UnitFiles(directories).FirstOrDefault();
            return first != null && SearchUnitFile.IsSearchUnit(first);
        }

        public static SearchResult Merge(IReadOnlyList<string> directories)
        {
            var files = UnitFiles(directories).ToList();
            if (files.Count == 0) throw new ShardMismatchException("the directories hold no search results");
            string identity = null, identityPath = null;
            foreach (string path in files)
            {
                SearchUnitFile.Entry entry;
                try
                {
                    entry = SearchUnitFile.Read(path);
                }
                catch (FormatException e)
                {
                    throw new ShardMismatchException(e.Message);
                }
                if (identity == null)
                {
                    identity = entry.Identity;
                    identityPath = path;
                }
                else if (entry.Identity != identity)
                    throw new ShardMismatchException(
                        $"{path} and {identityPath} are results of different searches ({SearchUnitRunner.FirstDifference(identity, entry.Identity)}); merge only the shards of one search");
            }
            SearchOptions options;
            try
            {
                using var doc = JsonDocument.Parse(identity);
                options = SearchOptions.FromIdentity(doc.RootElement);
            }
            catch (Exception e) when (e is JsonException || e is KeyNotFoundException || e is InvalidOperationException || e is FormatException)
            {
                throw new ShardMismatchException($"{identityPath} does not hold a search's options: {e.Message}");
            }
            options.OutputDirectory = directories[0];
            var runner = new SearchUnitRunner(directories, identity, shard: null, claims: null, train: null, TextWriter.Null);
            return new ActivationSearch(options, TextWriter.Null).Run(runner);
        }

        private static IEnumerable<string> UnitFiles(IReadOnlyList<string> directories)
        {
            foreach (string directory in directories)
            {
                if (!Directory.Exists(directory))
                    throw new ShardMismatchException($"{directory} is not a directory");
                foreach (string path in UnitFile.ResultFiles(directory))
                    yield return path;
            }
        }
    }
}
