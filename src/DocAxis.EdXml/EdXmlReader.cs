using System.Security.Cryptography;
using System.Xml;
using System.Xml.Linq;
using DocAxis.Contracts.V1;
using DocAxis.Core;
using Google.Protobuf;

namespace DocAxis.EdXml;

/// <summary>
/// Reads an edXML package as it streams: first the header and the manifest references (into
/// memory, within a budget), then each attachment's base64 content, decoded in chunks and handed
/// on without ever holding an attachment whole. DTDs and entities are refused, never resolved.
/// </summary>
public sealed class EdXmlReader : IDisposable
{
    private const int ChunkBytes = 256 * 1024;
    private const int MaxNotes = 100;

    private readonly BudgetStream _input;
    private readonly XmlReader _xml;
    private readonly EdXmlLimits _limits;
    private readonly bool _digests;
    private readonly byte[] _buffer = new byte[ChunkBytes];
    private readonly List<string> _notes = [];
    private readonly List<Reference> _references = [];
    private readonly List<Found> _found = [];
    private EdXmlPackage? _package;
    private Found? _attachment;
    private int _attachmentDepth;
    private Base64Content? _content;
    private bool _ended;

    private EdXmlReader(Stream package, EdXmlLimits limits, bool digests)
    {
        _limits = limits;
        _digests = digests;
        _input = new BudgetStream(package, limits.MaxPackageBytes, limits.MaxVerifiedPackageBytes);
        _xml = XmlReader.Create(_input, Settings);
    }

    /// <summary>What XML may do here: no DTD, no resolver, nothing fetched or expanded.</summary>
    public static XmlReaderSettings Settings { get; } = new()
    {
        Async = true,
        DtdProcessing = DtdProcessing.Prohibit,
        XmlResolver = null,
        MaxCharactersFromEntities = 0,
        IgnoreComments = true,
        IgnoreProcessingInstructions = true,
        CloseInput = false,
    };

    /// <param name="digests">Whether to compute each attachment's SHA-256 here (the node's staging computes its own).</param>
    public static EdXmlReader Open(Stream package, EdXmlLimits? limits = null, bool digests = false) => new(package, limits ?? new EdXmlLimits(), digests);

    /// <summary>Reads up to the first attachment's content: the header and the manifest references.</summary>
    /// <param name="expected">The kind the caller asked to send; the other kind is refused before anything else is read.</param>
    public async Task<EdXmlPackage> ReadHeaderAsync(PackageKind? expected = null, CancellationToken cancellationToken = default)
    {
        _input.Limit(_limits.MaxHeaderBytes, "The edXML header");
        XElement? header = null;
        await Guarded(async () =>
        {
            await _xml.MoveToContentAsync();
            CheckRoot();
            if (!_xml.IsEmptyElement)
            {
                await _xml.ReadAsync();
                header = await FindHeaderAsync(cancellationToken);
            }
        });
        if (header is null)
        {
            throw PackageFaults.Invalid(EdXmlNames.Envelope, $"the package has no {EdXmlNames.Header}.", null);
        }

        var isStatus = new Fields(header, EdXmlNames.Header).Optional(EdXmlNames.MessageHeader)?.Optional("StatusCode") is not null;
        if (expected == PackageKind.Letter && isStatus)
        {
            throw PackageFaults.KindMismatch("The package is an edXML status message (its MessageHeader has a StatusCode), sent where a letter was expected; send it as a status.");
        }

        if (expected == PackageKind.Status && !isStatus)
        {
            throw PackageFaults.KindMismatch("The package is an edXML letter (its MessageHeader has no StatusCode), sent where a status message was expected; send it as a letter.");
        }

        _package = isStatus
            ? new EdXmlPackage(PackageKind.Status, null, StatusMessageCodec.Read(header), _notes)
            : new EdXmlPackage(PackageKind.Letter, LetterHeaderReader.Read(header), null, _notes);
        if (isStatus)
        {
            return _package;
        }

        await Guarded(() => WalkAsync(stopAtAttachment: true, cancellationToken));
        _package.Letter!.Attachments.Add(_references.Select(r => r.Attachment));
        return _package;
    }

    /// <summary>
    /// Streams every attachment's decoded content, in the order the package carries them, each
    /// chunk tagged with the attachment's index in that order. A chunk's memory is reused for the
    /// next: consume it before asking for more.
    /// </summary>
    public async IAsyncEnumerable<(int Index, ReadOnlyMemory<byte> Data)> ReadAttachmentsAsync(
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (_package is not { Kind: PackageKind.Letter })
        {
            throw new InvalidOperationException("Read a letter's header first.");
        }

        while (true)
        {
            var chunk = await Guarded(() => NextChunkAsync(cancellationToken));
            if (chunk is null)
            {
                yield break;
            }

            yield return chunk.Value;
        }
    }

