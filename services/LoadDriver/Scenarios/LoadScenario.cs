namespace DataBroker.LoadDriver.Scenarios;

/// <summary>One kind of call the driver repeats. A call either returns a checked answer or throws.</summary>
internal abstract class LoadScenario
{
    public abstract string Name { get; }

    /// <summary>Creates what the calls need (requests to read, pending work), outside the measured time.</summary>
    public virtual Task PrepareAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Makes call number <paramref name="n"/>; throws <see cref="WrongAnswerException"/> when the answer is not the right one.</summary>
    public abstract Task CallAsync(long n, CancellationToken cancellationToken);

    protected static void Check(bool condition, string what)
    {
        if (!condition)
            throw new WrongAnswerException(what);
    }
}
