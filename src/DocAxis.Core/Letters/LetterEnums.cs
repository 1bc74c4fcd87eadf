namespace DocAxis.Core.Letters;

/// <summary>edXML Priority, 0 to 4.</summary>
public enum Urgency
{
    Normal = 0,
    Urgent = 1,
    VeryUrgent = 2,
    Flash = 3,
    FlashTimed = 4,
}

/// <summary>edXML BussinessDocType: what a letter does to an earlier one.</summary>
public enum BusinessType
{
    New = 0,
    Revoke = 1,
    Update = 2,
    Replace = 3,
}

/// <summary>Security classification; the axis carries only <see cref="Unclassified"/> letters.</summary>
public enum Classification
{
    Unclassified = 0,
    Confidential = 1,
    Secret = 2,
    TopSecret = 3,
}
