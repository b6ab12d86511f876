using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace DataBroker.Broker.Domain.Transparency;

/// <summary>
/// A report as published: <c>{"report":…,"signature":{"alg":"ES256","key_id":…,"value":…}}</c>. The signature is
/// ECDSA P-256 with SHA-256 over the exact UTF-8 bytes of the <c>report</c> value, encoded as JWS encodes ES256
/// (r || s, base64url), so reformatting the file breaks it and one changed digit is refused.
/// </summary>
public sealed record SignedReport(string ReportText, string KeyId, string Signature)
{
    public const string Algorithm = "ES256";

    public string Text
    {
        get
        {
            using var buffer = new MemoryStream();
            using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartObject();
                writer.WritePropertyName("report");
                writer.WriteRawValue(ReportText, skipInputValidation: false);
                writer.WriteStartObject("signature");
                writer.WriteString("alg", Algorithm);
                writer.WriteString("key_id", KeyId);
                writer.WriteString("value", Signature);
                writer.WriteEndObject();
                writer.WriteEndObject();
            }
            return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
        }
    }

    public TransparencyReport Report => TransparencyReport.Parse(ReportText);

    /// <summary>Whether <paramref name="publicKey"/> signed exactly these report bytes.</summary>
    public bool IsSignedBy(ECDsa publicKey)
    {
        var signature = new byte[64];
        return System.Buffers.Text.Base64Url.DecodeFromChars(Signature, signature, out _, out var written) == System.Buffers.OperationStatus.Done
            && written == 64
            && publicKey.VerifyData(Encoding.UTF8.GetBytes(ReportText), signature, HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
    }

    /// <summary>The signed report a file holds; a <see cref="FormatException"/> when it holds none.</summary>
    public static SignedReport Parse(string text)
    {
        try
        {
            using var json = JsonDocument.Parse(text);
            var root = json.RootElement;
            var signature = root.GetProperty("signature");
            if (signature.GetProperty("alg").GetString() != Algorithm)
                throw new FormatException($"the signature is not {Algorithm}.");
            // The raw text, byte for byte as written: the signature covers exactly these bytes.
            return new SignedReport(root.GetProperty("report").GetRawText(), signature.GetProperty("key_id").GetString() ?? "",
                signature.GetProperty("value").GetString() ?? "");
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new FormatException("The file is not a signed transparency report: " + e.Message, e);
        }
    }

    /// <summary>A key's id: the first 8 bytes of the SHA-256 of its SubjectPublicKeyInfo, in hex.</summary>
    public static string KeyIdOf(ECDsa key) => Convert.ToHexStringLower(SHA256.HashData(key.ExportSubjectPublicKeyInfo()).AsSpan(0, 8));
}
