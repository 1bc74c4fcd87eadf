using System.Net;
using DocAxis.Transport.Tls;
using Microsoft.Extensions.Options;

namespace DocAxis.Hosting;

/// <summary>
/// Collects what is wrong with a configuration, each problem naming the setting by its full key
/// (e.g. "Hub:Tls:CertificatePath") so that the operator knows exactly what to fix.
/// </summary>
public sealed class ConfigurationProblems
{
    private readonly List<string> _problems = [];

    public void Add(string key, string problem) => _problems.Add($"{key}: {problem}");

    public void RequireText(string key, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(key, "is required");
        }
    }

    public void RequireFile(string key, string? path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            Add(key, "is required");
        }
        else if (!File.Exists(path) && !Directory.Exists(path))
        {
            Add(key, $"'{path}' does not exist");
        }
    }

    public void RequireCertificate(string key, CertificateOptions? options)
    {
        RequireFile($"{key}:CertificatePath", options?.CertificatePath);
        RequireFile($"{key}:KeyPath", options?.KeyPath);
    }

    public void RequireTrust(string key, TrustOptions? options)
    {
        if (options is null || options.Anchors.Length == 0)
        {
            Add($"{key}:Anchors", "needs at least one trust anchor (a CA certificate file or folder)");
            return;
        }

        for (var i = 0; i < options.Anchors.Length; i++)
        {
            RequireFile($"{key}:Anchors:{i}", options.Anchors[i]);
        }

        for (var i = 0; i < options.Intermediates.Length; i++)
        {
            RequireFile($"{key}:Intermediates:{i}", options.Intermediates[i]);
        }

        RequirePositive($"{key}:AllowedClockSkew", options.AllowedClockSkew, allowZero: true);
        for (var i = 0; i < options.Revocation.CrlFiles.Length; i++)
        {
            RequireFile($"{key}:Revocation:CrlFiles:{i}", options.Revocation.CrlFiles[i]);
        }

        if (!Enum.IsDefined(options.Revocation.Mode))
        {
            Add($"{key}:Revocation:Mode", "must be Off, Prefer or Require");
        }

        RequirePositive($"{key}:Revocation:RefreshInterval", options.Revocation.RefreshInterval);
        RequirePositive($"{key}:Revocation:OcspCacheDuration", options.Revocation.OcspCacheDuration, allowZero: true);
        RequirePositive($"{key}:Revocation:FetchTimeout", options.Revocation.FetchTimeout);
    }

    public void RequireRetry(string key, RetryOptions options)
    {
        RequirePositive($"{key}:InitialDelay", options.InitialDelay);
        RequirePositive($"{key}:MaxDelay", options.MaxDelay);
        RequirePositive($"{key}:GiveUpAfter", options.GiveUpAfter);
        RequirePositive($"{key}:PollInterval", options.PollInterval);
        RequireRange($"{key}:Multiplier", options.Multiplier, 1.0, 100.0);
        RequireRange($"{key}:JitterFraction", options.JitterFraction, 0.0, 1.0);
    }

    public void RequireEndpoint(string key, string? value)
    {
        if (!IPEndPoint.TryParse(value ?? string.Empty, out var endpoint) || endpoint.Port == 0)
        {
            Add(key, $"'{value}' is not an address:port such as 127.0.0.1:7443");
        }
    }

    public void RequirePositive(string key, TimeSpan value, bool allowZero = false)
    {
        if (value < TimeSpan.Zero || (!allowZero && value == TimeSpan.Zero))
        {
            Add(key, $"must be {(allowZero ? "zero or more" : "more than zero")} (was {value})");
        }
    }

    public void RequireRange(string key, double value, double min, double max)
    {
        if (double.IsNaN(value) || value < min || value > max)
        {
            Add(key, $"must be between {min} and {max} (was {value})");
        }
    }

    public ValidateOptionsResult ToResult() =>
        _problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(_problems);
}
