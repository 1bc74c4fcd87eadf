namespace DocAxis.Core.Letters;

/// <summary>An attachment as the signed manifest describes it: content is bound by size and SHA-256.</summary>
public sealed record AttachmentDescriptor(string Name, string MediaType, long Size, byte[] Sha256, string Description);
