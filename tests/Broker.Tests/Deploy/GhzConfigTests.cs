using System.Text.Json;
using Google.Protobuf.Reflection;

namespace DataBroker.Broker.Tests.Deploy;

/// <summary>
/// The ghz configs in deploy/ghz stay true to the compiled contracts: each call names a real method, and
/// every data field (nested ones too) and enum value exists on that method's request message.
/// </summary>
public sealed class GhzConfigTests
{
    private static readonly FileDescriptor[] Contracts =
    [
        DataBroker.Broker.V1.RequestServiceReflection.Descriptor,
        DataBroker.Broker.V1.ApprovalServiceReflection.Descriptor,
        Grpc.Health.V1.HealthReflection.Descriptor,
    ];

    private static readonly string GhzFolder = Path.Combine(RepositoryRoot(), "deploy", "ghz");

    public static TheoryData<string> Configs()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(GhzFolder, "*.json").Where(IsGhzConfig).Order(StringComparer.Ordinal))
            data.Add(Path.GetFileName(file));
        return data;
    }

    [Fact]
    public void Every_hot_rpc_and_the_bare_baseline_has_a_config()
    {
        var calls = Directory.GetFiles(GhzFolder, "*.json").Where(IsGhzConfig)
            .Select(f => JsonDocument.Parse(File.ReadAllText(f)).RootElement.GetProperty("call").GetString())
            .ToHashSet(StringComparer.Ordinal);
        Assert.Superset(new HashSet<string?>(StringComparer.Ordinal)
        {
            "databroker.broker.v1.RequestService.Submit", "databroker.broker.v1.RequestService.Get",
            "databroker.broker.v1.ApprovalService.ListPending", "databroker.broker.v1.ApprovalService.Decide",
            "databroker.broker.v1.RequestService.Fetch", "grpc.health.v1.Health.Check",
        }, calls);
    }

    [Theory]
    [MemberData(nameof(Configs))]
    public void A_config_calls_a_real_method_with_fields_its_request_message_has(string file)
    {
        var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(GhzFolder, file))).RootElement;
        var method = Method(config.GetProperty("call").GetString()!);
        Assert.True(method is not null, $"{file}: no compiled method is called {config.GetProperty("call")}");
        Assert.True(config.GetProperty("insecure").GetBoolean(), $"{file}: the services speak h2c; set insecure");

        var data = config.GetProperty("data");
        foreach (var message in data.ValueKind == JsonValueKind.Array ? data.EnumerateArray().ToArray() : [data])
            CheckFields(file, method!.InputType, message, "");
        if (method!.Service.File.Package.StartsWith("databroker", StringComparison.Ordinal))
        {
            var authorization = config.GetProperty("metadata").GetProperty("authorization").GetString();
            Assert.StartsWith("Bearer ", authorization, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_check_catches_a_misspelt_field()
    {
        var method = Method("databroker.broker.v1.RequestService.Submit")!;
        using var wrong = JsonDocument.Parse("""{ "subject": { "nid_number": "0123456789" } }""");
        Assert.ThrowsAny<Exception>(() => CheckFields("inline", method.InputType, wrong.RootElement, ""));
    }

    private static void CheckFields(string file, MessageDescriptor message, JsonElement data, string path)
    {
        foreach (var property in data.EnumerateObject())
        {
            var field = message.Fields.InDeclarationOrder().FirstOrDefault(f => f.Name == property.Name || f.JsonName == property.Name);
            Assert.True(field is not null, $"{file}: {message.FullName} has no field {path}{property.Name}");
            var values = property.Value.ValueKind == JsonValueKind.Array ? property.Value.EnumerateArray().ToArray() : [property.Value];
            foreach (var value in values)
            {
                if (field!.FieldType == FieldType.Message && value.ValueKind == JsonValueKind.Object)
                    CheckFields(file, field.MessageType, value, path + property.Name + ".");
                else if (field.FieldType == FieldType.Enum && value.ValueKind == JsonValueKind.String)
                    Assert.True(field.EnumType.FindValueByName(value.GetString()!) is not null,
                        $"{file}: {field.EnumType.FullName} has no value {value.GetString()}");
            }
        }
    }

    /// <summary>ghz names a method package.Service.Method (or package.Service/Method).</summary>
    private static MethodDescriptor? Method(string call)
    {
        var cut = call.Contains('/', StringComparison.Ordinal) ? call.LastIndexOf('/') : call.LastIndexOf('.');
        var (service, method) = (call[..cut], call[(cut + 1)..]);
        return Contracts.SelectMany(f => f.Services).FirstOrDefault(s => s.FullName == service)?.FindMethodByName(method);
    }

    private static bool IsGhzConfig(string path) =>
        JsonDocument.Parse(File.ReadAllText(path)).RootElement is { ValueKind: JsonValueKind.Object } root && root.TryGetProperty("call", out _);

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "DataBroker.slnx")))
            dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("DataBroker.slnx not found above the test's folder.");
    }
}
