using System.Security.Claims;
using DocAxis.Hosting.Audit;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;

namespace DocAxis.WebConsole.Access;

/// <summary>
/// Turns an identity provider's ID token into a console session: the provider's roles mapped by
/// <see cref="OpenIdConnectSignIn.Roles"/>, kept only where <see cref="ConsoleAudience"/> gives the
/// person a place; nobody is let in on a role or agency this console does not serve. Each
/// sign-in, let in or not, is in the exchange log.
/// </summary>
public static class ProviderSignIn
{
    public const string Path = "/sign-in/provider";

    /// <summary>Where the provider sends the person back (the redirect URI to register with it).</summary>
    public const string CallbackPath = "/sign-in/provider/callback";

    public static void Configure(OpenIdConnectOptions oidc, OpenIdConnectSignIn provider, CookieSecurePolicy secure)
    {
        oidc.SignInScheme = ConsoleAuthentication.Scheme;
        oidc.Authority = provider.Authority;
        oidc.ClientId = provider.ClientId;
        oidc.ClientSecret = provider.ClientSecret;
        oidc.ResponseType = OpenIdConnectResponseType.Code;
        oidc.UsePkce = true;
        oidc.RequireHttpsMetadata = provider.RequireHttpsMetadata;
        oidc.MapInboundClaims = false;
        oidc.SaveTokens = false;
        oidc.GetClaimsFromUserInfoEndpoint = false;
        oidc.CallbackPath = CallbackPath;
        oidc.Scope.Clear();
        foreach (var scope in provider.Scopes)
        {
            oidc.Scope.Add(scope);
        }

        // The provider's answer is a POST from its own site, which only SameSite=None cookies (so Secure) survive;
        // plain HTTP is loopback only, where the provider is on the same site and Lax is enough.
        var sameSite = secure == CookieSecurePolicy.Always ? SameSiteMode.None : SameSiteMode.Lax;
        (oidc.CorrelationCookie.SecurePolicy, oidc.CorrelationCookie.SameSite) = (secure, sameSite);
        (oidc.NonceCookie.SecurePolicy, oidc.NonceCookie.SameSite) = (secure, sameSite);
        oidc.Events.OnTokenValidated = context =>
        {
            var services = context.HttpContext.RequestServices;
            var audit = services.GetRequiredService<AuditTrail>();
            var (principal, why) = Map(context.Principal!, provider, services.GetRequiredService<ConsoleAudience>());
            if (principal is null)
            {
                audit.Record($"console:{context.Principal!.FindFirstValue(provider.UserClaim) ?? "?"}", "ConsoleSignIn", "refused", reason: "SIGN_IN_FAILED", detail: $"OpenID Connect: {why}");
                context.Fail(why);
                return Task.CompletedTask;
            }

            context.Principal = principal;
            audit.Record(Clerk.ClerkDesk.Actor(principal), "ConsoleSignIn", "accepted", detail: $"OpenID Connect, {provider.Authority}");
            return Task.CompletedTask;
        };
        // A refusal (here or at the provider) lands on the sign-in page with a plain message, not an exception page.
        oidc.Events.OnRemoteFailure = context =>
        {
            context.Response.Redirect("/sign-in?refused=true");
            context.HandleResponse();
            return Task.CompletedTask;
        };
    }

    /// <summary>The console's principal for the provider's, or null and why not.</summary>
    public static (ClaimsPrincipal? Principal, string Why) Map(ClaimsPrincipal external, OpenIdConnectSignIn provider, ConsoleAudience audience)
    {
        var user = external.FindFirstValue(provider.UserClaim) ?? external.FindFirstValue("sub");
        if (string.IsNullOrWhiteSpace(user) || user.Length > 64)
        {
            return (null, $"the token has no usable {provider.UserClaim} or sub");
        }

        var agency = external.FindFirstValue(provider.AgencyClaim);
        var roles = external.FindAll(provider.RoleClaim)
            .Select(c => provider.Roles.GetValueOrDefault(c.Value))
            .OfType<string>()
            .Where(role => audience.MayUse(role, role == ConsoleRoles.Clerk ? agency : null))
            .Distinct()
            .ToList();
        if (roles.Count == 0)
        {
            return (null, $"{user} has no role this console serves (roles: {string.Join(", ", external.FindAll(provider.RoleClaim).Select(c => c.Value))}; agency: {agency ?? "none"})");
        }

        List<Claim> claims =
        [
            new(ClaimTypes.NameIdentifier, user),
            new(ClaimTypes.Name, external.FindFirstValue(provider.NameClaim) ?? user),
            .. roles.Select(role => new Claim(ClaimTypes.Role, role)),
        ];
        if (roles.Contains(ConsoleRoles.Clerk))
        {
            claims.Add(new Claim(ConsoleRoles.AgencyClaim, agency!));
        }

        return (new ClaimsPrincipal(new ClaimsIdentity(claims, ConsoleAuthentication.Scheme, ClaimTypes.Name, ClaimTypes.Role)), "");
    }

    /// <summary>Sends the person to the provider, coming back to <paramref name="returnUrl"/> if it is a page of this console.</summary>
    public static IResult Challenge(string? returnUrl) =>
        Results.Challenge(
            new AuthenticationProperties { RedirectUri = returnUrl is { Length: > 0 } && returnUrl[0] == '/' && !returnUrl.StartsWith("//", StringComparison.Ordinal) && !returnUrl.StartsWith("/\\", StringComparison.Ordinal) ? returnUrl : "/" },
            [ConsoleAuthentication.ProviderScheme]);
}
