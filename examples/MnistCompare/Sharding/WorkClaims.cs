using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading;

namespace MnistCompare.Sharding
{
    /// <summary>
    /// Claims on named pieces of work in a folder that several processes share (DIR/claims/), so that each
    /// piece is done by one of them without any process knowing how many others there are or when they run.
    /// </summary>
    /// <remarks>
    /// A claim is a file, <c>&lt;name&gt;.claim&lt;generation&gt;</c>, created only if absent (an atomic
    /// create-if-absent on local and network file systems alike): of several processes claiming the same
    /// piece, one creates it and the others see it taken. While the work runs, its owner rewrites the file
    /// (a heartbeat) every quarter of the timeout; when the work is done the owner deletes it. A claim whose
    /// content another process has watched stay the same for the timeout (by its own clock, so clocks need
    /// not agree between machines) is stale: its owner stopped or hangs. It is taken over by creating the
    /// next generation's file, again only if absent, so of several processes that find it stale exactly one
    /// takes it. A claim whose owner ran on this machine (same host name and boot) and has exited is stale at
    /// once. Claims only decide who works on what: whatever they decide, the work's published result is
    /// the same, so a piece done twice (by an owner that was only slow, say) wastes time but changes nothing.
    /// </remarks>
    public sealed class WorkClaims
    {
        public const string Folder = "claims";

        private static readonly Regex ClaimName = new Regex(@"^(?<name>.+)\.claim(?<generation>[0-9]+)$", RegexOptions.CultureInvariant);
        private static readonly Encoding Utf8NoBom = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false);

        private readonly string _folder;
        private readonly string _owner;
        private readonly Dictionary<string, (string Content, Stopwatch Since)> _watched = new Dictionary<string, (string, Stopwatch)>(StringComparer.Ordinal);

        /// <param name="directory">The shared directory; claims go to its claims/ folder.</param>
        /// <param name="timeout">How long a claim's heartbeat may stand still before the claim is taken over.</param>
        /// <param name="ownerLabel">Who this process is, for people reading the claim files (e.g. "shard 2/4").</param>
        public WorkClaims(string directory, TimeSpan timeout, string ownerLabel)
        {
            if (timeout <= TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(timeout), "the claim timeout must be positive");
            _folder = Path.Combine(directory, Folder);
            Timeout = timeout;
            int pid = Environment.ProcessId;
            _owner = Owner.Describe(ownerLabel, Environment.MachineName, BootId(), pid, StartMark(pid));
        }

        public TimeSpan Timeout { get; }

        /// <summary>
        /// How often a held claim's file is rewritten: a quarter of the timeout, so one late beat does not make
        /// it stale (at most every 10 minutes).
        /// </summary>
        public TimeSpan HeartbeatInterval => TimeSpan.FromTicks(Math.Min(Timeout.Ticks / 4, TimeSpan.FromMinutes(10).Ticks));

        /// <summary>
        /// Claims <paramref name="name"/> (file-name safe) for this process: a held claim, heartbeating until it
        /// is disposed, or null when another process holds a live claim on it or claimed it first.
        /// </summary>
        public Claim TryClaim(string name)
        {
            Directory.CreateDirectory(_folder);
            var (generation, content) = Newest(name);
            // Deleted between the listing and the read: its work is done or was given up; look again later.
            if (generation > 0 && content == null) return null;
            string stale = null;
            if (generation > 0)
            {
                stale = Staleness(name, generation, content);
                if (stale == null) return null;
            }
            string path = PathFor(name, generation + 1);
            try
            {
                using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
                byte[] bytes = Utf8NoBom.GetBytes(Content(0));
                stream.Write(bytes, 0, bytes.Length);
            }
            catch (IOException) when (File.Exists(path))
            {
                return null;   // another process created it first
            }
            if (stale != null)
            {
                // The stale generations are nobody's any more; the newest claim alone counts.
                for (int g = 1; g <= generation; g++)
                {
                    try
                    {
                        File.Delete(PathFor(name, g));
                    }
                    catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                    {
                    }
                }
            }
            return new Claim(this, name, path, stale == null ? null : $"{Owner.LabelOf(content)}: {stale}");
        }

        /// <summary>
        /// The newest generation of the name's claim and its content: 0 when unclaimed, null content when the
        /// file went between the listing and the read.
        /// </summary>
        private (int Generation, string Content) Newest(string name)
        {
            int newest = 0;
            foreach (string file in Directory.EnumerateFiles(_folder, name + ".claim*"))
            {
                var m = ClaimName.Match(Path.GetFileName(file));
                if (m.Success && m.Groups["name"].Value == name && int.TryParse(m.Groups["generation"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out int g))
                    newest = Math.Max(newest, g);
            }
            return newest == 0 ? (0, null) : (newest, ReadOrNull(PathFor(name, newest)));
        }

        /// <summary>Why the claim is stale, or null while it is live.</summary>
        private string Staleness(string name, int generation, string content)
        {
            string key = name + "#" + generation.ToString(CultureInfo.InvariantCulture);
            if (Owner.HasExitedHere(content, Environment.MachineName, BootId())) return "its process has exited";
            if (!_watched.TryGetValue(key, out var seen) || seen.Content != content)
            {
                _watched[key] = (content, Stopwatch.StartNew());
                return null;
            }
            return seen.Since.Elapsed >= Timeout ? $"no heartbeat for {seen.Since.Elapsed.TotalSeconds:0.#} s" : null;
        }

        private string PathFor(string name, int generation) => Path.Combine(_folder, name + ".claim" + generation.ToString(CultureInfo.InvariantCulture));

        private string Content(long beat) =>
            _owner + "beat " + beat.ToString(CultureInfo.InvariantCulture) + " at " + DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture) + "\n";

