namespace DocAxis.Core.Letters;

/// <summary>
/// The sender-chosen id of a letter, a UUID. It is the idempotency key of submission and delivery,
/// so its text form is canonical (lowercase, 8-4-4-4-12) and anything else is refused.
/// </summary>
public readonly record struct EnvelopeId(Guid Value)
{
    public static EnvelopeId New() => new(Guid.NewGuid());

    public static bool TryParse(string? text, out EnvelopeId id)
    {
        var canonical = Guid.TryParseExact(text, "D", out var guid) && guid != Guid.Empty && text == guid.ToString("D");
        id = canonical ? new EnvelopeId(guid) : default;
        return canonical;
    }

    public static EnvelopeId Parse(string? text, string field = "envelope_id")
    {
        if (TryParse(text, out var id))
        {
            return id;
        }

        throw new RefusalException(
            RefusalReason.FieldInvalid,
            $"{field} \"{text}\" is not a UUID in canonical lowercase form (e.g. 0b6f4c1e-2d3a-4f5b-8c7d-9e0a1b2c3d4e).",
            field);
    }

    public override string ToString() => Value.ToString("D");
}
