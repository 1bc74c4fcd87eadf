namespace DocAxis.Node.Rest;

/// <summary>A received letter as the REST endpoint lists it (shaped after the provincial platforms' GET /vanbans).</summary>
/// <param name="Id">The envelope id; GET /vanbans/{id} returns the package.</param>
/// <param name="Status">The latest edXML status the DMS reported, empty if none.</param>
public sealed record ReceivedLetter(
    string Id, string DocumentId, string From, string FromName, string Code, string Subject, DateTimeOffset ReceivedAt, string Status, int BusinessType, string AwaitingAnswerTo);

/// <summary>An edXML package in base64, in or out: <c>type</c> is "edoc" for a letter, "status" for a status message.</summary>
public sealed record PackageBody(string Type, string Content, string? Id = null);

/// <summary>What the node did with a package sent to it.</summary>
/// <param name="Id">The letter's envelope id (for a status message: the report id).</param>
public sealed record SendResult(string Id, string State, DateTimeOffset QueuedAt);

/// <summary>
/// A status for a received letter: the platforms' INITIAL, PROCESSING, DONE or FAIL, or an edXML code
/// ("01".."06", "15", "16"); description and staff as edXML StaffInfo has them.
/// </summary>
public sealed record StatusUpdate(string Status, string? Description = null, string? Staff = null, string? Department = null);

/// <summary>An agency of the directory (shaped after GET /donvilienthongs).</summary>
public sealed record DirectoryEntry(string Code, string LegacyCode, string Name, string Level, string ParentCode, bool Enabled);

/// <summary>A refusal: the stable reason, the sentence naming the fault, and the facts (field, line, column, limit).</summary>
public sealed record ErrorBody(ErrorDetail Error);

public sealed record ErrorDetail(string Reason, string Message, IReadOnlyDictionary<string, string> Details);
