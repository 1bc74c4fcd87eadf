using Dapper;

namespace DocAxis.Storage.Accounts;

/// <summary>
/// The console's local accounts, in the host's own database. Only hashes are stored; the caller
/// hashes and verifies (ASP.NET Core's password hasher), this class keeps the counts and locks.
/// </summary>
public sealed class ConsoleAccounts(Database database)
{
    public async Task<ConsoleAccount?> FindAsync(string userName)
    {
        await using var connection = await database.OpenAsync();
        return await connection.QuerySingleOrDefaultAsync<ConsoleAccount>("SELECT * FROM console_accounts WHERE user_name = @userName", new { userName });
    }

    public async Task<IReadOnlyList<ConsoleAccount>> ListAsync()
    {
        await using var connection = await database.OpenAsync();
        return [.. await connection.QueryAsync<ConsoleAccount>("SELECT * FROM console_accounts ORDER BY user_name")];
    }

    /// <summary>Adds an account; false if the user name is taken.</summary>
    public async Task<bool> AddAsync(ConsoleAccount account)
    {
        return await database.WriteAsync(async connection =>
        {
            if (await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM console_accounts WHERE user_name = @UserName", account) > 0)
            {
                return false;
            }

            await connection.ExecuteAsync("""
                INSERT INTO console_accounts (user_name, display_name, role, agency_code, password_hash, failed_attempts, locked_until, disabled, created_at, updated_at)
                VALUES (@UserName, @DisplayName, @Role, @AgencyCode, @PasswordHash, 0, NULL, 0, @CreatedAt, @CreatedAt)
                """, account);
            return true;
        });
    }

    /// <summary>Sets a new password hash and clears failures and any lock; false if there is no such account.</summary>
    public async Task<bool> ResetPasswordAsync(string userName, string passwordHash, DateTimeOffset at) =>
        await database.WriteAsync(connection => connection.ExecuteAsync(
            "UPDATE console_accounts SET password_hash = @passwordHash, failed_attempts = 0, locked_until = NULL, updated_at = @at WHERE user_name = @userName",
            new { userName, passwordHash, at = Epoch.ToMs(at) })) == 1;

    /// <summary>Disables or enables an account; false if there is no such account.</summary>
    public async Task<bool> SetDisabledAsync(string userName, bool disabled, DateTimeOffset at) =>
        await database.WriteAsync(connection => connection.ExecuteAsync(
            "UPDATE console_accounts SET disabled = @disabled, updated_at = @at WHERE user_name = @userName",
            new { userName, disabled = disabled ? 1 : 0, at = Epoch.ToMs(at) })) == 1;

    /// <summary>Counts a failed sign-in and locks the account until <paramref name="lockUntil"/> once <paramref name="threshold"/> is reached; returns the count.</summary>
    public async Task<long> RecordFailureAsync(string userName, int threshold, DateTimeOffset lockUntil, DateTimeOffset at) =>
        await database.WriteAsync(async connection =>
        {
            await connection.ExecuteAsync("""
                UPDATE console_accounts SET failed_attempts = failed_attempts + 1,
                    locked_until = CASE WHEN failed_attempts + 1 >= @threshold THEN @lockUntil ELSE locked_until END, updated_at = @at
                WHERE user_name = @userName
                """, new { userName, threshold, lockUntil = Epoch.ToMs(lockUntil), at = Epoch.ToMs(at) });
            return await connection.ExecuteScalarAsync<long>("SELECT failed_attempts FROM console_accounts WHERE user_name = @userName", new { userName });
        });

    /// <summary>A successful sign-in clears the failures (and may store a rehashed password).</summary>
    public async Task RecordSuccessAsync(string userName, string? rehashed, DateTimeOffset at) =>
        await database.WriteAsync(connection => connection.ExecuteAsync(
            "UPDATE console_accounts SET failed_attempts = 0, locked_until = NULL, password_hash = COALESCE(@rehashed, password_hash), updated_at = @at WHERE user_name = @userName",
            new { userName, rehashed, at = Epoch.ToMs(at) }));
}

/// <summary>One console account.</summary>
public sealed class ConsoleAccount
{
    public string UserName { get; init; } = "";
    public string DisplayName { get; init; } = "";

    /// <summary>"Clerk" (of <see cref="AgencyCode"/>), "Operator" or "Auditor".</summary>
    public string Role { get; init; } = "";
    public string? AgencyCode { get; init; }
    public string PasswordHash { get; init; } = "";
    public long FailedAttempts { get; init; }
    public long? LockedUntil { get; init; }
    public bool Disabled { get; init; }
    public long CreatedAt { get; init; }
    public long UpdatedAt { get; init; }
}
