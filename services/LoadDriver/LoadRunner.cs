using System.Collections.Concurrent;
using System.Diagnostics;
using DataBroker.LoadDriver.Scenarios;
using Grpc.Core;

namespace DataBroker.LoadDriver;

/// <summary>
/// Runs a scenario closed-loop (N workers, each making its next call when the last one answers) or
/// open-loop (calls started at a fixed rate whatever the answers, latency counted from the scheduled
/// start so a stall is not hidden). Every answer is checked.
/// </summary>
internal sealed class LoadRunner(LoadScenario scenario)
{
    /// <summary>Open loop: at most this many calls in flight; a call that would exceed it is counted as not sent.</summary>
    public int MaxInFlight { get; init; } = 20_000;

    public async Task<RunResult> ClosedAsync(int concurrency, TimeSpan duration, TimeSpan warmup, long? total = null)
    {
        if (warmup > TimeSpan.Zero)
            await ClosedOnceAsync(concurrency, warmup, null, new Tally());
        var tally = new Tally();
        var elapsed = await ClosedOnceAsync(concurrency, duration, total, tally);
        return tally.Result(scenario.Name, "closed", concurrency, 0, elapsed, 0);
    }

    public async Task<RunResult> OpenAsync(double rate, TimeSpan duration, TimeSpan warmup)
    {
        if (warmup > TimeSpan.Zero)
            await OpenOnceAsync(rate, warmup, new Tally());
        var tally = new Tally();
        var (elapsed, notSent) = await OpenOnceAsync(rate, duration, tally);
        return tally.Result(scenario.Name, "open", 0, rate, elapsed, notSent);
    }

    private async Task<TimeSpan> ClosedOnceAsync(int concurrency, TimeSpan duration, long? total, Tally tally)
    {
        using var stop = new CancellationTokenSource(duration);
        long next = 0;
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var n = Interlocked.Increment(ref next);
                if (total is { } limit && n > limit)
                    return;
                var started = Stopwatch.GetTimestamp();
                await CallAsync(n, started, tally);
            }
        }));
        await Task.WhenAll(workers);
        return clock.Elapsed;
    }

    private async Task<(TimeSpan Elapsed, long NotSent)> OpenOnceAsync(double rate, TimeSpan duration, Tally tally)
    {
        var inFlight = new ConcurrentDictionary<long, Task>();
        long notSent = 0, issued = 0, active = 0;
        var start = Stopwatch.GetTimestamp();
        var end = start + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        var ticksPerCall = Stopwatch.Frequency / rate;
        // A dedicated thread keeps the schedule even while the thread pool is saturated.
        var pacer = new Thread(() =>
        {
            while (true)
            {
                var now = Stopwatch.GetTimestamp();
                if (now >= end)
                    return;
                var due = (long)((now - start) / ticksPerCall);
                for (; issued < due; issued++)
                {
                    var scheduled = start + (long)(issued * ticksPerCall);
                    if (Interlocked.Read(ref active) >= MaxInFlight)
                    {
                        notSent++;
                        continue;
                    }
                    Interlocked.Increment(ref active);
                    var n = issued;
                    var call = CallAsync(n, scheduled, tally).ContinueWith(_ =>
                    {
                        Interlocked.Decrement(ref active);
                        inFlight.TryRemove(n, out var _);
                    }, TaskScheduler.Default);
                    inFlight[n] = call;
                }
                Thread.Sleep(1);
            }
        }) { IsBackground = true, Name = "load-pacer" };
        pacer.Start();
        await Task.Run(pacer.Join);
        await Task.WhenAll(inFlight.Values.ToArray());
        return (Stopwatch.GetElapsedTime(start), notSent);
    }

    private async Task CallAsync(long n, long startedTimestamp, Tally tally)
    {
        try
        {
            await scenario.CallAsync(n, CancellationToken.None);
            tally.Latency.Record((long)Stopwatch.GetElapsedTime(startedTimestamp).TotalMicroseconds);
            Interlocked.Increment(ref tally.Ok);
        }
        catch (RpcException e)
        {
            tally.Errors.AddOrUpdate(e.StatusCode.ToString(), 1, (_, c) => c + 1);
        }
        catch (WrongAnswerException e)
        {
            Interlocked.Increment(ref tally.WrongAnswers);
            tally.LastWrongAnswer = e.Message;
        }
        catch (HttpRequestException)
        {
            tally.Errors.AddOrUpdate("Transport", 1, (_, c) => c + 1);
        }
    }

    private sealed class Tally
    {
        public readonly LatencyHistogram Latency = new();
        public readonly ConcurrentDictionary<string, long> Errors = new();
        public long Ok;
        public long WrongAnswers;
        public string? LastWrongAnswer;

        public RunResult Result(string name, string mode, int concurrency, double rate, TimeSpan elapsed, long notSent)
        {
            if (LastWrongAnswer is not null)
                Console.Error.WriteLine($"{name}: wrong answers, e.g. not: {LastWrongAnswer}");
            return new RunResult(name, mode, concurrency, rate, elapsed.TotalSeconds, Ok,
                new SortedDictionary<string, long>(Errors, StringComparer.Ordinal), WrongAnswers, notSent,
                Ok / elapsed.TotalSeconds, Latency.QuantileMs(0.50), Latency.QuantileMs(0.90), Latency.QuantileMs(0.99), Latency.QuantileMs(0.999));
        }
    }
}
