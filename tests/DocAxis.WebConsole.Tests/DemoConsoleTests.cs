using System.Diagnostics;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace DocAxis.WebConsole.Tests;

/// <summary>
/// <c>docaxis demo --console</c>, run as a user runs it (its own process): it keeps the demo's axis
/// up with the consoles, says how to sign in as one JSON line, and stops everything on SIGTERM.
/// </summary>
[TestClass]
public sealed class DemoConsoleTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    [Timeout(180_000, CooperativeCancellation = true)]
    public async Task TheDemoKeepsItsConsolesUpWithTheirSignInsAndStopsEverythingOnSigterm()
    {
        var folder = Path.Combine(Path.GetTempPath(), "docaxis-console-tests", $"demo-{Guid.NewGuid():N}");
        using var demo = Process.Start(new ProcessStartInfo("dotnet", ["docaxis.dll", "demo", "--console", "--json", "--annex-mb", "1", "--out", folder])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        try
        {
            var errors = demo.StandardError.ReadToEndAsync(TestContext.CancellationToken);
            var line = await demo.StandardOutput.ReadLineAsync(TestContext.CancellationToken);
            if (line is null)
            {
                Assert.Fail($"the demo printed nothing: {await errors}");
            }

            using var up = JsonDocument.Parse(line);
            Assert.IsTrue(up.RootElement.GetProperty("passed").GetBoolean(), line);
            var signIns = up.RootElement.GetProperty("sign_ins").EnumerateArray().ToList();
            Assert.HasCount(5, signIns, "an operator and an auditor at the hub, a clerk at each of the demo's agencies");
            CollectionAssert.AreEquivalent(new[] { "operator", "auditor", "clerk", "clerk", "clerk" }, signIns.Select(s => s.GetProperty("role").GetString()).ToArray());
            var office = signIns.Single(s => s.TryGetProperty("agency", out var agency) && agency.GetString() == "000.00.00.G22");
            Assert.AreEqual("clerk", office.GetProperty("role").GetString());
            var url = new Uri(office.GetProperty("url").GetString()!);

            // Signed in as a browser would, with the form's antiforgery token and the session cookie.
            using (var http = new HttpClient(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer() }) { BaseAddress = url })
            {
                var form = await http.GetStringAsync("/sign-in", TestContext.CancellationToken);
                var token = Regex.Match(form, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
                Assert.AreNotEqual("", token, form);
                using var signIn = await http.PostAsync("/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
                {
                    ["UserName"] = office.GetProperty("user").GetString()!,
                    ["Password"] = office.GetProperty("password").GetString()!,
                    ["__RequestVerificationToken"] = token,
                }), TestContext.CancellationToken);
                Assert.EndsWith("/outbox", signIn.RequestMessage!.RequestUri!.AbsolutePath, await signIn.Content.ReadAsStringAsync(TestContext.CancellationToken));
                StringAssert.Contains(await signIn.Content.ReadAsStringAsync(TestContext.CancellationToken), "V/v triển khai liên thông văn bản điện tử qua Trục DocAxis");
            }

            Process.Start("kill", ["-TERM", demo.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!.WaitForExit();
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.CancellationToken);
            deadline.CancelAfter(TimeSpan.FromSeconds(60));
            await demo.WaitForExitAsync(deadline.Token);
            Assert.AreEqual(0, demo.ExitCode, await errors);

            using var probe = new TcpClient();
            await Assert.ThrowsAsync<SocketException>(async () => await probe.ConnectAsync(url.Host, url.Port), "the console stopped with the demo");
        }
        finally
        {
            if (!demo.HasExited)
            {
                demo.Kill(entireProcessTree: true);
            }

            Directory.Delete(folder, recursive: true);
        }
    }
}
