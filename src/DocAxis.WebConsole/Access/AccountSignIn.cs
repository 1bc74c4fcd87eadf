using System.Security.Claims;
using DocAxis.Storage;
using DocAxis.Storage.Accounts;
using Microsoft.AspNetCore.Identity;

namespace DocAxis.WebConsole.Access;

/// <summary>
/// Checks a user name and password against the local accounts, counting failures and locking an
/// account after <see cref="ConsoleOptions.LockoutThreshold"/> in a row. Unknown, disabled and
/// wrong are told apart only in the exchange log, never to the person signing in.
/// </summary>
/// <param name="audience">Who may use this console at all (a clerk of an agency this node hosts).</param>
public sealed class AccountSignIn(ConsoleAccounts accounts, ConsoleOptions options, ConsoleAudience audience, TimeProvider time)
{
    private static readonly PasswordHasher<ConsoleAccount> Hasher = new();

    // Checked against when the user is unknown, so that the answer takes as long either way.
    private static readonly string Decoy = Hash(Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(18)));

    public static string Hash(string password) => Hasher.HashPassword(new ConsoleAccount(), password);

    /// <summary>An account as it is stored: the password only as its hash.</summary>
    public static ConsoleAccount NewAccount(string userName, string displayName, string role, string? agencyCode, string password, DateTimeOffset at) => new()
    {
        UserName = userName, DisplayName = displayName, Role = role, AgencyCode = agencyCode, PasswordHash = Hash(password), CreatedAt = Epoch.ToMs(at),
    };

    public static ConsoleAccount NewClerk(string userName, string displayName, string agencyCode, string password, DateTimeOffset at) =>
        NewAccount(userName, displayName, ConsoleRoles.Clerk, agencyCode, password, at);

    public async Task<SignInOutcome> CheckAsync(string userName, string password)
    {
        var now = time.GetUtcNow();
        var account = await accounts.FindAsync(userName);
        if (account is null)
        {
            Hasher.VerifyHashedPassword(new ConsoleAccount(), Decoy, password);
            return SignInOutcome.Refused("unknown user");
        }

        if (account.Disabled)
        {
            return SignInOutcome.Refused("account disabled");
        }

        if (!audience.MayUse(account.Role, account.AgencyCode))
        {
            return SignInOutcome.Refused($"a {account.Role} of {account.AgencyCode ?? "no agency"} has no place in this console");
        }

        if (account.LockedUntil is { } locked && locked > Epoch.ToMs(now))
        {
            return SignInOutcome.Locked(Epoch.FromMs(locked));
        }

        var verdict = Hasher.VerifyHashedPassword(account, account.PasswordHash, password);
        if (verdict == PasswordVerificationResult.Failed)
        {
            var failures = await accounts.RecordFailureAsync(userName, options.LockoutThreshold, now + options.LockoutDuration, now);
            return failures >= options.LockoutThreshold
                ? SignInOutcome.Locked(now + options.LockoutDuration, $"wrong password, {failures} in a row: locked")
                : SignInOutcome.Refused($"wrong password, {failures} in a row");
        }

        await accounts.RecordSuccessAsync(userName, verdict == PasswordVerificationResult.SuccessRehashNeeded ? Hash(password) : null, now);
        return SignInOutcome.Accepted(Principal(account));
    }

    private static ClaimsPrincipal Principal(ConsoleAccount account)
    {
        List<Claim> claims =
        [
            new(ClaimTypes.NameIdentifier, account.UserName),
            new(ClaimTypes.Name, account.DisplayName),
            new(ClaimTypes.Role, account.Role),
        ];
        if (account.AgencyCode is { } agency)
        {
            claims.Add(new Claim(ConsoleRoles.AgencyClaim, agency));
        }

        return new ClaimsPrincipal(new ClaimsIdentity(claims, ConsoleAuthentication.Scheme, ClaimTypes.Name, ClaimTypes.Role));
    }
}

/// <summary>What a sign-in attempt came to; <see cref="LogDetail"/> is for the exchange log only.</summary>
public sealed record SignInOutcome(ClaimsPrincipal? Principal, DateTimeOffset? LockedUntil, string LogDetail)
{
    public static SignInOutcome Accepted(ClaimsPrincipal principal) => new(principal, null, "signed in");

    public static SignInOutcome Refused(string why) => new(null, null, why);

    public static SignInOutcome Locked(DateTimeOffset until, string why = "locked") => new(null, until, why);
}
