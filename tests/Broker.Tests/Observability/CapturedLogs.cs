using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace DataBroker.Broker.Tests.Observability;

/// <summary>Every log line a service writes, with its structured values and any exception, as text to search.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    public ConcurrentQueue<string> Lines { get; } = new();

    /// <summary>The lines logged at Error or Critical (a line starts with the category, then the level).</summary>
    public IEnumerable<string> ErrorLines => Lines.Where(line => line.Split(' ', 3) is [_, "Error" or "Critical", ..]);

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose()
    {
    }

    private sealed class Logger(CapturedLogs sink, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(" ", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            sink.Lines.Enqueue($"{category} {logLevel} {formatter(state, exception)} {values} {exception}");
        }
    }
}
