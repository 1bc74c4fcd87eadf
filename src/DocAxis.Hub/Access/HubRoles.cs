using DocAxis.Core;
using DocAxis.Hub.Options;
using DocAxis.Transport.Peers;

namespace DocAxis.Hub.Access;

/// <summary>
/// Who may do what beyond their own letters: operators administer the directory, auditors read
/// everything and change nothing. Both are certificate identities listed in configuration.
/// </summary>
public sealed class HubRoles(HubOptions options, ActingAgencies acting)
{
    public bool IsOperator(PeerIdentity caller) => options.Operators.Contains(caller.Identity);

    public bool IsAuditor(PeerIdentity caller) => options.Auditors.Contains(caller.Identity);

    /// <summary>Operators and auditors may read any letter's trace.</summary>
    public bool SeesEverything(PeerIdentity caller) => IsOperator(caller) || IsAuditor(caller);

    /// <summary>Refuses unless the caller acts for <paramref name="owner"/> (the agency concerned, or its platform) or is an operator.</summary>
    public async Task RequireSelfOrOperatorAsync(PeerIdentity caller, string owner, string what, string field)
    {
        if (!IsOperator(caller) && !await acting.ActsForAsync(caller, owner))
        {
            throw new RefusalException(
                RefusalReason.AccessDenied, $"\"{caller.Identity}\" may not {what}: only {owner} (or its platform) and the identities in Hub:Operators may.", field);
        }
    }

    public void RequireOperator(PeerIdentity caller, string what)
    {
        if (!IsOperator(caller))
        {
            throw new RefusalException(
                RefusalReason.AccessDenied,
                $"\"{caller.Identity}\" may not {what}: only the identities in Hub:Operators may.",
                new Dictionary<string, string> { ["certificate"] = caller.Certificate });
        }
    }
}
