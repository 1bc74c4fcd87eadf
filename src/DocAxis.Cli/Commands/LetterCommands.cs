using System.CommandLine;
using System.Globalization;
using DocAxis.Cli.Letters;
using DocAxis.Cli.Output;
using DocAxis.Contracts.V1;
using Grpc.Net.Client;
using Spectre.Console;

namespace DocAxis.Cli.Commands;

/// <summary>
/// What a clerk (or a DMS without its own integration) does through its node's local API:
/// send, list the inbox, fetch, report a status, trace.
/// </summary>
public static class LetterCommands
{
    public static Command Send(Option<bool> json)
    {
        var (node, agency) = NodeOptions();
        var to = new Option<string[]>("--to") { Description = "Recipient agency code (repeatable)", Required = true };
        var subject = new Option<string>("--subject") { Description = "Subject, at most 500 characters", Required = true };
        var number = new Option<string>("--number") { Description = "Number of the letter, at most 11 characters", Required = true };
        var notation = new Option<string?>("--notation") { Description = "Notation, at most 30 characters" };
        var type = new Option<string>("--type") { Description = "Kind of document", DefaultValueFactory = _ => "Công văn" };
        var urgency = new Option<int>("--urgency") { Description = "0 normal .. 4 flash (timed)" };
        var attach = new Option<string[]>("--attach") { Description = "A file to attach (repeatable)" };
        var id = new Option<string?>("--envelope-id") { Description = "Your own envelope id (UUID), which makes resending idempotent" };
        var revoke = new Option<string?>("--revoke") { Description = "Recall this earlier letter (edXML 13): its recipients answer 15 agreed or 16 refused" };
        var update = new Option<string?>("--update") { Description = "This letter updates the earlier letter with this envelope id" };
        var replace = new Option<string?>("--replace") { Description = "This letter replaces the earlier letter with this envelope id" };
        var reason = new Option<string?>("--reason") { Description = "Why the earlier letter is recalled, updated or replaced, at most 500 characters" };
        var command = new Command("send", "Sign and send a letter through the agency's node (or a recall, update or replacement of an earlier one)")
        {
            node, agency, TokenOption, NodeCaOption, to, subject, number, notation, type, urgency, attach, id, revoke, update, replace, reason,
        };
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse.GetValue(json), async () =>
        {
            var files = parse.GetValue(attach) ?? [];
            var manifest = new Manifest
            {
                EnvelopeId = parse.GetValue(id) ?? string.Empty,
                Recipients = { (parse.GetValue(to) ?? []).Select(code => new AgencyRef { Code = code }) },
                Code = new DocumentCode { Number = parse.GetValue(number)!, Notation = parse.GetValue(notation) ?? string.Empty },
                IssueDate = TimeProvider.System.GetLocalNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                DocumentType = new DocumentType { Name = parse.GetValue(type)! },
                Subject = parse.GetValue(subject)!,
                Urgency = (Urgency)parse.GetValue(urgency),
                Attachments = { files.Select(f => new Attachment { Name = Path.GetFileName(f), MediaType = MediaTypes.Guess(f) }) },
                BusinessReason = parse.GetValue(reason) ?? string.Empty,
            };
            (manifest.BusinessType, manifest.ReferencedEnvelopeId) = (parse.GetValue(revoke), parse.GetValue(update), parse.GetValue(replace)) switch
            {
                (null, null, null) => (BusinessType.New, string.Empty),
                ({ } earlier, null, null) => (BusinessType.Revoke, earlier),
                (null, { } earlier, null) => (BusinessType.Update, earlier),
                (null, null, { } earlier) => (BusinessType.Replace, earlier),
                _ => throw new InvalidDataException("A letter recalls, updates or replaces at most one earlier letter: give one of --revoke, --update, --replace."),
            };
            using var connection = Open(parse, node);
            var sent = await connection.Client.SendAsync(parse.GetValue(agency)!, manifest, files, cancellationToken);
            if (parse.GetValue(json))
            {
                Json.Write(Json.Of(sent));
            }
            else
            {
                AnsiConsole.MarkupLine($"Queued [bold]{sent.EnvelopeId}[/] ({sent.State}); follow it with: docaxis trace --agency {parse.GetValue(agency)} --envelope {sent.EnvelopeId}");
            }

            return 0;
        }));
        return command;
    }

    public static Command Inbox(Option<bool> json)
    {
        var (node, agency) = NodeOptions();
        var unreported = new Option<bool>("--unreported") { Description = "Only letters without any status yet" };
        var command = new Command("inbox", "List letters received by the agency") { node, agency, TokenOption, NodeCaOption, unreported };
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse.GetValue(json), async () =>
        {
            using var connection = Open(parse, node);
            var entries = await connection.Client.InboxAsync(parse.GetValue(agency)!, parse.GetValue(unreported), cancellationToken);
            if (parse.GetValue(json))
            {
                Json.Write(new { letters = entries.Select(Json.Of).ToList() });
                return 0;
            }

            var table = new Table().Border(TableBorder.Rounded).AddColumn("Received (UTC)").AddColumn("Envelope").AddColumn("From").AddColumn("Number").AddColumn("Subject").AddColumn("Status");
            foreach (var e in entries)
            {
                table.AddRow(
                    e.ReceivedAt.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture), e.EnvelopeId, e.Sender.Code,
                    $"{e.Code.Number}/{e.Code.Notation}".EscapeMarkup(), e.Subject.EscapeMarkup(), e.StatusCode);
            }

            AnsiConsole.Write(table);
            return 0;
        }));
        return command;
    }

    public static Command Fetch(Option<bool> json)
    {
        var (node, agency) = NodeOptions();
        var envelope = EnvelopeOption();
        var output = new Option<string>("--out") { Description = "Folder to save the attachments in", DefaultValueFactory = _ => "." };
        var command = new Command("fetch", "Download a received letter's attachments, checking each against its signed SHA-256") { node, agency, TokenOption, NodeCaOption, envelope, output };
        command.SetAction((parse, cancellationToken) => CommandErrors.RunAsync(parse.GetValue(json), async () =>
        {
            var folder = Directory.CreateDirectory(parse.GetValue(output)!).FullName;
            using var connection = Open(parse, node);
            var fetched = await connection.Client.FetchAsync(parse.GetValue(agency)!, parse.GetValue(envelope)!, folder, cancellationToken);
            if (parse.GetValue(json))
            {
                Json.Write(new { letter = Json.Of(fetched.Letter.Manifest), bytes = fetched.Bytes, attachments_verified = fetched.AttachmentsVerified, folder });
            }
            else
            {
                AnsiConsole.MarkupLine($"{fetched.Letter.Manifest.Subject.EscapeMarkup()}: {fetched.Letter.Manifest.Attachments.Count} attachment(s), {fetched.Bytes} bytes in [blue]{folder.EscapeMarkup()}[/]; " +
                    (fetched.AttachmentsVerified ? "[green]every digest matches the signed manifest[/]" : "[red]a digest does not match[/]"));
            }

            return fetched.AttachmentsVerified ? 0 : CommandErrors.Failed;
        }));
        return command;
    }

    public static Command Status(Option<bool> json)
    {
        var (node, agency) = NodeOptions();
        var envelope = EnvelopeOption();
        var code = new Option<string>("--code") { Description = "edXML status: 01 arrived, 02 rejected, 03 registered, 04 assigned, 05 processing, 06 completed; 15 agree or 16 refuse a recall/update", Required = true };
        var description = new Option<string>("--description") { Description = "A note for the sender", DefaultValueFactory = _ => string.Empty };
        var staff = new Option<string>("--staff") { Description = "Who acted", DefaultValueFactory = _ => string.Empty };
        var command = new Command("status", "Report what the agency did with a received letter") { node, agency, TokenOption, NodeCaOption, envelope, code, description, staff };
        command.SetAction(parse => CommandErrors.RunAsync(parse.GetValue(json), async () =>
        {
            using var connection = Open(parse, node);
            var queued = await connection.Client.ReportAsync(
                parse.GetValue(agency)!, parse.GetValue(envelope)!, parse.GetValue(code)!, parse.GetValue(description)!, parse.GetValue(staff)!);
            if (parse.GetValue(json))
            {
                Json.Write(Json.Of(queued));
            }
            else
            {
                AnsiConsole.MarkupLine($"Status {parse.GetValue(code)} signed and queued for the hub (report {queued.ReportId}).");
            }

            return 0;
        }));
        return command;
    }

    public static Command Trace(Option<bool> json)
    {
        var (node, agency) = NodeOptions();
        var envelope = EnvelopeOption();
        var command = new Command("trace", "Show what happened to a sent letter at each recipient") { node, agency, TokenOption, NodeCaOption, envelope };
        command.SetAction(parse => CommandErrors.RunAsync(parse.GetValue(json), async () =>
        {
            using var connection = Open(parse, node);
            var trace = await connection.Client.TraceAsync(parse.GetValue(agency)!, parse.GetValue(envelope)!);
            if (parse.GetValue(json))
            {
                Json.Write(Json.Of(trace));
                return 0;
            }

            AnsiConsole.MarkupLine($"Submission: [bold]{trace.SubmissionState}[/] after {trace.SubmissionAttempts} attempt(s) {trace.SubmissionError.EscapeMarkup()}");
            if (trace.Trace is not null)
            {
                TraceView.Render(trace.Trace);
            }
            else if (trace.TraceError.Length > 0)
            {
                AnsiConsole.MarkupLine($"[yellow]The hub's trace is not available:[/] {trace.TraceError.EscapeMarkup()}");
            }

            return 0;
        }));
        return command;
    }

    internal static readonly Option<string?> TokenOption = new("--token")
    {
        Description = "The agency's DMS token (default: the DOCAXIS_DMS_TOKEN environment variable)",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("DOCAXIS_DMS_TOKEN"),
    };

    /// <summary>A node whose DMS API is beyond loopback serves HTTPS, often with a certificate from the ministry's own CA.</summary>
    internal static readonly Option<string?> NodeCaOption = new("--node-ca")
    {
        Description = "CA certificate (PEM) that issued an https:// node's certificate, if the system does not trust it",
    };

    internal static (Option<string> Node, Option<string> Agency) NodeOptions() =>
        (new Option<string>("--node") { Description = "The node's local DMS address", DefaultValueFactory = _ => "http://127.0.0.1:7601" },
         new Option<string>("--agency") { Description = "The agency code you act for (hosted by the node)", Required = true });

    internal static Option<string> EnvelopeOption() => new("--envelope") { Description = "Envelope id of the letter", Required = true };

    internal static Connection Open(ParseResult parse, Option<string> node)
    {
        var token = parse.GetValue(TokenOption)
            ?? throw new InvalidDataException("Give the agency's DMS token with --token or DOCAXIS_DMS_TOKEN.");
        var channel = parse.GetValue(NodeCaOption) is { } ca
            ? GrpcChannel.ForAddress(parse.GetValue(node)!, new GrpcChannelOptions { HttpHandler = NodeTrust.Handler(ca) })
            : GrpcChannel.ForAddress(parse.GetValue(node)!);
        return new Connection(channel, new DmsClient(DmsClient.WithToken(channel, token)));
    }

    internal sealed class Connection(GrpcChannel channel, DmsClient client) : IDisposable
    {
        public DmsClient Client => client;

        public void Dispose() => channel.Dispose();
    }
}
