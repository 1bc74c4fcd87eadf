using DocAxis.Integration.Tests.Infrastructure;
using DocAxis.Storage;
using DocAxis.Storage.Accounts;
using DocAxis.Storage.Node;
using Microsoft.AspNetCore.Identity;

namespace DocAxis.Integration.Tests;

/// <summary>
/// <c>docaxis console user</c>: the web console's local accounts, kept in the node's database as
/// ASP.NET Core password hashes; bad input is refused by name and changes nothing.
/// </summary>
[TestClass]
public sealed class ConsoleAccountTests
{
    private static readonly PasswordHasher<ConsoleAccount> Hasher = new();
    private string _data = null!;

    [TestInitialize]
    public async Task CreateNodeDatabaseAsync()
    {
        _data = Path.Combine(Path.GetTempPath(), "docaxis-tests", $"console-users-{Guid.NewGuid():N}");
        Directory.CreateDirectory(_data);
        await Store().MigrateAsync(TimeProvider.System.GetUtcNow());
    }

    [TestCleanup]
    public void RemoveNodeDatabase() => Directory.Delete(_data, recursive: true);

    [TestMethod]
    public async Task AnOperatorAddsResetsDisablesAndListsClerksAndOnlyHashesAreKept()
    {
        var (exit, added) = await CommandLine.RunAsync(
            ["console", "user", "add", "--data", _data, "--user", "lan.nguyen", "--name", "Nguyễn Thị Lan", "--agency", "000.00.00.G22"]);
        Assert.AreEqual(0, exit, added.ToString());
        var made = added.GetProperty("password").GetString()!;
        Assert.IsGreaterThanOrEqualTo(24, made.Length);
        var account = (await Store().Accounts.FindAsync("lan.nguyen"))!;
        Assert.AreEqual("Clerk", account.Role);
        Assert.AreEqual("000.00.00.G22", account.AgencyCode);
        Assert.DoesNotContain(made, account.PasswordHash, "the password is not stored");
        Assert.AreNotEqual(PasswordVerificationResult.Failed, Hasher.VerifyHashedPassword(account, account.PasswordHash, made));

        var (resetExit, reset) = await CommandLine.RunWithInputAsync("mot-mat-khau-moi-du-dai\n", ["console", "user", "reset", "--data", _data, "--user", "lan.nguyen", "--password-stdin"]);
        Assert.AreEqual(0, resetExit, reset.ToString());
        Assert.IsFalse(reset.TryGetProperty("password", out _), "a password given on stdin is not printed back");
        account = (await Store().Accounts.FindAsync("lan.nguyen"))!;
        Assert.AreNotEqual(PasswordVerificationResult.Failed, Hasher.VerifyHashedPassword(account, account.PasswordHash, "mot-mat-khau-moi-du-dai"));
        Assert.AreEqual(PasswordVerificationResult.Failed, Hasher.VerifyHashedPassword(account, account.PasswordHash, made));

        Assert.AreEqual(0, (await CommandLine.RunAsync(["console", "user", "disable", "--data", _data, "--user", "lan.nguyen"])).ExitCode);
        Assert.IsTrue((await Store().Accounts.FindAsync("lan.nguyen"))!.Disabled);
        var (_, list) = await CommandLine.RunAsync(["console", "user", "list", "--data", _data]);
        var listed = list.GetProperty("accounts").EnumerateArray().Single();
        Assert.AreEqual("lan.nguyen", listed.GetProperty("user").GetString());
        Assert.IsTrue(listed.GetProperty("disabled").GetBoolean());
        Assert.IsFalse(list.ToString().Contains("AQAAAA", StringComparison.Ordinal), "no hash is printed");
    }

    [TestMethod]
    [DataRow("a user name taken", "FIELD_INVALID", "user", "--user", "lan")]
    [DataRow("a user name with a space", "FIELD_INVALID", "user", "--user", "lan nguyen")]
    [DataRow("a malformed agency code", "AGENCY_CODE_MALFORMED", "agency", "--agency", "G22")]
    [DataRow("a role the node has not", "FIELD_INVALID", "role", "--role", "auditor")]
    public async Task ABadAccountIsRefusedByNameAndNothingChanges(string _, string reason, string field, string option, string value)
    {
        Assert.AreEqual(0, (await CommandLine.RunAsync(["console", "user", "add", "--data", _data, "--user", "lan", "--name", "Lan", "--agency", "000.00.00.G22"])).ExitCode);
        string[] args = ["console", "user", "add", "--data", _data, "--user", "minh", "--name", "Minh", "--agency", "000.00.00.H41"];
        var i = Array.IndexOf(args, option);
        args = i >= 0 ? [.. args[..(i + 1)], value, .. args[(i + 2)..]] : [.. args, option, value];

        var (exit, refusal) = await CommandLine.RunAsync(args);

        Assert.AreEqual(3, exit, refusal.ToString());
        Assert.AreEqual(reason, refusal.GetProperty("error").GetProperty("reason").GetString());
        CollectionAssert.Contains(Details(refusal), $"field: {field}");
        CollectionAssert.AreEqual(new[] { "lan" }, (await Store().Accounts.ListAsync()).Select(a => a.UserName).ToArray(), "nothing added");
    }

    [TestMethod]
    public async Task APasswordTooShortOnStdinIsRefusedAndNothingIsAdded()
    {
        var (exit, refusal) = await CommandLine.RunWithInputAsync(
            "ngan\n", ["console", "user", "add", "--data", _data, "--user", "lan", "--name", "Lan", "--agency", "000.00.00.G22", "--password-stdin"]);

        Assert.AreEqual(3, exit);
        CollectionAssert.Contains(Details(refusal), "field: password");
        Assert.HasCount(0, await Store().Accounts.ListAsync());
    }

    [TestMethod]
    public async Task AHubsOperatorsAndAuditorsAreKeptInTheHubsDatabaseAndClerksAreNot()
    {
        var hub = Path.Combine(_data, "hub.db");
        await new Storage.Hub.HubStore(new SqliteDatabase(hub)).MigrateAsync(TimeProvider.System.GetUtcNow());

        var (exit, added) = await CommandLine.RunAsync(["console", "user", "add", "--connection", hub, "--user", "van-hanh", "--name", "Lê Văn Hành", "--role", "operator"]);
        var (clerkExit, clerk) = await CommandLine.RunAsync(["console", "user", "add", "--connection", hub, "--user", "lan", "--name", "Lan", "--agency", "000.00.00.G22"]);
        var (bothExit, both) = await CommandLine.RunAsync(["console", "user", "list", "--connection", hub, "--data", _data]);

        Assert.AreEqual(0, exit, added.ToString());
        var account = (await new Storage.Hub.HubStore(new SqliteDatabase(hub)).Accounts.FindAsync("van-hanh"))!;
        Assert.AreEqual(("Operator", (string?)null), (account.Role, account.AgencyCode));
        Assert.AreEqual(3, clerkExit, "a hub's console has no clerks");
        CollectionAssert.Contains(Details(clerk), "field: role");
        Assert.AreEqual(3, bothExit, "a node or a hub, not both");
        CollectionAssert.Contains(Details(both), "field: data");
        Assert.HasCount(0, await Store().Accounts.ListAsync(), "the node's accounts are untouched");
    }

    private static string[] Details(System.Text.Json.JsonElement refusal) =>
        [.. refusal.GetProperty("error").GetProperty("details").EnumerateArray().Select(d => d.GetString()!)];

    private NodeStore Store() => new(new SqliteDatabase(Path.Combine(_data, "node.db")));
}
