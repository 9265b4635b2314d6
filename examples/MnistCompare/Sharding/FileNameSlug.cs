using System.Text;

namespace MnistCompare.Sharding
{
    /// <summary>Activation specs as parts of unit file names.</summary>
    public static class FileNameSlug
    {
        /// <summary>
        /// The spec with everything but letters, digits, '.' and '-' replaced by '_', so it is safe in a file
        /// name; at most <paramref name="maxLength"/> characters of it.
        /// </summary>
        public static string Of(string spec, int maxLength = int.MaxValue)
        {
            var s = new StringBuilder(System.Math.Min(spec.Length, maxLength));
            foreach (char c in spec)
            {
                if (s.Length == maxLength) break;
                s.Append(c < 128 && (char.IsLetterOrDigit(c) || c == '.' || c == '-') ? c : '_');
            }
            return s.ToString();
        }
    }
}
