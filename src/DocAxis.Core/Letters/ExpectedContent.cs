namespace DocAxis.Core.Letters;

/// <summary>
/// What an attachment's content must be. Size and digest are null when the sender's node is the
/// one computing them (a DMS handing over a new letter).
/// </summary>
public sealed record ExpectedContent(string Name, long? Size, byte[]? Sha256)
{
    /// <summary>What the signed manifest binds an attachment's content to.</summary>
    public static IReadOnlyList<ExpectedContent> Of(LetterManifest letter) =>
        [.. letter.Attachments.Select(a => new ExpectedContent(a.Name, a.Size, a.Sha256))];
}