    /// <summary>
    /// The letter's Manifest once every attachment has streamed: its attachments in the package's
    /// order, each with its size (and digest, if asked for). Refuses a reference without its attachment.
    /// </summary>
    public Manifest CompleteLetter()
    {
        if (_package is not { Kind: PackageKind.Letter } || !_ended)
        {
            throw new InvalidOperationException("Stream every attachment first.");
        }

        if (_references.FirstOrDefault(r => r.MatchedBy is null) is { } missing)
        {
            throw PackageFaults.Invalid(missing.Path, $"reference {missing.Attachment.ContentId} names an attachment the package does not carry.", missing.At);
        }

        var manifest = _package.Letter!.Clone();
        manifest.Attachments.Clear();
        manifest.Attachments.Add(_found.Select(f => f.Complete()));
        return manifest;
    }

    /// <summary>
    /// Checks the XMLDSig the letter's header carried, once the whole package has been read; null if
    /// it carried none. The XML side only: whether the signer's certificate is trusted is the caller's question.
    /// </summary>
    public XmlSignatureCheck? CheckSignature()
    {
        if (_package?.Letter?.PackageSignature is null || !_ended)
        {
            return null;
        }

        return _input.Kept is { } document
            ? XmlSignatures.Check(document)
            : XmlSignatureCheck.NotVerified($"the package is larger than the {_limits.MaxVerifiedPackageBytes} bytes this node holds in memory to verify a signature over the whole document");
    }

    /// <summary>Status messages carry no attachments; this checks the rest of the document is well-formed.</summary>
    public Task FinishAsync(CancellationToken cancellationToken = default) =>
        Guarded(async () =>
        {
            _input.Limit(_limits.MaxHeaderBytes, "The rest of the status message");
            while (await _xml.ReadAsync())
            {
                cancellationToken.ThrowIfCancellationRequested();
            }
        });

    public void Dispose() => _xml.Dispose();

    private void CheckRoot()
    {
        if (_xml.NodeType != XmlNodeType.Element || !(IsEdXml(EdXmlNames.Root) || IsEdXml(EdXmlNames.Envelope)))
        {
            throw PackageFaults.Invalid(
                _xml.Name,
                $"the root element is {{{_xml.NamespaceURI}}}{_xml.LocalName}; an edXML package's root is {EdXmlNames.Root} (or {EdXmlNames.Envelope}) in namespace {EdXmlNames.Namespace}.",
                _xml as IXmlLineInfo);
        }
    }

