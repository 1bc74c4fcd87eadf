using System.CommandLine;
using DocAxis.Cli.Output;
using DocAxis.Contracts.V1;
using DocAxis.Core;
using DocAxis.Core.Agencies;
using DocAxis.Core.Letters;
using DocAxis.EdXml;
using DocAxis.Transport.Mapping;
using Spectre.Console;

namespace DocAxis.Cli.Commands;

/// <summary><c>docaxis edxml</c>: the national package format, checked offline and sent or exported through a node.</summary>
public static class EdXmlCommands
{
    public static Command Create(Option<bool> json) => new("edxml", "Check, send and export edXML (QCVN 102:2016) packages")
    {
        Check(json), Send(json), Export(json),
    };

    private static Command Send(Option<bool> json)
    {
        var (node, agency) = LetterCommands.NodeOptions();
        var file = new Argument<FileInfo>("file") { Description = "The edXML letter package" };
        var id = new Option<string?>("--envelope-id") { Description = "Your own envelope id (UUID), which makes resending idempotent" };
        var command = new Command("send", "Send an edXML letter through the agency's node, which signs and queues it") { file, node, agency, LetterCommands.TokenOption, LetterCommands.NodeCaOption, id };
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse.GetValue(json), async () =>
        {
            var path = parse.GetValue(file)!;
            using var connection = LetterCommands.Open(parse, node);
            await using var package = new FileStream(path.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
            var sent = await Progress($"Sending {path.Name}", package, parse.GetValue(json), () =>
                connection.Client.SendEdXmlAsync(parse.GetValue(agency)!, package, parse.GetValue(id) ?? string.Empty, cancellationToken));
            if (parse.GetValue(json))
            {
                Json.Write(Json.Of(sent));
            }
            else
            {
                AnsiConsole.MarkupLine($"{path.Name.EscapeMarkup()} is queued as [bold]{sent.EnvelopeId}[/] ({sent.State}); the node submits it to the hub.");
            }

            return 0;
        }));
        return command;
    }

    private static Command Export(Option<bool> json)
    {
        var (node, agency) = LetterCommands.NodeOptions();
        var envelope = LetterCommands.EnvelopeOption();
        var output = new Option<FileInfo>("--out") { Description = "The file to write the package to", Required = true };
        var command = new Command("export", "Write a received letter as an edXML package") { node, agency, LetterCommands.TokenOption, LetterCommands.NodeCaOption, envelope, output };
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse.GetValue(json), async () =>
        {
            var path = parse.GetValue(output)!;
            using var connection = LetterCommands.Open(parse, node);
            var partial = path.FullName + ".partial";
            long bytes;
            await using (var file = new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true))
            {
                bytes = await connection.Client.FetchEdXmlAsync(parse.GetValue(agency)!, parse.GetValue(envelope)!, file, cancellationToken);
            }

            File.Move(partial, path.FullName, overwrite: true);
            if (parse.GetValue(json))
            {
                Json.Write(new { envelope_id = parse.GetValue(envelope), file = path.FullName, bytes });
            }
            else
            {
                AnsiConsole.MarkupLine($"Wrote [blue]{path.FullName.EscapeMarkup()}[/] ({bytes:N0} bytes).");
            }

            return 0;
        }));
        return command;
    }

    /// <summary>A bar while a large file is read, drawn only for people and only when it takes a while.</summary>
    private static async Task<T> Progress<T>(string label, FileStream file, bool json, Func<Task<T>> work)
    {
        if (json || file.Length < 16 << 20)
        {
            return await work();
        }

        return await AnsiConsole.Progress().StartAsync(async progress =>
        {
            var task = progress.AddTask(label.EscapeMarkup(), maxValue: file.Length);
            var running = work();
            while (await Task.WhenAny(running, Task.Delay(200)) != running)
            {
                task.Value = file.Position;
            }

            task.Value = file.Length;
            return await running;
        });
    }

    private static Command Check(Option<bool> json)
    {
        var file = new Argument<FileInfo>("file") { Description = "The edXML package (a letter or a status message)" };
        var command = new Command("check", "Parse and validate a package offline and print the manifest it maps to; exit 1 if it is invalid") { file };
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse.GetValue(json), async () =>
        {
            var asJson = parse.GetValue(json);
            var path = parse.GetValue(file)!;
            try
            {
                var checkedPackage = await ProgressOf(path, asJson, reader => CheckAsync(reader, cancellationToken));
                EdXmlView.Show(path.Name, checkedPackage, asJson);
                return 0;
            }
            catch (RefusalException e)
            {
                return CommandErrors.Report(asJson, e, CommandErrors.Failed);
            }
        }));
        return command;
    }

    private static async Task<CheckedPackage> CheckAsync(EdXmlReader reader, CancellationToken cancellationToken)
    {
        var package = await reader.ReadHeaderAsync(cancellationToken: cancellationToken);
        if (package.Kind == PackageKind.Status)
        {
            await reader.FinishAsync(cancellationToken);
            return new CheckedPackage(package, null, null, package.Notes);
        }

        await foreach (var _ in reader.ReadAttachmentsAsync(cancellationToken))
        {
        }

        var manifest = reader.CompleteLetter();
        return new CheckedPackage(package, manifest, reader.CheckSignature(), [.. package.Notes, .. ApplyRules(manifest)]);
    }

    /// <summary>
    /// The rules every letter obeys, as far as they can be applied without a directory: an older
    /// agency code is only named, since mapping it is the node's business.
    /// </summary>
    private static IEnumerable<string> ApplyRules(Manifest manifest)
    {
        var older = new[] { manifest.Sender }.Concat(manifest.Recipients).Where(a => !AgencyCode.TryParse(a.Code, out _)).Select(a => a.Code).ToList();
        if (older.Count > 0)
        {
            return [$"Not a current agency code (NNN.NN.NN.Xnn): {string.Join(", ", older)}. A node maps an older QCVN 102 code through its directory and refuses one it cannot map; the other letter rules are checked there."];
        }

        var candidate = manifest.Clone();
        candidate.FormatVersion = ManifestMapper.FormatVersion;
        candidate.EnvelopeId = EnvelopeId.New().ToString();
        var amends = candidate.BusinessType != Contracts.V1.BusinessType.New;
        if (amends)
        {
            // Which earlier letter Bussiness/DocumentId names is known only to the sending node's outbox.
            candidate.ReferencedEnvelopeId = EnvelopeId.New().ToString();
        }

        ManifestRules.Validate(ManifestMapper.ToDomain(candidate), new ExchangeLimits());
        return amends
            ? [$"A {candidate.BusinessType} letter: the node finds the earlier letter, {candidate.Business?.DocumentId}, among those the agency sent, and refuses the package if there is none."]
            : [];
    }

    private static async Task<T> ProgressOf<T>(FileInfo path, bool json, Func<EdXmlReader, Task<T>> work)
    {
        await using var stream = new FileStream(path.FullName, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        using var reader = EdXmlReader.Open(stream, digests: true);
        return await Progress($"Reading {path.Name}", stream, json, () => work(reader));
    }
}

/// <summary>A package that parsed, what it maps to, its XMLDSig as far as the XML goes, and what the reader noticed on the way.</summary>
public sealed record CheckedPackage(EdXmlPackage Package, Manifest? Letter, XmlSignatureCheck? Signature, IReadOnlyList<string> Notes);
