using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace DataBroker.Broker.Tests.Deploy;

/// <summary>
/// The ghz configs in deploy/ghz stay true to the compiled contracts: each call names a real method, and
/// every data field (nested ones too) and enum value exists on that method's request message. And they render as
/// ghz renders them: run.sh's placeholders filled, then Go's text/template over the JSON text of the data and
/// metadata (where a quote inside an action reads \"), for many request numbers, into messages the method accepts,
/// each request sent with its owner's token.
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

    // What run.sh puts in place of its placeholders, in miniature: 3 officers, 6 requests, request k owned by k mod 3.
    private const int Officers = 3;
    private const int Requests = 6;
    private static readonly string[] OfficerTokens = [.. Enumerable.Range(0, Officers).Select(j => $"officer-token-{j}")];
    private static readonly string[] ApproverTokens = [.. Enumerable.Range(0, Officers).Select(j => $"approver-token-{j}")];

    // Go's json.Marshal, which ghz applies to a config's data and metadata before templating: compact, quotes and
    // backslashes escaped, and <, > and & as \u escapes; backquotes left alone.
    private static readonly JsonSerializerOptions GoJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

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

    [Theory]
    [MemberData(nameof(Configs))]
    public void A_config_renders_as_ghz_renders_it_into_calls_with_the_owners_token(string file)
    {
        var text = File.ReadAllText(Path.Combine(GhzFolder, file));
        // run.sh renders configs through suite.sh's render_ghz, which must fill every placeholder a config uses.
        var runScript = File.ReadAllText(Path.Combine(GhzFolder, "..", "lib", "suite.sh"));
        foreach (var placeholder in new[] { "${OFFICER_TOKENS}", "${APPROVER_TOKENS}", "${OFFICERS}", "${REQUEST_ID}" })
        {
            if (text.Contains(placeholder, StringComparison.Ordinal))
                Assert.Contains(placeholder, runScript, StringComparison.Ordinal);
        }
        var config = Fill(JsonNode.Parse(text)!.AsObject());
        Assert.DoesNotContain("${", config.ToJsonString(), StringComparison.Ordinal);
        var method = Method(config["call"]!.GetValue<string>())!;

        var metadata = config["metadata"] is JsonObject m ? ToGoJson(m) : null;
        string[] data = config["data"] is JsonArray array ? [.. array.Select(e => ToGoJson(e!))] : [ToGoJson(config["data"]!)];
        for (var n = 0L; n < 2 * Requests + 1; n++)
        {
            var message = JsonParser.Default.Parse(GoTemplate.Render(data[n % data.Length], n), method.InputType);
            if (metadata is null)
                continue;
            var headers = JsonSerializer.Deserialize<Dictionary<string, string>>(GoTemplate.Render(metadata, n))!;
            var token = headers["authorization"]["Bearer ".Length..];
            var holder = Array.IndexOf(OfficerTokens, token) is >= 0 and var o ? o : Array.IndexOf(ApproverTokens, token);
            Assert.True(holder >= 0, $"{file}: call {n} carries no prepared token: {headers["authorization"]}");
            // A prepared request is its owner's (or the owner's HQ's) business only: the token must be its owner's.
            if (message.Descriptor.FindFieldByName("request_id") is { } field && field.Accessor.GetValue(message) is string id && id.Length > 0)
                Assert.Equal(int.Parse(id[(id.LastIndexOf('-') + 1)..], System.Globalization.CultureInfo.InvariantCulture) % Officers, holder);
        }
    }

    [Fact]
    public void An_escaped_quote_inside_an_action_is_refused_as_ghz_refuses_it()
    {
        var data = ToGoJson(JsonNode.Parse("""{ "subject": { "nid": "{{printf \"%010d\" .RequestNumber}}" } }""")!);
        var refused = Assert.Throws<FormatException>(() => GoTemplate.Render(data, 7));
        Assert.Equal("unexpected \"\\\\\" in operand", refused.Message);
        Assert.Equal("""{"subject":{"nid":"0000000007"}}""",
            GoTemplate.Render(ToGoJson(JsonNode.Parse("""{ "subject": { "nid": "{{printf `%010d` .RequestNumber}}" } }""")!), 7));
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

    /// <summary>The config as run.sh renders it, with this test's tokens and request ids (ATU.load-K, owned by officer K mod 3).</summary>
    private static JsonObject Fill(JsonObject config)
    {
        static string Raw(IEnumerable<string> tokens) => string.Join(' ', tokens.Select(t => $"`{t}`"));
        var text = config.ToJsonString()
            .Replace("${OFFICER_TOKENS}", Raw(OfficerTokens), StringComparison.Ordinal)
            .Replace("${APPROVER_TOKENS}", Raw(ApproverTokens), StringComparison.Ordinal)
            .Replace("${OFFICERS}", Officers.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
        var filled = JsonNode.Parse(text)!.AsObject();
        if (filled["data"] is JsonObject data && data.ToJsonString().Contains("${REQUEST_ID}", StringComparison.Ordinal))
        {
            filled["data"] = new JsonArray([.. Enumerable.Range(0, Requests).Select(k =>
                JsonNode.Parse(data.ToJsonString().Replace("${REQUEST_ID}", $"ATU.load-{k}", StringComparison.Ordinal)))]);
        }
        return filled;
    }

    private static string ToGoJson(JsonNode node) =>
        node.ToJsonString(GoJson).Replace("<", "\\u003c", StringComparison.Ordinal)
            .Replace(">", "\\u003e", StringComparison.Ordinal).Replace("&", "\\u0026", StringComparison.Ordinal);

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
