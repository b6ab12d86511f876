using System.Security.Cryptography;
using System.Text;

namespace DataBroker.Broker.Domain.Transparency;

/// <summary>Signs transparency reports with a key of their own (ES256), apart from every token and service key.</summary>
public sealed class ReportSigner : IDisposable
{
    private readonly ECDsa _key;

    /// <param name="privateKeyPem">An EC P-256 private key (PKCS#8 or SEC1 PEM).</param>
    public ReportSigner(string privateKeyPem)
    {
        _key = ECDsa.Create();
        _key.ImportFromPem(privateKeyPem);
        if (_key.KeySize != 256)
            throw new ArgumentException("The transparency report key must be an EC P-256 key.", nameof(privateKeyPem));
        KeyId = SignedReport.KeyIdOf(_key);
        PublicKeyPem = _key.ExportSubjectPublicKeyInfoPem();
    }

    public string KeyId { get; }

    /// <summary>What verifiers need, as a PEM SubjectPublicKeyInfo.</summary>
    public string PublicKeyPem { get; }

    public SignedReport Sign(TransparencyReport report)
    {
        var text = report.Canonical();
        var signature = _key.SignData(Encoding.UTF8.GetBytes(text), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation);
        return new SignedReport(text, KeyId, System.Buffers.Text.Base64Url.EncodeToString(signature));
    }

    public void Dispose() => _key.Dispose();
}
