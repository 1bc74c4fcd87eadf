namespace DocAxis.WebConsole.Access;

/// <summary>
/// Signing in through the ministry's identity provider (section "…:Console:OpenIdConnect"): the
/// authorization code flow with PKCE, the person's role and agency read from the ID token's claims.
/// The client secret belongs in the environment (<c>Node__Console__OpenIdConnect__ClientSecret</c>), not in a file.
/// </summary>
public sealed class OpenIdConnectSignIn
{
    /// <summary>The provider's issuer address; its discovery document is read from there.</summary>
    public string Authority { get; set; } = "";

    public string ClientId { get; set; } = "";

    public string? ClientSecret { get; set; }

    public string[] Scopes { get; set; } = ["openid", "profile"];

    /// <summary>The claim that names the person's account (shown in the exchange log).</summary>
    public string UserClaim { get; set; } = "preferred_username";

    /// <summary>The claim with the person's full name (shown on the pages).</summary>
    public string NameClaim { get; set; } = "name";

    /// <summary>The claim (one value or several) with the person's roles at the provider.</summary>
    public string RoleClaim { get; set; } = "roles";

    /// <summary>The claim with a clerk's agency code.</summary>
    public string AgencyClaim { get; set; } = "agency";

    /// <summary>The provider's role names and the console role each one grants; a role not listed grants nothing.</summary>
    public Dictionary<string, string> Roles { get; set; } = new(StringComparer.Ordinal)
    {
        ["docaxis-clerk"] = ConsoleRoles.Clerk,
        ["docaxis-operator"] = ConsoleRoles.Operator,
        ["docaxis-auditor"] = ConsoleRoles.Auditor,
    };

    /// <summary>Only for a provider on loopback in tests: production metadata is fetched over HTTPS.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>The provider's name on the sign-in page.</summary>
    public string DisplayName { get; set; } = "Cổng xác thực của bộ";

    /// <summary>Whether local accounts may still sign in beside the provider (a way in when it is down).</summary>
    public bool LocalAccounts { get; set; } = true;
}
