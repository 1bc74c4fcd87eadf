using System.Security.Cryptography;
using System.Text;
using DocAxis.Core;
using Grpc.Core;

namespace DocAxis.Node.Dms;

/// <summary>
/// The DMS API authenticates each call as one hosted agency by a bearer token, so that on a node
/// hosting many agencies (a province's communes) each DMS sees only its own inbox and letters.
/// </summary>
public static class DmsTokens
{
    public const string Header = "authorization";
    public const string Scheme = "Bearer ";

    /// <summary>A new random token and the SHA-256 (hex) to configure as Node:Agencies:N:DmsTokenSha256.</summary>
    public static (string Token, string Sha256) Create()
    {
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (token, HashOf(token));
    }

    public static string HashOf(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>
    /// Refuses the call unless it carries the token of <paramref name="agency"/>: UNAUTHENTICATED
    /// (<see cref="RefusalReason.TokenInvalid"/>) without a token or with one no hosted agency has,
    /// PERMISSION_DENIED for another hosted agency's token asking about this one.
    /// </summary>
    public static void Require(ServerCallContext context, HostedAgency agency, HostedAgencies hosted) =>
        Require(context.RequestHeaders.GetValue(Header), agency, hosted);

    /// <summary>The hosted agency whose token an Authorization header value carries (the REST endpoint names no agency).</summary>
    public static HostedAgency AgencyOf(string? authorization, HostedAgencies hosted)
    {
        if (authorization is null || !authorization.StartsWith(Scheme, StringComparison.Ordinal))
        {
            throw new RefusalException(RefusalReason.TokenInvalid, "The request carries no DMS token; send \"Authorization: Bearer <token>\".");
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(authorization[Scheme.Length..]));
        return hosted.ByTokenHash(presented)
            ?? throw new RefusalException(RefusalReason.TokenInvalid, "The DMS token is not one this node issued; check the token configured in the DMS (docaxis node token makes a new one).");
    }

    private static void Require(string? value, HostedAgency agency, HostedAgencies hosted)
    {
        if (value is null || !value.StartsWith(Scheme, StringComparison.Ordinal))
        {
            throw new RefusalException(RefusalReason.TokenInvalid, $"The call carries no DMS token; send \"authorization: Bearer <token>\" for agency {agency.Code}.");
        }

        var presented = SHA256.HashData(Encoding.UTF8.GetBytes(value[Scheme.Length..]));
        if (CryptographicOperations.FixedTimeEquals(presented, agency.DmsTokenSha256))
        {
            return;
        }

        if (hosted.ByTokenHash(presented) is null)
        {
            throw new RefusalException(RefusalReason.TokenInvalid, "The DMS token is not one this node issued; check the token configured in the DMS (docaxis node token makes a new one).");
        }

        throw new RefusalException(RefusalReason.AccessDenied, $"The DMS token is not that of agency {agency.Code}; a DMS acts only for its own agency.", "agency_code");
    }
}
