using System.Net;
using DocAxis.WebConsole.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace DocAxis.WebConsole;

/// <summary>
/// Marks the console's endpoints, and serves them only on the console's listener (matched on the
/// socket, not on a Host header a proxy may rewrite); the listener serves nothing else.
/// </summary>
public sealed class ConsoleEndpoint
{
    public static readonly ConsoleEndpoint Marker = new();

    /// <summary>The most a console request other than an upload may carry.</summary>
    public const long MaxFormBytes = 1024 * 1024;

    /// <summary>Adds the listener, pages, sign-in, antiforgery and languages.</summary>
    public static IPEndPoint Add(WebApplicationBuilder builder, ConsoleOptions options, string section)
    {
        var problems = Validate(options, section);
        if (problems.Count > 0)
        {
            throw new OptionsValidationException(section, typeof(ConsoleOptions), problems);
        }

        var endpoint = IPEndPoint.Parse(options.Listen);
        var certificate = options.Tls is { } tls ? Transport.Tls.TlsCertificates.Load(tls) : null;
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(endpoint, listen =>
        {
            listen.Protocols = HttpProtocols.Http1AndHttp2;
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        builder.Services.AddSingleton(options);
        // Vietnamese text stays text in the HTML, not a character reference per letter.
        builder.Services.Configure<Microsoft.Extensions.WebEncoders.WebEncoderOptions>(encoder =>
            encoder.TextEncoderSettings = new System.Text.Encodings.Web.TextEncoderSettings(System.Text.Unicode.UnicodeRanges.All));
        builder.Services.AddLocalization(localization => localization.ResourcesPath = "Resources");
        builder.Services.AddRazorPages(pages => pages.Conventions
                .AuthorizeFolder("/Clerk", ConsoleRoles.ClerkPolicy)
                .AuthorizeFolder("/Operator", ConsoleRoles.OperatorPolicy)
                .AuthorizeFolder("/Auditor", ConsoleRoles.AuditorPolicy)
                .AuthorizeFolder("/Hub", ConsoleRoles.HubStaffPolicy))
            .AddApplicationPart(typeof(ConsoleEndpoint).Assembly)
            .AddViewLocalization();
        ConsoleAuthentication.Add(builder.Services, options);
        return endpoint;
    }

    /// <summary>The middleware and endpoints, on the built application.</summary>
    public static void Map(WebApplication app, int port)
    {
        // A refusal is a page a person can read, in their language, keeping its status code; it
        // comes before routing so that the error page is routed like any other.
        app.UseWhen(context => context.Connection.LocalPort == port, console => console.UseStatusCodePagesWithReExecute("/error/{0}"));
        app.UseRouting();
        app.Use((context, next) =>
        {
            var onConsole = context.Connection.LocalPort == port;
            // The provider's answer has no endpoint: the authentication middleware takes it, on the console's socket only.
            var providerAnswer = context.Request.Path.Equals(ProviderSignIn.CallbackPath, StringComparison.OrdinalIgnoreCase);
            if (providerAnswer ? !onConsole : onConsole != (context.GetEndpoint()?.Metadata.GetMetadata<ConsoleEndpoint>() is not null))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            if (onConsole)
            {
                SecurityHeaders.Apply(context.Response.Headers);
                // Forms are small; the one upload endpoint raises this for itself.
                if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } body)
                {
                    body.MaxRequestBodySize = MaxFormBytes;
                }
            }

            return next(context);
        });
        app.UseRequestLocalization(new RequestLocalizationOptions
        {
            DefaultRequestCulture = new RequestCulture(ConsoleCultures.Vietnamese),
            SupportedCultures = ConsoleCultures.All,
            SupportedUICultures = ConsoleCultures.All,
            RequestCultureProviders = [new CookieRequestCultureProvider()],
        });
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapRazorPages().WithMetadata(Marker);
        app.MapGet("/assets/{name}", ConsoleAssets.Serve).WithMetadata(Marker);
        if (app.Services.GetRequiredService<ConsoleOptions>().OpenIdConnect is not null)
        {
            app.MapGet(ProviderSignIn.Path, (string? returnUrl) => ProviderSignIn.Challenge(returnUrl)).AllowAnonymous().WithMetadata(Marker);
        }
    }

    private static List<string> Validate(ConsoleOptions options, string section)
    {
        List<string> problems = [];
        if (!IPEndPoint.TryParse(options.Listen, out var endpoint) || endpoint.Port == 0)
        {
            problems.Add($"{section}:Listen: '{options.Listen}' is not an address:port");
        }
        else if (options.Tls is null && !IPAddress.IsLoopback(endpoint.Address))
        {
            problems.Add($"{section}:Tls: a console listening beyond loopback must serve HTTPS; give a certificate");
        }

        if (options.RecipientListLimit is < 0 or > 100_000)
        {
            problems.Add($"{section}:RecipientListLimit: must be from 0 to 100000");
        }

        if (options.LockoutThreshold is < 1 or > 100)
        {
            problems.Add($"{section}:LockoutThreshold: must be from 1 to 100");
        }

        if (options.SessionTimeout <= TimeSpan.Zero || options.LockoutDuration <= TimeSpan.Zero)
        {
            problems.Add($"{section}:SessionTimeout and LockoutDuration: must be positive");
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone, out _))
        {
            problems.Add($"{section}:TimeZone: '{options.TimeZone}' is not a time zone this machine knows");
        }

        return problems;
    }
}
