using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;
using DataBroker.Broker.Domain.Oversight;
using DataBroker.Broker.Domain.Ports;
using DataBroker.Broker.Domain.Workflow;

namespace DataBroker.Broker.Oversight;

/// <summary>
/// Makes the first alert after a start as fast as the hundredth. Measured cold, a fresh broker spent over a
/// second on its first calls, nearly all of it compiling code on first use; and the oversight store (with its
/// alert and suspension subscriptions) was built only by the first call that needed it. At start, before
/// traffic: build every oversight collaborator (so the broker listens for alerts and suspensions from the
/// outset), read the suspension book and the recent alerts once (the store's read paths), and compile the
/// broker's own methods ahead of their first call.
/// </summary>
public sealed partial class AlertPathWarmup(IServiceProvider services, ILogger<AlertPathWarmup> logger) : IHostedService
{
    private static readonly TimeSpan StoreWait = TimeSpan.FromSeconds(2);

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        services.GetRequiredService<IAlertStore>();
        services.GetRequiredService<ISuspensionRegistry>();
        services.GetRequiredService<AlertDesk>();
        services.GetRequiredService<IRequestGate>();
        services.GetRequiredService<RequestWorkflow>();
        // Bounded: a store that accepts but never answers must not hold the start up.
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(StoreWait);
        try
        {
            await services.GetRequiredService<SuspensionCache>().StatusAsync("warmup", null, bounded.Token);
            await services.GetRequiredService<IAlertStore>().RecentAsync(1, bounded.Token);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            // A store that is not up yet is no reason not to start: calls fail closed until it is.
            LogStoreNotReady(logger, e.GetType().Name);
        }
        var compiled = Compile(typeof(AlertPathWarmup).Assembly, typeof(RequestWorkflow).Assembly);
        LogWarm(logger, compiled, clock.ElapsedMilliseconds);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Compiles every concrete, non-generic method of the assemblies, async state machines' included.</summary>
    private static int Compile(params Assembly[] assemblies)
    {
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var compiled = 0;
        foreach (var type in assemblies.SelectMany(a => a.GetTypes()).Where(t => !t.ContainsGenericParameters))
        {
            foreach (var method in type.GetMethods(all).Where(m => !m.IsAbstract && !m.ContainsGenericParameters && m.GetMethodBody() is not null))
            {
                try
                {
                    RuntimeHelpers.PrepareMethod(method.MethodHandle);
                    compiled++;
                }
                catch (Exception e) when (e is ArgumentException or NotSupportedException or TypeLoadException or BadImageFormatException)
                {
                    // A method the runtime cannot prepare ahead (an unusual signature) compiles on first call, as before.
                }
            }
        }
        return compiled;
    }

    [LoggerMessage(EventId = 43, EventName = "AlertPathWarm", Level = LogLevel.Information,
        Message = "Alert path warm: {Methods} methods compiled ahead, in {Milliseconds} ms")]
    private static partial void LogWarm(ILogger logger, int methods, long milliseconds);

    [LoggerMessage(EventId = 44, EventName = "AlertPathStoreNotReady", Level = LogLevel.Warning,
        Message = "Alert path warm-up could not read the store ({Error}); the first calls will warm it")]
    private static partial void LogStoreNotReady(ILogger logger, string error);
}