    private async Task<XElement?> FindHeaderAsync(CancellationToken cancellationToken)
    {
        while (!_xml.EOF)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_xml.NodeType != XmlNodeType.Element)
            {
                await _xml.ReadAsync();
            }
            else if (IsEdXml(EdXmlNames.Header))
            {
                return await LoadAsync(cancellationToken);
            }
            else if (IsEdXml(EdXmlNames.Envelope))
            {
                await _xml.ReadAsync();
            }
            else
            {
                Ignore("before the header");
                await _xml.SkipAsync();
            }
        }

        return null;
    }

    /// <summary>Walks the document after the header: containers are entered, the manifest loaded, unknown elements skipped.</summary>
    private async Task WalkAsync(bool stopAtAttachment, CancellationToken cancellationToken)
    {
        while (!_xml.EOF)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_xml.NodeType != XmlNodeType.Element)
            {
                await _xml.ReadAsync();
                continue;
            }

            if (IsEdXml(EdXmlNames.Envelope) || IsEdXml(EdXmlNames.Body) || IsEdXml(EdXmlNames.AttachmentEncoded))
            {
                await _xml.ReadAsync();
            }
            else if (IsEdXml(EdXmlNames.Manifest))
            {
                ReadReferences(await LoadAsync(cancellationToken));
            }
            else if (IsEdXml(EdXmlNames.Attachment))
            {
                if (stopAtAttachment)
                {
                    return;
                }

                await StartAttachmentAsync();
                return;
            }
            else
            {
                Ignore("it is not part of an edXML letter");
                await _xml.SkipAsync();
            }
        }
    }

    private async Task<(int, ReadOnlyMemory<byte>)?> NextChunkAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (_content is not null)
            {
                var read = await ReadBase64Async(cancellationToken);
                if (read > 0)
                {
                    return (_attachment!.Index, _attachment.Take(_buffer.AsMemory(0, read)));
                }

                _content = null;
                _input.Limit(_limits.MaxHeaderBytes, $"{_attachment!.Path}");
                continue;
            }

            if (_attachment is not null)
            {
                await AttachmentChildAsync();
                continue;
            }

            if (_ended)
            {
                return null;
            }

            await WalkAsync(stopAtAttachment: false, cancellationToken);
            if (_attachment is null)
            {
                _ended = true;
                return null;
            }
        }
    }

    private async Task StartAttachmentAsync()
    {
        var index = _found.Count;
        var path = $"{EdXmlNames.AttachmentEncoded}/{EdXmlNames.Attachment}[{index + 1}]";
        if (index >= _references.Count)
        {
            throw PackageFaults.Invalid(path, $"the package carries more attachments than its {_references.Count} edXMLManifest references.", _xml as IXmlLineInfo);
        }

        _attachment = new Found(index, path, new At(Line, Column), _digests);
        _found.Add(_attachment);
        _attachmentDepth = _xml.Depth;
        _input.Limit(_limits.MaxHeaderBytes, path);
        if (_xml.IsEmptyElement)
        {
            await _xml.ReadAsync();
            EndAttachment();
            return;
        }

        await _xml.ReadAsync();
    }

    /// <summary>Handles one node inside an Attachment element.</summary>
    private async Task AttachmentChildAsync()
    {
        var attachment = _attachment!;
        if (_xml.NodeType == XmlNodeType.EndElement && _xml.Depth == _attachmentDepth)
        {
            await _xml.ReadAsync();
            EndAttachment();
            return;
        }

        if (_xml.NodeType != XmlNodeType.Element)
        {
            if (!await _xml.ReadAsync())
            {
                throw PackageFaults.Invalid(attachment.Path, "the package ends inside the attachment.", null);
            }

            return;
        }

        switch (_xml.NamespaceURI == EdXmlNames.Namespace ? _xml.LocalName : string.Empty)
        {
            case "ContentTransferEncoded" when _xml.IsEmptyElement:
                await _xml.ReadAsync();
                break;
            case "ContentTransferEncoded":
                _input.Unlimit();
                _content = new Base64Content(_xml);
                break;
            case "ContentId":
                attachment.ContentId = await TextAsync(attachment, "ContentId", Core.Letters.HeaderLimits.MaxContentIdLength);
                break;
            case "AttachmentName":
                attachment.Name = await TextAsync(attachment, "AttachmentName", Core.Letters.ManifestRules.MaxAttachmentNameLength);
                break;
            case "Description":
                attachment.Description = await TextAsync(attachment, "Description", Core.Letters.ManifestRules.MaxSummaryLength);
                break;
            case "ContentType":
                attachment.MediaType = await TextAsync(attachment, "ContentType", Core.Letters.ManifestRules.MaxMediaTypeLength);
                break;
            default:
                Ignore($"in {attachment.Path}");
                await _xml.SkipAsync();
                break;
        }
    }

    private void EndAttachment()
    {
        var attachment = _attachment!;
        _attachment = null;
        var key = ContentKey(attachment.ContentId);
        var reference = _references.FirstOrDefault(r => ContentKey(r.Attachment.ContentId) == key)
            ?? throw PackageFaults.Invalid(attachment.Path, $"attachment \"{attachment.ContentId}\" is not named by any edXMLManifest reference.", attachment.At);
        if (reference.MatchedBy is not null)
        {
            throw PackageFaults.Invalid(attachment.Path, $"reference {reference.Attachment.ContentId} already has its attachment ({reference.MatchedBy.Path}).", attachment.At);
        }

        reference.MatchedBy = attachment;
        attachment.Reference = reference.Attachment;
    }

    private async Task<int> ReadBase64Async(CancellationToken cancellationToken)
    {
        try
        {
            // Synchronous reads, several times faster than their async twins: what they read is already in memory.
            await _input.FillAsync(BudgetStream.DecodeMargin, cancellationToken);
            return _content!.Read(_buffer);
        }
        catch (FormatException e)
        {
            throw PackageFaults.Invalid($"{_attachment!.Path}/ContentTransferEncoded", $"the content is not valid base64: {e.Message}", new At(Line, Column));
        }
    }

    private async Task<string> TextAsync(Found attachment, string name, int maxLength)
    {
        var at = new At(Line, Column);
        var value = (await _xml.ReadElementContentAsStringAsync()).Trim();
        return value.Length <= maxLength
            ? value
            : throw PackageFaults.Invalid($"{attachment.Path}/{name}", $"{value.Length} characters; at most {maxLength} are allowed.", at);
    }

    private void ReadReferences(XElement manifest)
    {
        var fields = new Fields(manifest, $"{EdXmlNames.Body}/{EdXmlNames.Manifest}");
        foreach (var reference in fields.Many(EdXmlNames.Reference, int.MaxValue))
        {
            var attachment = new Attachment
            {
                ContentId = reference.Text("ContentId", Core.Letters.HeaderLimits.MaxContentIdLength, required: true),
                MediaType = reference.Text("ContentType", Core.Letters.ManifestRules.MaxMediaTypeLength),
                Description = reference.Text("Description", Core.Letters.ManifestRules.MaxSummaryLength),
                Name = reference.Text("AttachmentName", Core.Letters.ManifestRules.MaxAttachmentNameLength),
            };
            if (_references.Any(r => ContentKey(r.Attachment.ContentId) == ContentKey(attachment.ContentId)))
            {
                throw PackageFaults.Invalid($"{reference.Path}/ContentId", $"\"{attachment.ContentId}\" is used by an earlier reference too.", reference.Element);
            }

            _references.Add(new Reference(attachment, reference.Path, reference.Element));
        }
    }

    private async Task<XElement> LoadAsync(CancellationToken cancellationToken)
    {
        using var subtree = _xml.ReadSubtree();
        var element = await XElement.LoadAsync(subtree, LoadOptions.SetLineInfo | LoadOptions.PreserveWhitespace, cancellationToken);
        await _xml.ReadAsync();
        return element;
    }

    private void Ignore(string why)
    {
        if (_notes.Count < MaxNotes)
        {
            _notes.Add($"Ignored element {_xml.Name} at line {Line}, column {Column}: {why}.");
        }
    }

    private bool IsEdXml(string localName) => _xml.LocalName == localName && _xml.NamespaceURI == EdXmlNames.Namespace;

    private int Line => (_xml as IXmlLineInfo)?.LineNumber ?? 0;

    private int Column => (_xml as IXmlLineInfo)?.LinePosition ?? 0;

    /// <summary>"cid:a1", "&lt;a1&gt;" and "a1" name the same content.</summary>
    private static string ContentKey(string contentId)
    {
        var key = contentId.Trim();
        if (key.StartsWith("cid:", StringComparison.OrdinalIgnoreCase))
        {
            key = key[4..];
        }

        return key.Trim('<', '>');
    }

    private async Task Guarded(Func<Task> step) => await Guarded(async () =>
    {
        await step();
        return 0;
    });

    private async Task<T> Guarded<T>(Func<Task<T>> step)
    {
        try
        {
            return await step();
        }
        catch (XmlException e)
        {
            throw PackageFaults.Malformed(e, e.LineNumber > 0 ? e.LineNumber : Line, e.LineNumber > 0 ? e.LinePosition : Column);
        }
    }

    private sealed record Reference(Attachment Attachment, string Path, IXmlLineInfo At)
    {
        public Found? MatchedBy { get; set; }
    }

    /// <summary>An Attachment element as the package carries it, and what streamed through it.</summary>
    private sealed class Found(int index, string path, IXmlLineInfo at, bool digest)
    {
        private readonly IncrementalHash? _hash = digest ? IncrementalHash.CreateHash(HashAlgorithmName.SHA256) : null;
        private long _size;

        public int Index => index;
        public string Path => path;
        public IXmlLineInfo At => at;
        public string ContentId { get; set; } = string.Empty;
        public string Name { get; set; } = string.Empty;
        public string MediaType { get; set; } = string.Empty;
        public string Description { get; set; } = string.Empty;
        public Attachment? Reference { get; set; }

        public ReadOnlyMemory<byte> Take(ReadOnlyMemory<byte> data)
        {
            _size += data.Length;
            _hash?.AppendData(data.Span);
            return data;
        }

        public Attachment Complete()
        {
            var attachment = Reference!.Clone();
            attachment.Name = attachment.Name.Length > 0 ? attachment.Name : Name;
            attachment.MediaType = attachment.MediaType.Length > 0 ? attachment.MediaType : MediaType;
            attachment.Description = attachment.Description.Length > 0 ? attachment.Description : Description;
            attachment.Size = (ulong)_size;
            if (_hash is not null)
            {
                attachment.Sha256 = ByteString.CopyFrom(_hash.GetHashAndReset());
            }

            return attachment;
        }
    }

    private sealed record At(int LineNumber, int LinePosition) : IXmlLineInfo
    {
        public bool HasLineInfo() => LineNumber > 0;
    }
}
