using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace DataBroker.Cli.Output;

/// <summary>
/// The one way out of the CLI: standard output and standard error both go through it, so no view, error line or
/// future command can print a character that steers the terminal. Justifications, notes, reasons and error details
/// come from other people; printed raw, an ESC or OSC sequence could rewrite the screen, set the title or a
/// clipboard, and a bidirectional override (U+202E) could make "txt.exe" read as "exe.txt" to an approver.
/// </summary>
/// <remarks>
/// Every control character (C0 but newline and tab, DEL, C1), every invisible format character (the bidi embeddings,
/// overrides, isolates and marks among them), the line and paragraph separators and any unpaired surrogate is written
/// as a visible <c>\uXXXX</c> escape, one per UTF-16 unit. That form is also a JSON string escape, so --json output
/// stays valid JSON with the same meaning. Zero-width joiner and non-joiner are kept: Bengali script needs them,
/// and they steer nothing. Zero-width space and word joiner are kept too: they steer nothing either, and with the
/// non-joiner they are the release watermark the broker writes into fetched records, which must reach the
/// officer's screen and clipboard intact for a leaked copy to name its release (docs/oversight.md).
/// </remarks>
internal sealed class TerminalSafeWriter(TextWriter inner) : TextWriter(inner.FormatProvider)
{
    private const char ZeroWidthNonJoiner = '\u200C';
    private const char ZeroWidthJoiner = '\u200D';
    private const char ZeroWidthSpace = '\u200B';
    private const char WordJoiner = '\u2060';

    // A high surrogate that ended one write, waiting for the low half the next write may bring.
    private char? _pendingHigh;

    public override Encoding Encoding => inner.Encoding;

    [AllowNull]
    public override string NewLine
    {
        get => inner.NewLine;
        set => inner.NewLine = value;
    }

    /// <summary>Whether <paramref name="rune"/> is printed as an escape rather than as itself.</summary>
    public static bool IsNeutralised(Rune rune)
    {
        if (rune.Value is '\n' or '\t' or ZeroWidthNonJoiner or ZeroWidthJoiner or ZeroWidthSpace or WordJoiner)
            return false;
        return Rune.GetUnicodeCategory(rune) is UnicodeCategory.Control or UnicodeCategory.Format
            or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator;
    }

    /// <summary><paramref name="text"/> as this writer would print it.</summary>
    public static string Neutralise(string text)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        using (var safe = new TerminalSafeWriter(writer))
            safe.Write(text);
        return writer.ToString();
    }

    public override void Write(char value) => Emit([value]);

    public override void Write(char[] buffer, int index, int count) => Emit(buffer.AsSpan(index, count));

    public override void Write(ReadOnlySpan<char> buffer) => Emit(buffer);

    public override void Write(string? value) => Emit(value);

    public override void WriteLine()
    {
        FlushPendingHigh();
        inner.WriteLine();
    }

    public override void WriteLine(char value)
    {
        Write(value);
        WriteLine();
    }

    public override void WriteLine(char[] buffer, int index, int count)
    {
        Write(buffer, index, count);
        WriteLine();
    }

    public override void WriteLine(ReadOnlySpan<char> buffer)
    {
        Write(buffer);
        WriteLine();
    }

    public override void WriteLine(string? value)
    {
        Write(value);
        WriteLine();
    }

    // The async forms write synchronously: a CLI has nothing else to do meanwhile, and one path keeps the order.
    public override Task WriteAsync(char value) => Done(() => Write(value));

    public override Task WriteAsync(string? value) => Done(() => Write(value));

    public override Task WriteAsync(char[] buffer, int index, int count) => Done(() => Write(buffer, index, count));

    public override Task WriteAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default) => Done(() => Write(buffer.Span));

    public override Task WriteLineAsync() => Done(WriteLine);

    public override Task WriteLineAsync(char value) => Done(() => WriteLine(value));

    public override Task WriteLineAsync(string? value) => Done(() => WriteLine(value));

    public override Task WriteLineAsync(char[] buffer, int index, int count) => Done(() => WriteLine(buffer, index, count));

    public override Task WriteLineAsync(ReadOnlyMemory<char> buffer, CancellationToken cancellationToken = default) => Done(() => WriteLine(buffer.Span));

    public override void Flush()
    {
        FlushPendingHigh();
        inner.Flush();
    }

    public override Task FlushAsync() => Done(Flush);

    public override Task FlushAsync(CancellationToken cancellationToken) => Done(Flush);

    // The inner writer (the console, a test's StringWriter) belongs to whoever made it: flush, never close.
    protected override void Dispose(bool disposing)
    {
        if (disposing)
            Flush();
        base.Dispose(disposing);
    }

    private void Emit(ReadOnlySpan<char> text)
    {
        if (text.IsEmpty)
            return;
        if (_pendingHigh is { } high)
        {
            _pendingHigh = null;
            if (char.IsLowSurrogate(text[0]))
            {
                EmitRune(new Rune(high, text[0]), [high, text[0]]);
                text = text[1..];
            }
            else
            {
                Escape(high);
            }
        }

        var safeFrom = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 == text.Length)
            {
                inner.Write(text[safeFrom..i]);
                _pendingHigh = c;
                return;
            }
            var decoded = Rune.DecodeFromUtf16(text[i..], out var rune, out var length);
            if (decoded == OperationStatus.Done && !IsNeutralised(rune))
            {
                i += length;
                continue;
            }
            inner.Write(text[safeFrom..i]);
            // An unpaired surrogate decodes as invalid, one unit long: escaped like any other unprintable unit.
            var units = decoded == OperationStatus.Done ? length : 1;
            foreach (var unit in text.Slice(i, units))
                Escape(unit);
            i += units;
            safeFrom = i;
        }
        inner.Write(text[safeFrom..]);
    }

    private void EmitRune(Rune rune, ReadOnlySpan<char> units)
    {
        if (!IsNeutralised(rune))
        {
            inner.Write(units);
            return;
        }
        foreach (var unit in units)
            Escape(unit);
    }

    private void FlushPendingHigh()
    {
        if (_pendingHigh is { } high)
        {
            _pendingHigh = null;
            Escape(high);
        }
    }

    private static Task Done(Action write)
    {
        write();
        return Task.CompletedTask;
    }

    private void Escape(char unit) => inner.Write(string.Create(CultureInfo.InvariantCulture, $"\\u{(int)unit:X4}"));
}
