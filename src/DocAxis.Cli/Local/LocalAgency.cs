using DocAxis.Core.Agencies;

namespace DocAxis.Cli.Local;

/// <summary>An agency of a loopback deployment: it gets certificates, a directory entry and a node.</summary>
/// <param name="HostedBy">
/// The agency whose node also hosts this one (a province's platform hosting its communes); null
/// for an agency with its own node.
/// </param>
/// <param name="LegacyCode">The agency's older QCVN 102 code in the directory, if any.</param>
public sealed record LocalAgency(AgencyCode Code, string Name, GovernmentLevel Level, AgencyCode? Parent = null, AgencyCode? HostedBy = null, string? LegacyCode = null)
{
    /// <summary>The agency whose node this agency is on: itself, or its host.</summary>
    public AgencyCode Node => HostedBy ?? Code;
}
