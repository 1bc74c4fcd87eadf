using DocAxis.Hosting;
using Microsoft.Extensions.Options;

namespace DocAxis.Hub.Options;

/// <summary>Checks the hub's configuration on start; every problem names its setting.</summary>
public sealed class HubOptionsValidator : IValidateOptions<HubOptions>
{
    public ValidateOptionsResult Validate(string? name, HubOptions options)
    {
        var problems = new ConfigurationProblems();
        const string hub = HubOptions.Section;
        problems.RequireEndpoint($"{hub}:Listen", options.Listen);
        problems.RequireText($"{hub}:DataDirectory", options.DataDirectory);
        problems.RequirePositive($"{hub}:ShutdownTimeout", options.ShutdownTimeout, allowZero: true);
        problems.RequirePositive($"{hub}:AuditSealInterval", options.AuditSealInterval);
        problems.RequireCertificate($"{hub}:Tls", options.Tls);
        problems.RequireCertificate($"{hub}:Signing", options.Signing);
        problems.RequireTrust($"{hub}:Trust", options.Trust);

        if (!Enum.IsDefined(options.Storage.Provider))
        {
            problems.Add($"{hub}:Storage:Provider", "must be Sqlite, PostgreSql or SqlServer");
        }
        else if (options.Storage.Provider != Storage.StorageProvider.Sqlite)
        {
            problems.RequireText($"{hub}:Storage:ConnectionString", options.Storage.ConnectionString);
        }

        var limits = options.Limits;
        if (limits.MaxRecipients < 1)
        {
            problems.Add($"{hub}:Limits:MaxRecipients", $"must be at least 1 (was {limits.MaxRecipients})");
        }

        if (limits.MaxAttachments < 0)
        {
            problems.Add($"{hub}:Limits:MaxAttachments", $"must be zero or more (was {limits.MaxAttachments})");
        }

        if (limits.MaxAttachmentBytes < 1 || limits.MaxLetterBytes < limits.MaxAttachmentBytes)
        {
            problems.Add($"{hub}:Limits:MaxAttachmentBytes", $"must be at least 1 and at most Hub:Limits:MaxLetterBytes (was {limits.MaxAttachmentBytes}, {limits.MaxLetterBytes})");
        }

        var delivery = options.Delivery;
        problems.RequireRetry($"{hub}:Delivery", delivery);
        problems.RequirePositive($"{hub}:Delivery:LeaseDuration", delivery.LeaseDuration);
        if (delivery.BatchSize < 1)
        {
            problems.Add($"{hub}:Delivery:BatchSize", $"must be at least 1 (was {delivery.BatchSize})");
        }

        if (delivery.MaxParallel < 1)
        {
            problems.Add($"{hub}:Delivery:MaxParallel", $"must be at least 1 (was {delivery.MaxParallel})");
        }

        var federation = options.Federation;
        if (federation.MaxHops < 2)
        {
            problems.Add($"{hub}:Federation:MaxHops", $"must be at least 2, the sender's hub and one more (was {federation.MaxHops})");
        }

        problems.RequirePositive($"{hub}:Federation:PollInterval", federation.PollInterval);
        problems.RequirePositive($"{hub}:Federation:Overlap", federation.Overlap, allowZero: true);
        problems.RequirePositive($"{hub}:Federation:DirectoryInterval", federation.DirectoryInterval);
        problems.RequirePositive($"{hub}:Federation:DirectoryValidity", federation.DirectoryValidity);

        var statistics = options.Statistics;
        problems.RequirePositive($"{hub}:Statistics:Interval", statistics.Interval);
        problems.RequirePositive($"{hub}:Statistics:SettleTime", statistics.SettleTime, allowZero: true);
        if (statistics.BatchSize < 1)
        {
            problems.Add($"{hub}:Statistics:BatchSize", $"must be at least 1 (was {statistics.BatchSize})");
        }

        if (statistics.UtcOffset < TimeSpan.FromHours(-14) || statistics.UtcOffset > TimeSpan.FromHours(14) || statistics.UtcOffset.Ticks % TimeSpan.TicksPerMinute != 0)
        {
            problems.Add($"{hub}:Statistics:UtcOffset", $"must be a whole number of minutes between -14:00 and +14:00 (was {statistics.UtcOffset})");
        }

        return problems.ToResult();
    }
}
