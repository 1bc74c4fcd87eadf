using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace DocAxis.WebConsole.Tests.Infrastructure;

/// <summary>A person the test provider knows, with the claims its ID token carries.</summary>
public sealed record ProviderUser(string UserName, string Name, string[] Roles, string? Agency);

/// <summary>
/// A small OpenID Connect provider on a real loopback socket, speaking the authorization code flow
/// with PKCE as a ministry's provider would: discovery, JWKS, an authorization page where the
/// person picks who they are, a token endpoint that checks the client, the code, the redirect and
/// the PKCE verifier, and RS256-signed ID tokens. The console's side is ASP.NET Core's own handler.
/// </summary>
public sealed class TestIdentityProvider : IAsyncDisposable
{
    public const string ClientId = "docaxis-console";
    public const string ClientSecret = "bi-mat-cua-ung-dung-thu-nghiem";

    private readonly WebApplication _app;
    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "test-key-1" };
    private readonly ConcurrentDictionary<string, Grant> _codes = new();
    private readonly IReadOnlyList<ProviderUser> _users;

    private sealed record Grant(ProviderUser User, string ClientId, string RedirectUri, string? Nonce, string Challenge);

    private TestIdentityProvider(WebApplication app, IReadOnlyList<ProviderUser> users) => (_app, _users) = (app, users);

    public Uri Issuer { get; private set; } = null!;

    /// <summary>Token requests refused, and why: a test can see that nothing got through by another way.</summary>
    public ConcurrentQueue<string> Refusals { get; } = new();

    public static async Task<TestIdentityProvider> StartAsync(IReadOnlyList<ProviderUser> users)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var provider = new TestIdentityProvider(builder.Build(), users);
        provider.Map();
        await provider._app.StartAsync();
        var port = new Uri(provider._app.Urls.First()).Port;
        provider.Issuer = new Uri($"http://127.0.0.1:{port}");
        return provider;
    }

    private void Map()
    {
        _app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
        {
            ["issuer"] = Issuer.ToString().TrimEnd('/'),
            ["authorization_endpoint"] = new Uri(Issuer, "/authorize").ToString(),
            ["token_endpoint"] = new Uri(Issuer, "/token").ToString(),
            ["jwks_uri"] = new Uri(Issuer, "/jwks").ToString(),
            ["response_types_supported"] = new[] { "code" },
            ["subject_types_supported"] = new[] { "public" },
            ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            ["code_challenge_methods_supported"] = new[] { "S256" },
            ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post", "client_secret_basic" },
        }));
        _app.MapGet("/jwks", () =>
        {
            var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(_key.Rsa.ExportParameters(false)) { KeyId = _key.KeyId });
            return Results.Json(new { keys = new[] { new { kty = jwk.Kty, kid = jwk.Kid, use = "sig", alg = "RS256", n = jwk.N, e = jwk.E } } });
        });
        _app.MapGet("/authorize", (HttpRequest request) => Results.Content(ChooserPage(request.Query), "text/html; charset=utf-8"));
        _app.MapPost("/authorize", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            var user = _users.Single(u => u.UserName == form["user"]);
            var code = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
            _codes[code] = new Grant(user, form["client_id"]!, form["redirect_uri"]!, form["nonce"], form["code_challenge"]!);
            // form_post: the browser carries the code back to the console in a POST.
            return Results.Content($"""
                <!DOCTYPE html><html><body onload="document.forms[0].submit()">
                <form method="post" action="{WebUtility.HtmlEncode(form["redirect_uri"])}">
                <input type="hidden" name="code" value="{code}"><input type="hidden" name="state" value="{WebUtility.HtmlEncode(form["state"])}">
                </form></body></html>
                """, "text/html; charset=utf-8");
        });
        _app.MapPost("/token", async (HttpRequest request) =>
        {
            var form = await request.ReadFormAsync();
            var (clientId, secret) = Client(request, form);
            if (clientId != ClientId || secret != ClientSecret)
            {
                return Refuse("invalid_client");
            }

            if (form["grant_type"] != "authorization_code" || !_codes.TryRemove(form["code"].ToString(), out var grant))
            {
                return Refuse("invalid_grant");
            }

            var challenge = Base64UrlEncoder.Encode(SHA256.HashData(Encoding.ASCII.GetBytes(form["code_verifier"].ToString())));
            if (grant.ClientId != clientId || grant.RedirectUri != form["redirect_uri"] || grant.Challenge != challenge)
            {
                return Refuse("invalid_grant");
            }

            var claims = new Dictionary<string, object>
            {
                ["sub"] = "sub-" + grant.User.UserName,
                ["preferred_username"] = grant.User.UserName,
                ["name"] = grant.User.Name,
                ["roles"] = grant.User.Roles,
            };
            if (grant.Nonce is { } nonce)
            {
                claims["nonce"] = nonce;
            }

            if (grant.User.Agency is { } agency)
            {
                claims["agency"] = agency;
            }

            var now = TimeProvider.System.GetUtcNow().UtcDateTime;
            var idToken = new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
            {
                Issuer = Issuer.ToString().TrimEnd('/'),
                Audience = clientId,
                Claims = claims,
                IssuedAt = now,
                NotBefore = now.AddSeconds(-5),
                Expires = now.AddMinutes(5),
                SigningCredentials = new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
            });
            return Results.Json(new { access_token = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)), token_type = "Bearer", expires_in = 300, id_token = idToken });
        });
    }

    private IResult Refuse(string error)
    {
        Refusals.Enqueue(error);
        return Results.Json(new { error }, statusCode: 400);
    }

    private static (string? ClientId, string? Secret) Client(HttpRequest request, IFormCollection form)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.Ordinal))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..])).Split(':', 2);
            return (Uri.UnescapeDataString(pair[0]), Uri.UnescapeDataString(pair[1]));
        }

        return (form["client_id"], form["client_secret"]);
    }

    private string ChooserPage(IQueryCollection query)
    {
        var hidden = string.Concat(new[] { "client_id", "redirect_uri", "state", "nonce", "code_challenge" }
            .Select(name => $"<input type=\"hidden\" name=\"{name}\" value=\"{WebUtility.HtmlEncode(query[name])}\">"));
        var buttons = string.Concat(_users.Select(u => $"<button type=\"submit\" name=\"user\" value=\"{WebUtility.HtmlEncode(u.UserName)}\">{WebUtility.HtmlEncode(u.Name)}</button>"));
        return $"""
            <!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Cổng xác thực thử nghiệm</title></head>
            <body><main><h1>Cổng xác thực thử nghiệm</h1><form method="post" action="/authorize">{hidden}{buttons}</form></main></body></html>
            """;
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
