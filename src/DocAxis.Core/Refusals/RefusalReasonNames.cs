using System.Text;

namespace DocAxis.Core;

/// <summary>The UPPER_SNAKE wire names of <see cref="RefusalReason"/>.</summary>
public static class RefusalReasonNames
{
    public static string ToWireName(this RefusalReason reason)
    {
        var name = reason.ToString();
        var builder = new StringBuilder(name.Length + 8);
        for (var i = 0; i < name.Length; i++)
        {
            if (i > 0 && char.IsUpper(name[i]))
            {
                builder.Append('_');
            }

            builder.Append(char.ToUpperInvariant(name[i]));
        }

        return builder.ToString();
    }

    public static bool TryParseWireName(string? wireName, out RefusalReason reason)
    {
        foreach (var candidate in Enum.GetValues<RefusalReason>())
        {
            if (candidate.ToWireName() == wireName)
            {
                reason = candidate;
                return true;
            }
        }

        reason = default;
        return false;
    }
}
