using DocAxis.Cli.Local;
using DocAxis.Contracts.V1;
using DocAxis.Crypto.Pki;
using Grpc.Net.Client;

namespace DocAxis.Integration.Tests.Infrastructure;

/// <summary>
/// A hub with small limits (1 MiB per attachment, three recipients, three attachments) that refusal
/// tests submit to directly, as a sender's node would, with whatever they want to get wrong.
/// </summary>
public sealed class CatalogueHub(TestAxis axis)
{
    public const long MaxAttachmentBytes = 1024 * 1024;

    public TestAxis Axis => axis;

    public HubInspector Database => axis.HubDatabase;

    public GrpcChannel SenderChannel => axis.Axis.Clients.Agency(TestAxis.Sender.Code);

    public KeyFiles SenderSigning => axis.Axis.Pki.AgencySigning(TestAxis.Sender.Code);

    public static async Task<CatalogueHub> StartAsync(string name)
    {
        var axis = TestAxis.Create(name);
        axis.Axis.HubOverrides["Hub:Limits:MaxAttachmentBytes"] = MaxAttachmentBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        axis.Axis.HubOverrides["Hub:Limits:MaxRecipients"] = "3";
        axis.Axis.HubOverrides["Hub:Limits:MaxAttachments"] = "3";
        await axis.Axis.StartHubAsync();
        await axis.Axis.RegisterAgenciesAsync();
        return new CatalogueHub(axis);
    }

    /// <summary>A valid letter from the sender to the first recipient with one small attachment.</summary>
    public static (Manifest Manifest, byte[][] Contents) Letter(int seed, params LocalAgency[] recipients)
    {
        var contents = new[] { TestLetters.Content(20_000, seed) };
        return (TestLetters.Complete(TestAxis.Sender, recipients.Length == 0 ? [TestAxis.First] : recipients, contents), contents);
    }

    /// <summary>Signs with the sender's key and submits over the sender's TLS.</summary>
    public Task<SignedAcceptance> SubmitAsync(Manifest manifest, IReadOnlyList<byte[]> contents) =>
        TestLetters.SubmitAsync(SenderChannel, manifest.EnvelopeId, TestLetters.Sign(manifest, SenderSigning), contents);
}
