namespace DocAxis.Core.Agencies;

/// <summary>The four levels of government an agency can belong to.</summary>
public enum GovernmentLevel
{
    Central = 1,
    Province = 2,
    District = 3,
    Commune = 4,
}
