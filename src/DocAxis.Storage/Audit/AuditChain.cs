using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace DocAxis.Storage.Audit;

/// <summary>
/// How an exchange-log entry is bound to the one before it: its hash covers its place in the chain,
/// the previous entry's hash and every field, in a fixed binary encoding. Altering, removing or
/// inserting an entry breaks the chain at that point.
/// </summary>
public static class AuditChain
{
    /// <summary>What the first entry chains to.</summary>
    public static readonly byte[] Genesis = new byte[32];

    private static readonly byte[] Domain = "docaxis.audit.v1"u8.ToArray();

    public static byte[] Hash(byte[] previous, long seq, AuditRecord record)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Domain);
        hash.AppendData(previous);
        AppendLong(hash, seq);
        AppendLong(hash, Epoch.ToMs(record.At));
        foreach (var field in new[] { record.Actor, record.Action, record.Outcome, record.EnvelopeId, record.Reason, record.Detail })
        {
            AppendText(hash, field);
        }

        return hash.GetHashAndReset();
    }

    private static void AppendLong(IncrementalHash hash, long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        hash.AppendData(bytes);
    }

    /// <summary>Length-prefixed, with a distinct marker for null, so that no two field lists encode alike.</summary>
    private static void AppendText(IncrementalHash hash, string? text)
    {
        Span<byte> length = stackalloc byte[4];
        if (text is null)
        {
            BinaryPrimitives.WriteInt32BigEndian(length, -1);
            hash.AppendData(length);
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        BinaryPrimitives.WriteInt32BigEndian(length, bytes.Length);
        hash.AppendData(length);
        hash.AppendData(bytes);
    }
}
