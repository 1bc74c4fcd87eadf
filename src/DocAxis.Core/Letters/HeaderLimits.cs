namespace DocAxis.Core.Letters;

/// <summary>
/// Bounds on the edXML header fields the Manifest carries beyond what <see cref="ManifestRules"/>
/// checks (fields 20 and up of docaxis.v1.Manifest, and the organ fields of an agency).
/// </summary>
public static class HeaderLimits
{
    public const int MaxOrganFieldLength = 255;
    public const int MaxDocumentIdLength = 100;
    public const int MaxWrittenCodeLength = 50;
    public const int MaxShortValueLength = 10;
    public const int MaxTimestampLength = 30;
    public const int MaxPlaceEntryLength = 255;
    public const int MaxAppendixLength = 500;
    public const int MaxContentIdLength = 255;
    public const int MaxEntries = 100;
    public const int MaxAgencyEntries = 500;
    public const int MaxSignatureElementBytes = 64 * 1024;
    public const int MaxVerdictReasonLength = 1000;
    public const int MaxSignerSubjectLength = 500;
    public const int MaxSteeringType = 2;
    public const int MaxPaper = 1;

    /// <summary>The bounds of an edXML StaffInfo, wherever one arrives (a package, a DMS's report, a recipient's signed report).</summary>
    public static void CheckStaff(string department, string staff, string mobile, string email, string field)
    {
        Text.Optional(department, MaxOrganFieldLength, $"{field}.department");
        Text.Optional(staff, ManifestRules.MaxSignerFieldLength, $"{field}.staff");
        Text.Optional(mobile, MaxOrganFieldLength, $"{field}.mobile");
        Text.Optional(email, MaxOrganFieldLength, $"{field}.email");
    }
}
