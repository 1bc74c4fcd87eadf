namespace DocAxis.Core.Letters;

/// <summary>Length checks for text fields, with refusals that name the field and the limit.</summary>
public static class Text
{
    public static void Required(string? value, int maxLength, string field)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new RefusalException(RefusalReason.FieldInvalid, $"{field} is required.", field);
        }

        Optional(value, maxLength, field);
    }

    public static void Optional(string? value, int maxLength, string field)
    {
        if (value is not null && value.Length > maxLength)
        {
            throw new RefusalException(
                RefusalReason.FieldInvalid,
                $"{field} has {value.Length} characters; at most {maxLength} are allowed.",
                field);
        }
    }
}
