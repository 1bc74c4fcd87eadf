namespace DocAxis.WebConsole.Access;

/// <summary>Who a person is to the console: the role decides the pages, the agency what they show.</summary>
public static class ConsoleRoles
{
    /// <summary>A clerk of one agency hosted by the node: its letters only.</summary>
    public const string Clerk = "Clerk";

    /// <summary>Runs the hub: directory, failed deliveries, instances.</summary>
    public const string Operator = "Operator";

    /// <summary>Reads the hub's exchange log and statistics.</summary>
    public const string Auditor = "Auditor";

    public const string AgencyClaim = "docaxis:agency";
    public const string ClerkPolicy = "Clerk";
    public const string OperatorPolicy = "Operator";
    public const string AuditorPolicy = "Auditor";

    /// <summary>Operators and auditors alike: the hub's statistics.</summary>
    public const string HubStaffPolicy = "HubStaff";

    public static readonly IReadOnlyList<string> All = [Clerk, Operator, Auditor];
}
