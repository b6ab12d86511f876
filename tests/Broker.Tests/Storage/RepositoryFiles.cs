namespace DataBroker.Broker.Tests.Storage;

/// <summary>Paths of files the repository ships (deploy/...), for tests that check or run them.</summary>
internal static class RepositoryFiles
{
    private static readonly Lazy<string> Root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DataBroker.slnx")))
                return dir.FullName;
        }
        throw new InvalidOperationException("DataBroker.slnx not found above the test's folder.");
    });

    public static string PathOf(params string[] parts) => Path.Combine([Root.Value, .. parts]);
}
