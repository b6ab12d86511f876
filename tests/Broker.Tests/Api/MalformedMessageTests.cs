using System.Text;
using DataBroker.Broker.Tests.Observability;
using DataBroker.Broker.Tests.Support;
using DataBroker.GrpcEdge;
using DataBroker.Identity;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace DataBroker.Broker.Tests.Api;

/// <summary>
/// Fuzzes every RPC the Contracts assembly defines, broker and records alike, from the compiled descriptors:
/// a new RPC is covered without editing this test. Every case is checked not to parse before it is sent.
/// </summary>
public sealed class MalformedMessageTests : IAsyncLifetime, IDisposable
{
    private const int Seed = 20261202;
    private readonly CapturedLogs _logs = new();
    private SuiteHost _suite = null!;

    public async Task InitializeAsync() =>
        _suite = await SuiteHost.StartAsync(configure: builder => builder.Logging.AddProvider(_logs));

    public async Task DisposeAsync() => await _suite.DisposeAsync();

    public void Dispose() => _logs.Dispose();

    [Fact]
    public void The_contracts_define_the_services_this_test_is_meant_to_reach()
    {
        Assert.Contains(ContractMethods.All, m => m.FullName == "databroker.broker.v1.RequestService.Submit");
        Assert.Contains(ContractMethods.All, m => m.FullName == "databroker.records.v1.RecordsService.Lookup");
        Assert.Contains(ContractMethods.All, m => m.IsServerStreaming);
        Assert.True(ContractMethods.All.Count >= 23, $"only {ContractMethods.All.Count} methods found");
    }

    [Fact]
    public async Task Unparseable_messages_to_every_method_are_INVALID_ARGUMENT_with_a_short_message_and_no_error_logged()
    {
        var failures = new List<string>();
        foreach (var method in ContractMethods.All)
        {
            var cases = Cases(method, new Random(Seed ^ Stable(method.FullName))).ToList();
            Assert.True(cases.Count >= 8, $"{method.FullName}: only {cases.Count} unparseable cases");
            foreach (var (kind, payload) in cases)
            {
                var status = await ContractMethods.CallAsync(Invoker(method), method, payload, Headers(method)).DefaultTimeout();
                if (status.StatusCode != StatusCode.InvalidArgument || status.Detail.Length > StatusText.MaxLength)
                    failures.Add($"{method.FullName} [{kind}] {Convert.ToHexString(payload)}: {status.StatusCode} {status.Detail}");
            }
        }
        Assert.Empty(failures);
        Assert.Empty(_logs.ErrorLines);
    }

    [Fact]
    public async Task Every_string_field_of_every_request_is_bounded_at_the_edge_and_the_refusal_names_it()
    {
        var failures = new List<string>();
        foreach (var method in ContractMethods.All)
        {
            var bounds = (ContractMethods.IsRecords(method) ? _suite.RecordsServices : _suite.BrokerServices).GetRequiredService<MessageBounds>();
            foreach (var path in StringPaths(method.InputType, "", 0))
            {
                var field = path[^1];
                var message = method.InputType.Parser.ParseFrom(ByteString.Empty);
                SetAlong(message, path, new string('x', bounds.TextLengthOf(field.FullName) + 1));
                var status = await ContractMethods.CallAsync(Invoker(method), method, message.ToByteArray(), Headers(method)).DefaultTimeout();
                var name = string.Join('.', path.Select(f => f.Name));
                if (status.StatusCode != StatusCode.InvalidArgument || !status.Detail.StartsWith(name + " ", StringComparison.Ordinal))
                    failures.Add($"{method.FullName} {name}: {status.StatusCode} {status.Detail}");
            }
        }
        Assert.Empty(failures);
        Assert.Empty(_logs.ErrorLines);
    }

