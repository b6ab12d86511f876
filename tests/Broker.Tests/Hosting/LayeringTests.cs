using DataBroker.Broker.Tests.Storage;

namespace DataBroker.Broker.Tests.Hosting;

/// <summary>Arrows point down: the broker's adapters (storage, the records client, telemetry) import nothing from the layers above them.</summary>
public sealed class LayeringTests
{
    [Theory]
    [InlineData("Storage")]
    [InlineData("Records")]
    [InlineData("Telemetry")]
    public void An_adapter_imports_nothing_from_the_api_the_hosting_or_the_hosts_oversight(string adapter)
    {
        var files = Directory.GetFiles(RepositoryFiles.PathOf("services", "Broker", adapter), "*.cs", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        var upward = files
            .SelectMany(file => File.ReadLines(file).Select(line => (File: Path.GetFileName(file), Line: line.Trim())))
            .Where(l => l.Line.StartsWith("using DataBroker.Broker.", StringComparison.Ordinal)
                && (l.Line.Contains(".Api", StringComparison.Ordinal) || l.Line.Contains(".Hosting", StringComparison.Ordinal)
                    || l.Line.StartsWith("using DataBroker.Broker.Oversight", StringComparison.Ordinal)))
            .Select(l => l.File + ": " + l.Line);
        Assert.Empty(upward);
    }
}
