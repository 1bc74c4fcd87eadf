using DocAxis.Transport.Tls;

namespace DocAxis.WebConsole;

/// <summary>The web console's settings, section "Node:Console" (or "Hub:Console").</summary>
public sealed class ConsoleOptions
{
    /// <summary>Where the console listens; empty serves none. Without <see cref="Tls"/> it must be a loopback address.</summary>
    public string Listen { get; set; } = "127.0.0.1:7801";

    /// <summary>The certificate the console serves HTTPS with; required unless it listens on loopback only.</summary>
    public CertificateOptions? Tls { get; set; }

    /// <summary>A session ends after this long without a request.</summary>
    public TimeSpan SessionTimeout { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>This many wrong passwords in a row lock an account for <see cref="LockoutDuration"/>.</summary>
    public int LockoutThreshold { get; set; } = 5;

    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The largest letter (all its attachments) a clerk may upload from the console, in bytes.</summary>
    public long MaxUploadBytes { get; set; } = 2L * 1024 * 1024 * 1024;

    /// <summary>Sign-in through an OpenID Connect provider; none means local accounts only.</summary>
    public Access.OpenIdConnectSignIn? OpenIdConnect { get; set; }

    /// <summary>Up to this many agencies the compose page lists the whole directory; beyond it the clerk types and the node answers the matches.</summary>
    public int RecipientListLimit { get; set; } = 300;

    /// <summary>The time zone dates are shown in.</summary>
    public string TimeZone { get; set; } = "Asia/Ho_Chi_Minh";
}
