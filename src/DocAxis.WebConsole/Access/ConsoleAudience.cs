namespace DocAxis.WebConsole.Access;

/// <summary>
/// Who has a place in this console, whichever way they sign in: at a node, clerks of the agencies
/// it hosts; at a hub, operators and auditors.
/// </summary>
public sealed class ConsoleAudience(Func<string, string?, bool> mayUse)
{
    /// <summary>Whether a person with <paramref name="role"/> (of <paramref name="agencyCode"/>, for a clerk) may use this console.</summary>
    public bool MayUse(string role, string? agencyCode) => mayUse(role, agencyCode);
}
