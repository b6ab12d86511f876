using System.Globalization;

namespace DataBroker.WebConsole.Display;

/// <summary>
/// A bar chart drawn as SVG on the server (no script, no inline style: colours come from the stylesheet by
/// series class). Bars stack when there are several series. Every label passes through Razor's encoding.
/// </summary>
public sealed record BarChart(string Id, string Title, string Description, IReadOnlyList<string> Categories, IReadOnlyList<BarSeries> Series)
{
    public const int Width = 720;
    public const int Height = 240;
    public const int Left = 44;
    public const int Bottom = 40;
    public const int Top = 12;

    public const int Palette = 6;

    /// <summary>The tallest (stacked) bar; computed once, as every bar is scaled by it.</summary>
    public long Max { get; } = Categories.Count == 0 ? 0 : Enumerable.Range(0, Categories.Count).Max(i => Series.Sum(s => s.Values[i]));

    /// <summary>A round scale top at or above the tallest bar, so the axis reads in whole steps.</summary>
    public long ScaleTop => RoundUp(Math.Max(Max, 1));

    private static long RoundUp(long max)
    {
        var step = (long)Math.Pow(10, Math.Floor(Math.Log10(max)));
        return (max + step - 1) / step * step;
    }

    public double BandWidth => Categories.Count == 0 ? 0 : (Width - Left - 8.0) / Categories.Count;

    public double BarWidth => Math.Max(1, BandWidth * 0.7);

    public double X(int category) => Left + category * BandWidth + (BandWidth - BarWidth) / 2;

    /// <summary>Pixels for a count on the value axis.</summary>
    public double Scale(long value) => (Height - Bottom - Top) * (double)value / ScaleTop;

    /// <summary>Where the bar of a series starts (its bottom edge) in a category, counting up from the axis.</summary>
    public long Below(int series, int category) => Series.Take(series).Sum(s => s.Values[category]);

    /// <summary>Labels every category when they fit, else every nth, so the axis never turns into a smear.</summary>
    public bool Labelled(int category) => category % Math.Max(1, (int)Math.Ceiling(Categories.Count / 12.0)) == 0;

    public static string Number(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    public bool IsEmpty => Max == 0;
}
