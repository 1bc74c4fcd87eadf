using DocAxis.Core.Agencies;
using DocAxis.Hosting;
using Microsoft.Extensions.Options;

namespace DocAxis.Node.Options;

/// <summary>Checks a node's configuration on start; every problem names its setting.</summary>
public sealed class NodeOptionsValidator : IValidateOptions<NodeOptions>
{
    public ValidateOptionsResult Validate(string? name, NodeOptions options)
    {
        var problems = new ConfigurationProblems();
        const string node = NodeOptions.Section;
        problems.RequireEndpoint($"{node}:Listen", options.Listen);
        problems.RequireEndpoint($"{node}:DmsListen", options.DmsListen);
        if (!string.IsNullOrEmpty(options.RestListen))
        {
            problems.RequireEndpoint($"{node}:RestListen", options.RestListen);
        }

        foreach (var (setting, listen) in new[] { ("DmsListen", options.DmsListen), ("RestListen", options.RestListen) })
        {
            if (options.ApiTls is null && System.Net.IPEndPoint.TryParse(listen ?? "", out var endpoint) && !System.Net.IPAddress.IsLoopback(endpoint.Address))
            {
                problems.Add($"{node}:ApiTls", $"{node}:{setting} {listen} is beyond loopback, where the DMS API must serve HTTPS; give a certificate");
            }
        }

        if (options.ApiTls is not null)
        {
            problems.RequireCertificate($"{node}:ApiTls", options.ApiTls);
        }

        if (options.MaxEdXmlPackageBytes < 1024)
        {
            problems.Add($"{node}:MaxEdXmlPackageBytes", "must be at least 1024 bytes");
        }

        if (options.RestMaxBodyBytes is < 1024 or > int.MaxValue)
        {
            problems.Add($"{node}:RestMaxBodyBytes", $"must be from 1024 to {int.MaxValue} bytes; larger letters go through gRPC");
        }

        problems.RequirePositive($"{node}:Events:HubPollInterval", options.Events.HubPollInterval);
        problems.RequirePositive($"{node}:Events:HubOverlap", options.Events.HubOverlap, allowZero: true);
        problems.RequirePositive($"{node}:Events:Heartbeat", options.Events.Heartbeat);
        problems.RequireText($"{node}:DataDirectory", options.DataDirectory);
        problems.RequirePositive($"{node}:ShutdownTimeout", options.ShutdownTimeout, allowZero: true);
        problems.RequireCertificate($"{node}:Tls", options.Tls);
        problems.RequireTrust($"{node}:Trust", options.Trust);
        if (!Uri.TryCreate(options.Hub.Endpoint, UriKind.Absolute, out var hub) || hub.Scheme != Uri.UriSchemeHttps)
        {
            problems.Add($"{node}:Hub:Endpoint", $"'{options.Hub.Endpoint}' is not an https:// address");
        }

        problems.RequireText($"{node}:Hub:Identity", options.Hub.Identity);
        if (options.Agencies.Count == 0 && string.IsNullOrEmpty(options.Platform.AgenciesFile))
        {
            problems.Add($"{node}:Agencies", "must list at least one hosted agency, or give Node:Platform:AgenciesFile");
        }

        var codes = new HashSet<string>();
        for (var i = 0; i < options.Agencies.Count; i++)
        {
            var agency = options.Agencies[i];
            var key = $"{node}:Agencies:{i}";
            if (!AgencyCode.TryParse(agency.Code, out _))
            {
                problems.Add($"{key}:Code", $"'{agency.Code}' is not an agency code of the form NNN.NN.NN.Xnn");
            }
            else if (!codes.Add(agency.Code))
            {
                problems.Add($"{key}:Code", $"'{agency.Code}' is listed twice");
            }

            if (agency.DmsTokenSha256.Length != 64 || !agency.DmsTokenSha256.All(Uri.IsHexDigit))
            {
                problems.Add($"{key}:DmsTokenSha256", "must be the SHA-256 (64 hex digits) of the agency's DMS token; `docaxis node token` makes one");
            }

            if (agency.Tls.CertificatePath.Length > 0 || options.Platform.Tls is null)
            {
                problems.RequireCertificate($"{key}:Tls", agency.Tls);
            }

            if (agency.Signing.CertificatePath.Length > 0 || options.Platform.SigningKeys is null)
            {
                problems.RequireCertificate($"{key}:Signing", agency.Signing);
            }
        }

        if (options.Platform.Tls is { } platform)
        {
            problems.RequireCertificate($"{node}:Platform:Tls", platform);
        }

        if (options.Platform.SigningKeys is { } keys && !Directory.Exists(keys))
        {
            problems.Add($"{node}:Platform:SigningKeys", $"'{keys}' is not a folder");
        }

        if (!string.IsNullOrEmpty(options.Platform.AgenciesFile))
        {
            if (options.Platform.Tls is null || options.Platform.SigningKeys is null)
            {
                problems.Add($"{node}:Platform:AgenciesFile", "its agencies act with the platform's identity: give Node:Platform:Tls and Node:Platform:SigningKeys too");
            }

            problems.RequirePositive($"{node}:Platform:AgenciesFileCheckInterval", options.Platform.AgenciesFileCheckInterval);
        }

        problems.RequireRetry($"{node}:Outbox", options.Outbox);
        if (options.Outbox.MaxParallel is < 1 or > OutboxOptions.MostParallel)
        {
            problems.Add($"{node}:Outbox:MaxParallel", $"must be from 1 to {OutboxOptions.MostParallel} (was {options.Outbox.MaxParallel})");
        }

        if (options.MaxAttachmentBytes < 1)
        {
            problems.Add($"{node}:MaxAttachmentBytes", $"must be at least 1 (was {options.MaxAttachmentBytes})");
        }

        return problems.ToResult();
    }
}