        private static string ReadOrNull(string path)
        {
            try
            {
                using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                using var reader = new StreamReader(stream, Utf8NoBom);
                return reader.ReadToEnd();
            }
            catch (Exception e) when (e is FileNotFoundException || e is DirectoryNotFoundException)
            {
                return null;
            }
        }

        private static string s_bootId;

        /// <summary>This kernel's boot id (Linux), so that a process id is compared only within one boot of one machine.</summary>
        private static string BootId()
        {
            if (s_bootId != null) return s_bootId;
            string id = "";
            try
            {
                if (File.Exists("/proc/sys/kernel/random/boot_id")) id = File.ReadAllText("/proc/sys/kernel/random/boot_id").Trim();
            }
            catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
            {
            }
            return s_bootId = id;
        }

        /// <summary>
        /// When the process started, exactly as the kernel counts it (its start time in clock ticks after
        /// boot, from /proc), so that a process id given to a new process is told apart from the old one;
        /// "" without /proc (then claims are never judged by their process), null when no process has the id.
        /// </summary>
        private static string StartMark(int pid)
        {
            string stat = $"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/stat";
            if (!Directory.Exists("/proc/self")) return "";
            try
            {
                // pid (comm) state ppid ... : the start time is the 22nd field, the 20th after the command's ')'.
                string text = File.ReadAllText(stat);
                string[] fields = text.Substring(text.LastIndexOf(')') + 1).Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (fields.Length > 19 && fields[0] == "Z") return null;   // exited, not yet reaped
                return fields.Length > 19 ? fields[19] : "";
            }
            catch (IOException)
            {
                return null;
            }
            catch (UnauthorizedAccessException)
            {
                return "";
            }
        }

        /// <summary>The owner lines at the head of a claim file, and what other processes read from them.</summary>
        private static class Owner
        {
            public static string Describe(string label, string host, string boot, int pid, string started) =>
                $"owner {Clean(label)}\nhost {Clean(host)}\nboot {Clean(boot)}\npid {pid.ToString(CultureInfo.InvariantCulture)}\nstarted {Clean(started)}\n";

            private static string Clean(string s) => (s ?? "").Replace('\n', ' ').Replace('\r', ' ');

            private static string Field(string content, string key)
            {
                foreach (string line in content.Split('\n'))
                    if (line.StartsWith(key + " ", StringComparison.Ordinal)) return line.Substring(key.Length + 1);
                return null;
            }

            public static string LabelOf(string content) => Field(content, "owner") ?? "an unknown process";

            /// <summary>True when the claim's owner ran on this machine, in this boot, and is no longer running.</summary>
            public static bool HasExitedHere(string content, string host, string boot)
            {
                if (boot.Length == 0 || Field(content, "host") != Clean(host) || Field(content, "boot") != boot) return false;
                if (!int.TryParse(Field(content, "pid"), NumberStyles.None, CultureInfo.InvariantCulture, out int pid)) return false;
                string started = Field(content, "started");
                if (started == null) return false;
                // No process with that id, or one that started at another time (the id was given to another since).
                string now = StartMark(pid);
                return now == null || (started.Length > 0 && now.Length > 0 && now != started);
            }
        }

        /// <summary>
        /// A claim this process holds: a thread of its own (not the thread pool, which a busy process may keep
        /// waiting) rewrites its file every heartbeat interval until the claim is disposed, which deletes it.
        /// </summary>
        public sealed class Claim : IDisposable
        {
            private readonly WorkClaims _claims;
            private readonly Thread _heartbeat;
            private readonly ManualResetEventSlim _stop = new ManualResetEventSlim(false);
            private long _beats;
            private bool _released;

            internal Claim(WorkClaims claims, string name, string path, string takenOverFrom)
            {
                _claims = claims;
                Name = name;
                Path = path;
                TakenOverFrom = takenOverFrom;
                _heartbeat = new Thread(() =>
                {
                    while (!_stop.Wait(claims.HeartbeatInterval)) Beat();
                }) { IsBackground = true, Name = "claim heartbeat " + name };
                _heartbeat.Start();
            }

            public string Name { get; }
            public string Path { get; }

            /// <summary>Whose stale claim this one took over and why it was stale, e.g. "shard 2/4: its process has exited"; null for a first claim.</summary>
            public string TakenOverFrom { get; }

            private void Beat()
            {
                try
                {
                    // In place (never re-created: a deleted claim stays deleted), written over the old content and
                    // then cut to length, never truncated first: a reader must never find the file empty.
                    using var stream = new FileStream(Path, FileMode.Open, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
                    byte[] bytes = Utf8NoBom.GetBytes(_claims.Content(++_beats));
                    stream.Write(bytes, 0, bytes.Length);
                    stream.SetLength(bytes.Length);
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                    // A missed beat: the next one may succeed; too many and another process takes the work over,
                    // which costs time but not correctness.
                }
            }

            /// <summary>Stops the heartbeat and deletes the claim file (the work is done, or given up).</summary>
            public void Dispose()
            {
                if (_released) return;
                _released = true;
                _stop.Set();
                _heartbeat.Join();
                _stop.Dispose();
                try
                {
                    File.Delete(Path);
                }
                catch (Exception e) when (e is IOException || e is UnauthorizedAccessException)
                {
                }
            }
        }
    }
}
