using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace DocAxis.WebConsole.Access;

/// <summary>
/// The console's cookie session: Secure, HttpOnly, SameSite=Strict (Lax when an identity provider
/// signs people in, whose answer arrives from its own site), ending after a quiet while.
/// </summary>
public static class ConsoleAuthentication
{
    public const string Scheme = "DocAxis.WebConsole";
    public const string ProviderScheme = "DocAxis.WebConsole.OpenIdConnect";
    public const string AntiforgeryHeader = "X-DocAxis-Antiforgery";

    public static void Add(IServiceCollection services, ConsoleOptions options)
    {
        var secure = options.Tls is null ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
        var provider = options.OpenIdConnect;
        var authentication = services.AddAuthentication(Scheme).AddCookie(Scheme, cookie =>
        {
            cookie.Cookie.Name = "DocAxis.WebConsole";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SecurePolicy = secure;
            cookie.Cookie.SameSite = provider is null ? SameSiteMode.Strict : SameSiteMode.Lax;
            cookie.ExpireTimeSpan = options.SessionTimeout;
            cookie.SlidingExpiration = true;
            cookie.LoginPath = "/sign-in";
            cookie.LogoutPath = "/sign-out";
            // A page the person may not see is a plain 403, not a redirect to a sign-in they already did.
            cookie.Events.OnRedirectToAccessDenied = context =>
            {
                context.Response.StatusCode = StatusCodes.Status403Forbidden;
                return Task.CompletedTask;
            };
        });
        if (provider is not null)
        {
            authentication.AddOpenIdConnect(ProviderScheme, oidc => ProviderSignIn.Configure(oidc, provider, secure));
        }

        services.AddAuthorizationBuilder()
            .AddPolicy(ConsoleRoles.ClerkPolicy, policy => policy.RequireRole(ConsoleRoles.Clerk).RequireClaim(ConsoleRoles.AgencyClaim))
            .AddPolicy(ConsoleRoles.OperatorPolicy, policy => policy.RequireRole(ConsoleRoles.Operator))
            .AddPolicy(ConsoleRoles.AuditorPolicy, policy => policy.RequireRole(ConsoleRoles.Auditor))
            .AddPolicy(ConsoleRoles.HubStaffPolicy, policy => policy.RequireRole(ConsoleRoles.Operator, ConsoleRoles.Auditor));
        services.AddAntiforgery(antiforgery =>
        {
            antiforgery.Cookie.Name = "DocAxis.Antiforgery";
            // The upload sends its token in a header, so that checking it does not read the body.
            antiforgery.HeaderName = AntiforgeryHeader;
            antiforgery.Cookie.SecurePolicy = secure;
            antiforgery.Cookie.SameSite = SameSiteMode.Strict;
        });
    }
}
