using System.Globalization;
using System.Text;

namespace DataBroker.Broker.Tests.Deploy;

/// <summary>
/// The part of Go's text/template that ghz configs use, applied the way ghz applies it: over the JSON text of the
/// data or metadata, so a quote inside an action arrives escaped (<c>\"</c>) and Go's lexer refuses the backslash.
/// Actions hold one command: a function (printf, index, list, mod, add, newUUID, randomString) or a value, with
/// operands that are call-data fields (.RequestNumber, .WorkerID, .UUID), integers, raw strings in backquotes,
/// or parenthesised commands. Anything else is an error here, as it would be (or would silently misrender) in ghz.
/// </summary>
internal static class GoTemplate
{
    public static string Render(string text, long requestNumber)
    {
        var output = new StringBuilder();
        var at = 0;
        while (true)
        {
            var open = text.IndexOf("{{", at, StringComparison.Ordinal);
            if (open < 0)
                return output.Append(text, at, text.Length - at).ToString();
            output.Append(text, at, open - at);
            var close = CloseOf(text, open + 2);
            var action = text[(open + 2)..close];
            var value = new Parser(action, requestNumber).Action();
            output.Append(Print(value));
            at = close + 2;
        }
    }

    // The end of an action: the first }} outside a raw string.
    private static int CloseOf(string text, int from)
    {
        for (var i = from; i < text.Length - 1; i++)
        {
            if (text[i] == '`')
            {
                var end = text.IndexOf('`', i + 1);
                i = end < 0 ? throw new FormatException("unterminated raw quoted string") : end;
            }
            else if (text[i] == '}' && text[i + 1] == '}')
            {
                return i;
            }
        }
        throw new FormatException("unclosed action");
    }

    private static string Print(object value) => value switch
    {
        string s => s,
        long n => n.ToString(CultureInfo.InvariantCulture),
        List<object> list => "[" + string.Join(' ', list.Select(Print)) + "]",
        _ => throw new FormatException("cannot print " + value),
    };

    private sealed class Parser(string action, long requestNumber)
    {
        private int _at;

        public object Action()
        {
            if (action.StartsWith('-') || action.EndsWith('-'))
                throw new FormatException("trim markers are not used in these configs");
            var value = Command(')');
            SkipSpace();
            return _at == action.Length ? value : throw Unexpected();
        }

        // A function with its operands, or a single operand; ends at the end of the action or at 'end'.
        private object Command(char end)
        {
            SkipSpace();
            if (_at < action.Length && IsIdentifierStart(action[_at]))
            {
                var name = Identifier();
                var operands = new List<object>();
                while (true)
                {
                    SkipSpace();
                    if (_at == action.Length || action[_at] == end)
                        return Call(name, operands);
                    operands.Add(Operand());
                }
            }
            return Operand();
        }

        private object Operand()
        {
            SkipSpace();
            if (_at == action.Length)
                throw new FormatException("missing operand");
            var c = action[_at];
            switch (c)
            {
                case '(':
                    _at++;
                    var inner = Command(')');
                    SkipSpace();
                    if (_at == action.Length || action[_at] != ')')
                        throw new FormatException("unclosed left paren");
                    _at++;
                    return inner;
                case '`':
                    var end = action.IndexOf('`', _at + 1);
                    var raw = action[(_at + 1)..end];
                    _at = end + 1;
                    return raw;
                case '.':
                    _at++;
                    return Field(Identifier());
                case >= '0' and <= '9':
                    var start = _at;
                    while (_at < action.Length && char.IsAsciiDigit(action[_at]))
                        _at++;
                    return long.Parse(action[start.._at], CultureInfo.InvariantCulture);
                default:
                    if (IsIdentifierStart(c))
                        return Call(Identifier(), []);
                    throw Unexpected();
            }
        }

        private object Field(string name) => name switch
        {
            "RequestNumber" => requestNumber,
            "WorkerID" => "g0c0",
            "UUID" => Guid.NewGuid().ToString(),
            "Timestamp" => DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture),
            _ => throw new FormatException($"can't evaluate field {name}"),
        };

        private static object Call(string name, List<object> args) => name switch
        {
            "printf" => Printf(Text(args[0]), args.Skip(1).ToList()),
            "list" => args,
            "index" => ((List<object>)args[0])[checked((int)Number(args[1]))],
            "mod" => Number(args[0]) % Number(args[1]),
            "add" => args.Sum(Number),
            "newUUID" => Guid.NewGuid().ToString(),
            "randomString" => new string('x', (int)Number(args[0])),
            _ => throw new FormatException($"function \"{name}\" not defined"),
        };

        // Go's fmt for the verbs these configs use: %d with an optional zero flag and width, %s and %v.
        private static string Printf(string format, List<object> args)
        {
            var output = new StringBuilder();
            var next = 0;
            for (var i = 0; i < format.Length; i++)
            {
                if (format[i] != '%')
                {
                    output.Append(format[i]);
                    continue;
                }
                i++;
                var zero = i < format.Length && format[i] == '0';
                var widthStart = i;
                while (i < format.Length && char.IsAsciiDigit(format[i]))
                    i++;
                var width = i > widthStart ? int.Parse(format[widthStart..i], CultureInfo.InvariantCulture) : 0;
                var verb = format[i];
                var text = verb switch
                {
                    '%' => "%",
                    'd' => Number(args[next++]).ToString(CultureInfo.InvariantCulture),
                    's' or 'v' => Print(args[next++]),
                    _ => throw new FormatException($"printf verb %{verb} is not used in these configs"),
                };
                output.Append(text.PadLeft(width, zero ? '0' : ' '));
            }
            return output.ToString();
        }

        private static long Number(object value) => value as long? ?? throw new FormatException($"{value} is not an integer");

        private static string Text(object value) => value as string ?? throw new FormatException($"{value} is not a string");

        private string Identifier()
        {
            var start = _at;
            while (_at < action.Length && (char.IsAsciiLetterOrDigit(action[_at]) || action[_at] == '_'))
                _at++;
            return _at > start ? action[start.._at] : throw Unexpected();
        }

        private void SkipSpace()
        {
            while (_at < action.Length && action[_at] == ' ')
                _at++;
        }

        private static bool IsIdentifierStart(char c) => char.IsAsciiLetter(c) || c == '_';

        // Go's own words for a character no operand starts with, e.g. the \ of an escaped quote.
        private FormatException Unexpected() => _at == action.Length
            ? new("unexpected end of action")
            : new($"unexpected \"{(action[_at] == '\\' ? "\\\\" : action[_at].ToString())}\" in operand");
    }
}