    /// <summary>About ten cases a method, none of which parses: random, truncated, and wrongly typed bytes.</summary>
    private static IEnumerable<(string Kind, byte[] Payload)> Cases(MethodDescriptor method, Random random)
    {
        var found = 0;
        for (var tries = 0; found < 4 && tries < 200; tries++)
        {
            var bytes = new byte[random.Next(1, 48)];
            random.NextBytes(bytes);
            if (!ContractMethods.Parses(method, bytes))
            {
                found++;
                yield return ("random bytes", bytes);
            }
        }
        var full = ContractMethods.Filled(method.InputType).ToByteArray();
        found = 0;
        for (var tries = 0; found < 2 && full.Length > 1 && tries < 50; tries++)
        {
            var cut = full[..random.Next(1, full.Length)];
            if (!ContractMethods.Parses(method, cut))
            {
                found++;
                yield return ("truncated valid message", cut);
            }
        }
        var text = method.InputType.Fields.InDeclarationOrder().FirstOrDefault(f => f.FieldType == FieldType.String && !f.IsRepeated);
        var number = text?.FieldNumber ?? 1;
        byte[][] typed =
        [
            [.. Tag(number, 2), 2, 0xC3, 0x28],                                             // invalid UTF-8 in a string
            [.. Tag(number, 2), 100, (byte)'a', (byte)'b'],                                 // length prefix past the end
            [.. Tag(number, 0), 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01], // a malformed varint where a string is due
            [.. Tag(number, 7), 0],                                                         // no such wire type
            [.. Tag(number, 4)],                                                            // an end of group never begun
            [.. Tag(number, 3), 8, 1],                                                      // a group never ended
            [0x02, 0x00],                                                                   // field number zero
        ];
        foreach (var bytes in typed.Where(b => !ContractMethods.Parses(method, b)))
            yield return ("wrong-typed field", bytes);
    }

    private static byte[] Tag(int number, int wireType)
    {
        var bytes = new List<byte>();
        for (var tag = (uint)((number << 3) | wireType); ; tag >>= 7)
        {
            if (tag < 0x80)
            {
                bytes.Add((byte)tag);
                return [.. bytes];
            }
            bytes.Add((byte)((tag & 0x7F) | 0x80));
        }
    }

    /// <summary>Every path from the message to a single string field, through nested messages.</summary>
    private static IEnumerable<FieldDescriptor[]> StringPaths(MessageDescriptor message, string prefix, int depth)
    {
        foreach (var field in message.Fields.InDeclarationOrder().Where(f => !f.IsMap && !f.IsRepeated))
        {
            if (field.FieldType == FieldType.String)
                yield return [field];
            else if (field.FieldType == FieldType.Message && depth < 3)
            {
                foreach (var rest in StringPaths(field.MessageType, prefix + field.Name + ".", depth + 1))
                    yield return [field, .. rest];
            }
        }
    }

    private static void SetAlong(IMessage message, FieldDescriptor[] path, string value)
    {
        for (var i = 0; i < path.Length - 1; i++)
        {
            var nested = path[i].MessageType.Parser.ParseFrom(ByteString.Empty);
            path[i].Accessor.SetValue(message, nested);
            message = nested;
        }
        path[^1].Accessor.SetValue(message, value);
    }

    private CallInvoker Invoker(MethodDescriptor method) =>
        (ContractMethods.IsRecords(method) ? _suite.RecordsChannel : _suite.BrokerChannel).CreateCallInvoker();

    private Metadata Headers(MethodDescriptor method) => ContractMethods.IsRecords(method)
        ? SuiteHost.Bearer(new TokenMinter(SigningKeys.FromPem(DevelopmentKeys.BrokerServicePrivatePem), Audiences.BrokerServiceIssuer, TimeProvider.System)
            .Mint(Audiences.Records, TimeSpan.FromMinutes(5), "broker", [Roles.BrokerService]))
        : _suite.As("atu-officer-1", Roles.Officer, "ATU");

    private static int Stable(string text) =>
        Encoding.UTF8.GetBytes(text).Aggregate(17, (hash, b) => unchecked((hash * 31) + b));
}
