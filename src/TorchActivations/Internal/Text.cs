using System.Globalization;

namespace TorchActivations.Internal
{
    /// <summary>Culture-independent number formatting for ToString() and error messages.</summary>
    internal static class Text
    {
        /// <summary>Shortest round-trip form of a double, always with '.' as the decimal separator.</summary>
        public static string Num(double value) => value.ToString("R", CultureInfo.InvariantCulture);

        public static string Bool(bool value) => value ? "true" : "false";
    }
}
