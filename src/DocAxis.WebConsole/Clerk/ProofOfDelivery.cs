using DocAxis.Contracts.V1;
using DocAxis.Core;
using RefusalReason = DocAxis.Core.RefusalReason;
using DocAxis.Crypto.Signing;
using DocAxis.Node;
using DocAxis.Node.Options;
using DocAxis.Node.Sending;
using DocAxis.Storage.Node;
using DocAxis.Transport.Mapping;

namespace DocAxis.WebConsole.Clerk;

/// <summary>
/// What the signed records of one delivery prove, each checked here against the node's trust
/// store: the sender's signature over the manifest, the hub's acceptance of those bytes, and the
/// recipient's receipt for the same manifest digest. Nothing is taken on trust from the hub's trace:
/// the receipt it carries is verified as if it came from anywhere.
/// </summary>
public sealed class ProofOfDelivery(HubLink hub, SignatureVerifier verifier, NodeOptions options)
{
    public async Task<DeliveryProof> BuildAsync(HostedAgency agency, OutboxLetter sent, string recipient, CancellationToken cancellationToken)
    {
        var manifest = await CheckAsync("manifest", async () =>
        {
            var verified = await verifier.VerifyAsync(sent.Manifest, sent.Signature, "manifest", cancellationToken);
            return verified.Identity == agency.Code.Value
                ? (verified.SignerDescription, verified.SigningTime)
                : throw new RefusalException(RefusalReason.SignerNotSender, $"signed by {verified.SignerDescription}, not by {agency.Code}");
        });
        var acceptance = sent.SignedAcceptance is not { } signedAcceptance
            ? ProofItem.Missing("acceptance", "the hub has not accepted the letter yet")
            : await CheckAsync("acceptance", async () =>
            {
                var accepted = await SignedMapper.OpenAcceptanceAsync(verifier, SignedMapper.ToAcceptance(signedAcceptance), options.Hub.Identity, cancellationToken);
                accepted.EnsureFor(sent.EnvelopeId, sent.ManifestSha256, recipient);
                return ($"{options.Hub.Identity} ({accepted.HubId})", accepted.AcceptedAt);
            });

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(HubRefusals.Deadline);
        SignedDeliveryReceipt? receipt = null;
        ProofItem delivery;
        var statuses = new List<StatusProof>();
        try
        {
            var trace = await hub.Trace(agency).GetTraceAsync(new GetTraceRequest { EnvelopeId = sent.EnvelopeId }, cancellationToken: deadline.Token);
            var recipientTrace = trace.Recipients.FirstOrDefault(r => r.RecipientCode == recipient);
            receipt = recipientTrace?.Receipt;
            delivery = receipt is null
                ? ProofItem.Missing("receipt", $"{recipient} has not signed a delivery receipt yet")
                : await CheckAsync("receipt", () => OpenReceiptAsync(receipt, sent, recipient, cancellationToken));
            foreach (var report in recipientTrace?.Reports ?? [])
            {
                statuses.Add(await OpenStatusAsync(report, sent, recipient, cancellationToken));
            }
        }
        catch (Grpc.Core.RpcException e)
        {
            delivery = ProofItem.Missing("receipt", $"the hub could not be asked for the receipt: {HubRefusals.Describe(e)}");
        }

        return new DeliveryProof(sent, recipient, manifest, acceptance, delivery, receipt, statuses);
    }

    /// <summary>A status report as the recipient signed it: what it says, and whether the signature is the recipient's over this letter.</summary>
    private async Task<StatusProof> OpenStatusAsync(SignedStatusReport signed, OutboxLetter sent, string recipient, CancellationToken cancellationToken)
    {
        StatusReport report;
        try
        {
            report = StatusReport.Parser.ParseFrom(signed.Body);
        }
        catch (Google.Protobuf.InvalidProtocolBufferException e)
        {
            return new StatusProof("", "", "", null, new ProofItem("status", false, "", null, $"the report does not parse: {e.Message}"));
        }

        var item = await CheckAsync("status", async () =>
        {
            var verified = await verifier.VerifyAsync(signed.Body.ToByteArray(), signed.Signature.ToByteArray(), "status report", cancellationToken);
            if (verified.Identity != recipient || report.RecipientCode != recipient || report.EnvelopeId != sent.EnvelopeId)
            {
                throw new RefusalException(RefusalReason.SignerNotSender, $"signed by {verified.SignerDescription} about {report.EnvelopeId} at {report.RecipientCode}, not by {recipient} about this letter");
            }

            return (verified.SignerDescription, verified.SigningTime);
        });
        return new StatusProof(report.StatusCode, report.Description, report.StaffName, report.ReportedAt?.ToDateTimeOffset(), item);
    }

    private async Task<(string, DateTimeOffset)> OpenReceiptAsync(SignedDeliveryReceipt signed, OutboxLetter sent, string recipient, CancellationToken cancellationToken)
    {
        var verified = await verifier.VerifyAsync(signed.Body.ToByteArray(), signed.Signature.ToByteArray(), "delivery receipt", cancellationToken);
        var receipt = DeliveryReceipt.Parser.ParseFrom(signed.Body);
        if (verified.Identity != recipient || receipt.RecipientCode != recipient)
        {
            throw new RefusalException(RefusalReason.SignerNotSender, $"signed by {verified.SignerDescription} for {receipt.RecipientCode}, not by {recipient}");
        }

        if (receipt.EnvelopeId != sent.EnvelopeId || !receipt.ManifestSha256.Span.SequenceEqual(sent.ManifestSha256))
        {
            throw new RefusalException(RefusalReason.ReceiptInvalid, "it is for another letter or other manifest bytes");
        }

        return (verified.SignerDescription, receipt.ReceivedAt.ToDateTimeOffset());
    }

    private static async Task<ProofItem> CheckAsync(string what, Func<Task<(string Signer, DateTimeOffset At)>> check)
    {
        try
        {
            var (signer, at) = await check();
            return new ProofItem(what, true, signer, at, null);
        }
        catch (RefusalException e)
        {
            return new ProofItem(what, false, "", null, $"{e.Reason.ToWireName()}: {e.Message}");
        }
    }
}

/// <summary>One signed record and what checking it found.</summary>
public sealed record ProofItem(string What, bool Valid, string Signer, DateTimeOffset? At, string? Problem)
{
    public static ProofItem Missing(string what, string why) => new(what, false, "", null, why);
}

/// <summary>A recipient's signed status report: the code, its words and officer, and what checking its signature found.</summary>
public sealed record StatusProof(string Code, string Description, string Staff, DateTimeOffset? ReportedAt, ProofItem Signature);

/// <summary>The three records that prove a delivery, the receipt itself for checking elsewhere, and the recipient's signed statuses.</summary>
public sealed record DeliveryProof(
    OutboxLetter Letter, string Recipient, ProofItem Manifest, ProofItem Acceptance, ProofItem Receipt, SignedDeliveryReceipt? SignedReceipt, IReadOnlyList<StatusProof> Statuses)
{
    public bool Proven => Manifest.Valid && Acceptance.Valid && Receipt.Valid;
}
