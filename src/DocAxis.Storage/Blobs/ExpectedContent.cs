namespace DocAxis.Storage.Blobs;

/// <summary>
/// What an attachment's content must be. Size and digest are null when the sender's node is the
/// one computing them (a DMS handing over a new letter).
/// </summary>
public sealed record ExpectedContent(string Name, long? Size, byte[]? Sha256);
