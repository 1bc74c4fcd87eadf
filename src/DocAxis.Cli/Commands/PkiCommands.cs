using System.CommandLine;
using DocAxis.Cli.Output;
using DocAxis.Core.Agencies;
using DocAxis.Crypto;
using DocAxis.Crypto.Pki;
using Spectre.Console;

namespace DocAxis.Cli.Commands;

/// <summary><c>docaxis pki</c>: a development PKI made with BouncyCastle (production uses the national CA).</summary>
public static class PkiCommands
{
    public static Command Create(Option<bool> json)
    {
        var pki = new Command("pki", "Create development certificates (production uses certificates from the national CA)");
        pki.Subcommands.Add(Init(json));
        pki.Subcommands.Add(Issue(json));
        return pki;
    }

    private static Option<string[]> AgencyOption() => new("--agency")
    {
        Description = "An agency to issue TLS and signing certificates for, as CODE=NAME (repeatable)",
        AllowMultipleArgumentsPerToken = false,
    };

    private static Command Init(Option<bool> json)
    {
        var output = new Option<string>("--out") { Description = "Folder to create the PKI in", Required = true };
        var agencies = AgencyOption();
        var command = new Command("init", "Create a root CA, the hub's TLS and signing certificates, an operator certificate, and agencies' certificates") { output, agencies };
        command.SetAction(parse => CommandErrors.RunAsync(parse.GetValue(json), () =>
        {
            var layout = new PkiLayout(Path.GetFullPath(parse.GetValue(output)!));
            var pki = new DevelopmentPki(layout, TimeProvider.System);
            var authority = pki.Initialize();
            IssueAgencies(pki, authority, parse.GetValue(agencies) ?? []);
            Show(layout, parse.GetValue(json));
            return Task.FromResult(0);
        }));
        return command;
    }

    private static Command Issue(Option<bool> json)
    {
        var folder = new Option<string>("--pki") { Description = "Folder of an existing development PKI", Required = true };
        var agencies = AgencyOption();
        agencies.Required = true;
        var command = new Command("issue", "Issue TLS and signing certificates for more agencies with an existing development CA") { folder, agencies };
        command.SetAction(parse => CommandErrors.RunAsync(parse.GetValue(json), () =>
        {
            var layout = new PkiLayout(Path.GetFullPath(parse.GetValue(folder)!));
            var pki = new DevelopmentPki(layout, TimeProvider.System);
            IssueAgencies(pki, pki.LoadAuthority(), parse.GetValue(agencies)!);
            Show(layout, parse.GetValue(json));
            return Task.FromResult(0);
        }));
        return command;
    }

    private static void IssueAgencies(DevelopmentPki pki, CertificateAuthority authority, IEnumerable<string> specs)
    {
        foreach (var spec in specs)
        {
            var parts = spec.Split('=', 2);
            var code = AgencyCode.Parse(parts[0], "--agency");
            pki.IssueAgency(authority, code, parts.Length == 2 && parts[1].Length > 0 ? parts[1] : code.Value);
        }
    }

    private static void Show(PkiLayout layout, bool json)
    {
        var certificates = Directory.EnumerateFiles(layout.Root, "*.crt", SearchOption.AllDirectories).Order()
            .Select(path => (Path: path, Certificate: CertificateIdentity.Summarize(path)))
            .Select(c => new
            {
                file = Path.GetRelativePath(layout.Root, c.Path),
                identity = c.Certificate.Identity ?? "(root CA)",
                subject = c.Certificate.Subject,
                not_after = c.Certificate.NotAfter.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            })
            .ToList();
        if (json)
        {
            Json.Write(new { root = layout.Root, trust_anchor = layout.TrustAnchorPath, certificates });
            return;
        }

        var table = new Table().Border(TableBorder.Rounded).AddColumn("File").AddColumn("Identity").AddColumn("Subject").AddColumn("Valid until");
        foreach (var c in certificates)
        {
            table.AddRow(c.file.EscapeMarkup(), c.identity.EscapeMarkup(), c.subject.EscapeMarkup(), c.not_after);
        }

        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine($"PKI in [blue]{layout.Root.EscapeMarkup()}[/]; private keys are readable by their owner only (0600). Trust anchor: {layout.TrustAnchorPath.EscapeMarkup()}");
    }
}
