using System.Text;

namespace DataBroker.Cli.Output;

/// <summary>Columns padded to their widest cell, two spaces apart; the last column is not padded.</summary>
internal sealed class TextTable
{
    private const string Gap = "  ";
    private readonly List<string[]> _rows = [];
    private readonly int _columns;

    /// <summary>A table whose first row is <paramref name="headers"/>.</summary>
    public TextTable(params string[] headers)
    {
        _columns = headers.Length;
        _rows.Add(headers);
    }

    /// <summary>A table without a header row, e.g. for "label  value" blocks.</summary>
    public static TextTable WithoutHeader(int columns) => new(columns);

    private TextTable(int columns) => _columns = columns;

    public int RowCount => _rows.Count;

    public TextTable AddRow(params string?[] cells)
    {
        if (cells.Length != _columns)
            throw new ArgumentException($"Expected {_columns} cells, got {cells.Length}.", nameof(cells));
        _rows.Add([.. cells.Select(c => Flatten(c ?? ""))]);
        return this;
    }

    public void WriteTo(TextWriter writer)
    {
        var widths = new int[_columns];
        foreach (var row in _rows)
        {
            for (var i = 0; i < _columns; i++)
                widths[i] = Math.Max(widths[i], row[i].Length);
        }

        var line = new StringBuilder();
        foreach (var row in _rows)
        {
            line.Clear();
            for (var i = 0; i < _columns; i++)
            {
                if (i > 0)
                    line.Append(Gap);
                line.Append(i == _columns - 1 ? row[i] : row[i].PadRight(widths[i]));
            }
            writer.WriteLine(line.ToString().TrimEnd());
        }
    }

    public override string ToString()
    {
        using var writer = new StringWriter();
        WriteTo(writer);
        return writer.ToString();
    }

    // A newline inside a cell would break every column after it; a control character is escaped here already (the
    // writer would do it anyway) so that the widths count what is printed and the columns stay aligned.
    private static string Flatten(string cell) => TerminalSafeWriter.Neutralise(DisplayText.OneLine(cell));
}
