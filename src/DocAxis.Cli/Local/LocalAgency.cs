using DocAxis.Core.Agencies;

namespace DocAxis.Cli.Local;

/// <summary>An agency of a loopback deployment: it gets certificates, a node and a directory entry.</summary>
public sealed record LocalAgency(AgencyCode Code, string Name, GovernmentLevel Level, AgencyCode? Parent = null);
