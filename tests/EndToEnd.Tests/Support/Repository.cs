namespace DataBroker.EndToEnd.Tests.Support;

/// <summary>Finds the built service assemblies of this checkout, in the configuration the tests were built in.</summary>
internal static class Repository
{
    public static string Root { get; } = FindRoot();

    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    public static string Assembly(string project, string assembly)
    {
        var path = Path.Combine(Root, "services", project, "bin", Configuration, "net10.0", assembly + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is not built; run dotnet build at the repository root.", path);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "DataBroker.slnx")))
                return dir.FullName;
        }
        throw new InvalidOperationException("DataBroker.slnx not found above " + AppContext.BaseDirectory);
    }
}
