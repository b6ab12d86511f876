using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using DataBroker.Broker.Api;
using DataBroker.Broker.Tests.Support;
using DataBroker.Identity;
using Microsoft.AspNetCore.TestHost;

namespace DataBroker.Broker.Tests.Api;

/// <summary>
/// The request and approval APIs over HTTP/JSON (gRPC JSON transcoding), as a case-management system would call
/// them: the same bearer tokens, the same per-object rules and the same field errors as over gRPC.
/// </summary>
public sealed class JsonApiTests : IAsyncLifetime
{
    private SuiteHost _suite = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _suite = await SuiteHost.StartAsync();
        _http = _suite.BrokerApp.GetTestClient();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _suite.DisposeAsync();
    }

    [Fact]
    public async Task An_officer_submits_and_reads_over_json_and_an_approver_of_the_HQ_decides()
    {
        var submitted = await SendAsync(HttpMethod.Post, "/v1/requests", Officer("atu-officer-1"), SubmitBody(_suite.Population.NidOf(7)));
        Assert.Equal(HttpStatusCode.OK, submitted.Status);
        var request = submitted.Json.GetProperty("request");
        var id = request.GetProperty("requestId").GetString()!;
        Assert.StartsWith("ATU.", id, StringComparison.Ordinal);
        Assert.Equal("REQUEST_STATE_AWAITING_APPROVAL", request.GetProperty("state").GetString());
        Assert.Equal("atu-officer-1", request.GetProperty("requesterId").GetString());

        var read = await SendAsync(HttpMethod.Get, $"/v1/requests/{id}", Officer("atu-officer-1"));
        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal(id, read.Json.GetProperty("request").GetProperty("requestId").GetString());

        var pending = await SendAsync(HttpMethod.Get, "/v1/pending?pageSize=100", Approver("phq-approver-1", "POLICE-HQ"));
        Assert.Contains(pending.Json.GetProperty("requests").EnumerateArray(), r => r.GetProperty("requestId").GetString() == id);

        var decided = await SendAsync(HttpMethod.Post, $"/v1/requests/{id}:decide", Approver("phq-approver-1", "POLICE-HQ"),
            new { decision = "DECISION_APPROVE", note = "Consistent with the case file." });
        Assert.Equal(HttpStatusCode.OK, decided.Status);
        Assert.Equal("REQUEST_STATE_APPROVED", decided.Json.GetProperty("request").GetProperty("state").GetString());
    }

    [Fact]
    public async Task Json_callers_get_the_same_refusals_as_grpc_callers()
    {
        var id = (await SendAsync(HttpMethod.Post, "/v1/requests", Officer("atu-officer-1"), SubmitBody(_suite.Population.NidOf(8))))
            .Json.GetProperty("request").GetProperty("requestId").GetString()!;

        // No token: the same authentication as gRPC, so nothing without one.
        var anonymous = await SendAsync(HttpMethod.Get, $"/v1/requests/{id}", token: null);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.Status);

        // Another officer, and an approver of another HQ, see no such request (it is not theirs to know of).
        Assert.Equal(HttpStatusCode.NotFound, (await SendAsync(HttpMethod.Get, $"/v1/requests/{id}", Officer("atu-officer-2"))).Status);
        var foreign = await SendAsync(HttpMethod.Post, $"/v1/requests/{id}:decide", Approver("rabhq-approver-1", "RAB-HQ"),
            new { decision = "DECISION_APPROVE", note = "" });
        Assert.Equal(HttpStatusCode.NotFound, foreign.Status);

        // Bad input: 400, and the message names the field, as INVALID_ARGUMENT does over gRPC.
        var body = SubmitBody(_suite.Population.NidOf(9));
        body["justification"] = "";
        var invalid = await SendAsync(HttpMethod.Post, "/v1/requests", Officer("atu-officer-1"), body);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.Status);
        Assert.Contains("justification", invalid.Json.GetProperty("message").GetString(), StringComparison.Ordinal);

        // A body that is not JSON at all is refused as bad input, not as a server fault.
        using var garbage = new HttpRequestMessage(HttpMethod.Post, "/v1/requests") { Content = new StringContent("{not json", null, "application/json") };
        garbage.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Officer("atu-officer-1"));
        using var garbageResponse = await _http.SendAsync(garbage);
        Assert.Equal(HttpStatusCode.BadRequest, garbageResponse.StatusCode);
    }

    [Fact]
    public async Task An_oversized_json_body_is_refused_with_resource_exhausted_and_stores_nothing()
    {
        // Far past the gRPC message bound (BrokerMessageBounds.MaxMessageBytes), as a probe would send it: the JSON
        // route bounds a body as the gRPC route bounds a message, instead of buffering and parsing whatever arrives.
        var body = SubmitBody(_suite.Population.NidOf(10));
        body["justification"] = new string('x', 4 * BrokerMessageBounds.MaxMessageBytes);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(body);
        using var declared = await PostRawAsync(new ByteArrayContent(bytes));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, declared.StatusCode);
        using (var refusal = JsonDocument.Parse(await declared.Content.ReadAsStringAsync()))
        {
            Assert.Equal(8, refusal.RootElement.GetProperty("code").GetInt32()); // RESOURCE_EXHAUSTED, as over gRPC
            Assert.Contains("larger than", refusal.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
        }

        // The same body with no declared length: cut off where it passes the bound, and refused as a bad body.
        var stream = new StreamContent(new MemoryStream(bytes));
        stream.Headers.ContentLength = null;
        using var undeclared = await PostRawAsync(stream);
        Assert.Equal(HttpStatusCode.BadRequest, undeclared.StatusCode);
        Assert.Contains("larger than", await undeclared.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var mine = await SendAsync(HttpMethod.Get, "/v1/requests", Officer("atu-officer-3"));
        Assert.Equal(HttpStatusCode.OK, mine.Status);
        Assert.False(mine.Json.TryGetProperty("requests", out var requests) && requests.GetArrayLength() > 0, "an oversized body stored a request");
    }

    [Fact]
    public async Task The_openapi_document_describes_the_json_routes_and_their_bearer_authentication()
    {
        using var response = await _http.GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var paths = document.RootElement.GetProperty("paths");
        foreach (var path in new[] { "/v1/requests", "/v1/requests/{requestId}", "/v1/requests/{requestId}:decide", "/v1/pending" })
            Assert.True(paths.TryGetProperty(path, out _), $"the document has no {path}: {string.Join(", ", paths.EnumerateObject().Select(p => p.Name))}");
        Assert.True(paths.GetProperty("/v1/requests").TryGetProperty("post", out _));
        Assert.Equal("bearer", document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer").GetProperty("scheme").GetString());
        // The oversight and limits services stay gRPC only: nothing of theirs is routed over JSON.
        Assert.DoesNotContain(paths.EnumerateObject(), p => p.Name.Contains("oversight", StringComparison.OrdinalIgnoreCase) || p.Name.Contains("limits", StringComparison.OrdinalIgnoreCase));
    }

    private string Officer(string id) => _suite.Tokens.Mint(Audiences.Broker, TimeSpan.FromMinutes(10), id, [Roles.Officer], "ATU", null);

    private string Approver(string id, string headquarters) =>
        _suite.Tokens.Mint(Audiences.Broker, TimeSpan.FromMinutes(10), id, [Roles.Approver], null, headquarters);

    private static Dictionary<string, object> SubmitBody(string nid) => new()
    {
        ["idempotencyKey"] = Guid.NewGuid().ToString(),
        ["caseReference"] = "Gulshan PS case 14/2026",
        ["legalBasis"] = "LEGAL_BASIS_ANTI_TERRORISM_ACT",
        ["justification"] = "Subject's phone was found in the safe house raided on 12 November.",
        ["subject"] = new { nid },
        ["categories"] = new[] { "CATEGORY_NID_DETAILS" },
        ["urgency"] = "URGENCY_PRIORITY",
    };

    private Task<HttpResponseMessage> PostRawAsync(HttpContent content)
    {
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var message = new HttpRequestMessage(HttpMethod.Post, "/v1/requests") { Content = content };
        message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Officer("atu-officer-3"));
        return _http.SendAsync(message);
    }

    private async Task<(HttpStatusCode Status, JsonElement Json)> SendAsync(HttpMethod method, string path, string? token, object? body = null)
    {
        using var message = new HttpRequestMessage(method, path);
        if (token is not null)
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
            message.Content = JsonContent.Create(body);
        using var response = await _http.SendAsync(message);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone());
    }
}
