using DocAxis.Storage.Accounts;

namespace DocAxis.Storage.Tests;

/// <summary>The consoles' accounts on every provider: counted failures lock, a success clears them.</summary>
public abstract partial class HubStoreBehaviour
{
    [TestMethod]
    public async Task ConsoleAccountsCountFailuresLockAtTheThresholdAndClearOnSuccess()
    {
        var account = new ConsoleAccount { UserName = "kiem-tra", DisplayName = "Phạm Thị Kiểm", Role = "Auditor", PasswordHash = "hash-1", CreatedAt = Epoch.ToMs(Now) };
        Assert.IsTrue(await _store.Accounts.AddAsync(account));
        Assert.IsFalse(await _store.Accounts.AddAsync(account), "a user name is taken once");

        var lockUntil = Now.AddMinutes(15);
        Assert.AreEqual(1L, await _store.Accounts.RecordFailureAsync("kiem-tra", 2, lockUntil, Now));
        Assert.IsNull((await _store.Accounts.FindAsync("kiem-tra"))!.LockedUntil, "one failure does not lock");
        Assert.AreEqual(2L, await _store.Accounts.RecordFailureAsync("kiem-tra", 2, lockUntil, Now));
        Assert.AreEqual(Epoch.ToMs(lockUntil), (await _store.Accounts.FindAsync("kiem-tra"))!.LockedUntil, "the second locks");

        await _store.Accounts.RecordSuccessAsync("kiem-tra", rehashed: "hash-2", Now.AddMinutes(20));
        var cleared = (await _store.Accounts.FindAsync("kiem-tra"))!;
        Assert.AreEqual((0L, (long?)null, "hash-2"), (cleared.FailedAttempts, cleared.LockedUntil, cleared.PasswordHash));
        Assert.IsTrue(await _store.Accounts.SetDisabledAsync("kiem-tra", true, Now));
        Assert.IsTrue((await _store.Accounts.FindAsync("kiem-tra"))!.Disabled);
        Assert.IsFalse(await _store.Accounts.ResetPasswordAsync("nobody", "hash", Now));
        CollectionAssert.AreEqual(new[] { "kiem-tra" }, (await _store.Accounts.ListAsync()).Select(a => a.UserName).ToArray());
    }
}
