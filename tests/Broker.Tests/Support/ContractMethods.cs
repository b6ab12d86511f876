using System.Collections;
using System.Reflection;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;

namespace DataBroker.Broker.Tests.Support;

/// <summary>
/// Every RPC the Contracts assembly compiles, read from its file descriptors, with raw-bytes calls and
/// sample messages built from the descriptors alone: a test driven by these covers a new RPC unedited.
/// </summary>
internal static class ContractMethods
{
    public static IReadOnlyList<MethodDescriptor> All { get; } = typeof(DataBroker.Broker.V1.RequestService).Assembly.GetTypes()
        .Select(t => t.GetProperty("Descriptor", BindingFlags.Public | BindingFlags.Static))
        .Where(p => p?.PropertyType == typeof(FileDescriptor))
        .Select(p => (FileDescriptor)p!.GetValue(null)!)
        .SelectMany(f => f.Services)
        .SelectMany(s => s.Methods)
        .OrderBy(m => m.FullName, StringComparer.Ordinal)
        .ToArray();

    public static bool IsRecords(MethodDescriptor method) => method.Service.File.Package.StartsWith("databroker.records.", StringComparison.Ordinal);

    public static Method<byte[], byte[]> Raw(MethodDescriptor method)
    {
        var bytes = Marshallers.Create(b => b, b => b);
        var type = (method.IsClientStreaming, method.IsServerStreaming) switch
        {
            (false, false) => MethodType.Unary,
            (false, true) => MethodType.ServerStreaming,
            (true, false) => MethodType.ClientStreaming,
            _ => MethodType.DuplexStreaming,
        };
        return new Method<byte[], byte[]>(type, method.Service.FullName, method.Name, bytes, bytes);
    }

    /// <summary>Sends <paramref name="payload"/> as the one request message; the status the call ends with.</summary>
    public static async Task<Status> CallAsync(CallInvoker invoker, MethodDescriptor method, byte[] payload, Metadata headers)
    {
        var options = new CallOptions(headers, DateTime.UtcNow.AddSeconds(10));
        try
        {
            if (!method.IsClientStreaming && !method.IsServerStreaming)
            {
                await invoker.AsyncUnaryCall(Raw(method), null, options, payload).ResponseAsync;
            }
            else if (!method.IsClientStreaming)
            {
                using var call = invoker.AsyncServerStreamingCall(Raw(method), null, options, payload);
                while (await call.ResponseStream.MoveNext(CancellationToken.None))
                {
                }
            }
            else
            {
                using var call = invoker.AsyncDuplexStreamingCall(Raw(method), null, options);
                await call.RequestStream.WriteAsync(payload);
                await call.RequestStream.CompleteAsync();
                while (await call.ResponseStream.MoveNext(CancellationToken.None))
                {
                }
            }
            return Status.DefaultSuccess;
        }
        catch (RpcException e)
        {
            return e.Status;
        }
    }

    /// <summary>A message with every field set (one member of each oneof), nested messages filled too.</summary>
    public static IMessage Filled(MessageDescriptor descriptor, string text = "sample", int depth = 0)
    {
        var message = descriptor.Parser.ParseFrom(ByteString.Empty);
        foreach (var field in descriptor.Fields.InDeclarationOrder())
        {
            if (field.IsMap || (field.RealContainingOneof is { } oneof && oneof.Accessor.GetCaseFieldDescriptor(message) is not null))
                continue;
            if (Sample(field, text, depth) is not { } value)
                continue;
            if (field.IsRepeated)
                ((IList)field.Accessor.GetValue(message)).Add(value);
            else
                field.Accessor.SetValue(message, value);
        }
        return message;
    }

    /// <summary>True when the bytes parse as the method's request message (the fuzz cases must not).</summary>
    public static bool Parses(MethodDescriptor method, byte[] payload)
    {
        try
        {
            method.InputType.Parser.ParseFrom(payload);
            return true;
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    private static object? Sample(FieldDescriptor field, string text, int depth) => field.FieldType switch
    {
        FieldType.String => text,
        FieldType.Bytes => ByteString.CopyFromUtf8(text),
        FieldType.Bool => true,
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => 7,
        FieldType.UInt32 or FieldType.Fixed32 => 7u,
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => 7L,
        FieldType.UInt64 or FieldType.Fixed64 => 7UL,
        FieldType.Double => 0.5d,
        FieldType.Float => 0.5f,
        FieldType.Enum => Enum.ToObject(field.EnumType.ClrType, field.EnumType.Values.Count > 1 ? field.EnumType.Values[1].Number : 0),
        FieldType.Message when depth < 3 => Filled(field.MessageType, text, depth + 1),
        _ => null,
    };
}
