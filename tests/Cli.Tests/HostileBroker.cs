using System.Buffers.Binary;
using System.Collections;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using DataBroker.Broker.V1;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace DataBroker.Cli.Tests;

/// <summary>
/// A broker that lies in every string it sends: it answers any call to any of the broker's services, driven by the
/// compiled descriptors, with the method's response message whose every string field (nested, repeated, map keys and
/// values) holds <see cref="Text"/>; or, when built to fail, with an error whose detail is <see cref="Text"/>. A new
/// RPC or field is covered without anyone editing it. It answers at the HTTP level, so no server runs.
/// </summary>
internal sealed class HostileBroker(bool fail) : HttpMessageHandler
{
    /// <summary>
    /// Screen-clearing CSI, a clipboard-writing OSC 52, a C1 CSI, BEL, backspace and carriage return, the bidi
    /// override that turns "exe.txt" around, an isolate pair and a right-to-left mark, a line break that would forge a
    /// line, and U+2028.
    /// </summary>
    public const string Text = "A\u001b[2J\u001b]52;c;cm0gLXJmIH4=\u0007B\u009b31m\b\rC\u202Etxt.exe\u2067D\u2069\u200F\nFORGED\u2028E";

    private static readonly FileDescriptor[] Contracts =
    [
        RequestServiceReflection.Descriptor, ApprovalServiceReflection.Descriptor,
        OversightServiceReflection.Descriptor, LimitsAdminServiceReflection.Descriptor, PolicyServiceReflection.Descriptor,
    ];

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Content is not null)
            await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var method = Method(request.RequestUri!.AbsolutePath)
            ?? throw new InvalidOperationException("No compiled method answers " + request.RequestUri);

        var body = Array.Empty<byte>();
        if (!fail)
        {
            var message = (IMessage)Activator.CreateInstance(method.OutputType.ClrType)!;
            Fill(message, depth: 0);
            var payload = message.ToByteArray();
            body = new byte[5 + payload.Length];
            BinaryPrimitives.WriteUInt32BigEndian(body.AsSpan(1), (uint)payload.Length);
            payload.CopyTo(body, 5);
        }
        var response = new HttpResponseMessage(HttpStatusCode.OK)
        {
            Version = HttpVersion.Version20,
            RequestMessage = request,
            Content = new ByteArrayContent(body),
        };
        response.Content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        response.TrailingHeaders.Add("grpc-status", fail ? "9" : "0");
        if (fail)
            response.TrailingHeaders.Add("grpc-message", PercentEncode(Text));
        return response;
    }

    private static MethodDescriptor? Method(string path)
    {
        var parts = path.Trim('/').Split('/');
        return Contracts.SelectMany(f => f.Services).FirstOrDefault(s => s.FullName == parts[0])?.FindMethodByName(parts[1]);
    }

    private static void Fill(IMessage message, int depth)
    {
        foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
        {
            // A next page that never ends would keep a paging command reading forever: not what this broker tests.
            if (field.Name.EndsWith("page_token", StringComparison.Ordinal))
                continue;
            var accessor = field.Accessor;
            if (field.IsMap)
            {
                var entry = field.MessageType.Fields.InFieldNumberOrder();
                if (entry[0].FieldType == FieldType.String && entry[1].FieldType == FieldType.String)
                    ((IDictionary)accessor.GetValue(message))[Text] = Text;
            }
            else if (field.IsRepeated)
            {
                if (Element(field, depth) is { } element)
                    ((IList)accessor.GetValue(message)).Add(element);
            }
            else if (Element(field, depth) is { } value)
            {
                accessor.SetValue(message, value);
            }
        }
    }

    private static object? Element(FieldDescriptor field, int depth)
    {
        if (field.FieldType == FieldType.String)
            return Text;
        // Our own messages, and the times and durations in them; nothing recursive runs away.
        if (field.FieldType != FieldType.Message || depth > 4)
            return null;
        var nested = (IMessage)Activator.CreateInstance(field.MessageType.ClrType)!;
        if (field.MessageType.File.Package.StartsWith("databroker", StringComparison.Ordinal))
            Fill(nested, depth + 1);
        return nested;
    }

    // grpc-message is percent-encoded UTF-8 (gRPC over HTTP/2): every byte outside printable ASCII, and '%'.
    private static string PercentEncode(string text)
    {
        var encoded = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(text))
            encoded.Append(b is >= 0x20 and <= 0x7E and not (byte)'%' ? ((char)b).ToString() : $"%{b:X2}");
        return encoded.ToString();
    }
}
