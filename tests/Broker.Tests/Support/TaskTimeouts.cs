using System.Diagnostics;

namespace DataBroker.Broker.Tests.Support;

/// <summary>Bounds every await in a test, so a hang fails the test instead of the run (as grpc-dotnet's tests do).</summary>
internal static class TaskTimeouts
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(15);

    public static Task DefaultTimeout(this Task task) => Debugger.IsAttached ? task : task.WaitAsync(Default);

    public static Task<T> DefaultTimeout<T>(this Task<T> task) => Debugger.IsAttached ? task : task.WaitAsync(Default);

    public static Task<T> DefaultTimeout<T>(this ValueTask<T> task) => task.AsTask().DefaultTimeout();

    public static Task DefaultTimeout(this ValueTask task) => task.AsTask().DefaultTimeout();
}
