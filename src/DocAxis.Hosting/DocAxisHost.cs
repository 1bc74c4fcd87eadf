using DocAxis.Transport.Refusals;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace DocAxis.Hosting;

/// <summary>How every DocAxis host starts: configuration first, checked before anything else runs.</summary>
public static class DocAxisHost
{
    /// <summary>
    /// The request headers Kestrel takes in before the refusal can answer. Past it Kestrel itself
    /// answers HTTP 431 (clients see UNKNOWN), and past twice it closes the connection.
    /// </summary>
    public const int HeadersAccepted = 128 * 1024;

    /// <summary>One header field larger than this cannot be decoded and closes the connection (HPACK allows nothing else).</summary>
    public const int HeaderFieldAccepted = 1024 * 1024;

    private const string ReloadConfigOnChange = "hostBuilder:reloadConfigOnChange";

    /// <summary>
    /// A builder whose configuration is appsettings.json, environment variables and the command line,
    /// then whatever <paramref name="configure"/> adds; and the options of <paramref name="section"/>,
    /// validated. A bad setting throws <see cref="OptionsValidationException"/> naming it.
    /// </summary>
    public static (WebApplicationBuilder Builder, TOptions Options) CreateBuilder<TOptions>(
        string[] args, Action<IConfigurationBuilder>? configure, string section, IValidateOptions<TOptions> validator)
        where TOptions : class, new()
    {
        // Options are read once, at start; reloading would buy nothing and makes the host watch its
        // working directory recursively, where (in a typical deployment) every staged attachment
        // then costs an inotify event on a watcher thread.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = [.. args, $"--{ReloadConfigOnChange}=false"] });
        configure?.Invoke(builder.Configuration);
        var options = builder.Configuration.GetSection(section).Get<TOptions>() ?? new TOptions();
        var validation = validator.Validate(null, options);
        if (validation.Failed)
        {
            throw new OptionsValidationException(section, typeof(TOptions), validation.Failures);
        }

        return (builder, options);
    }

    /// <summary>
    /// Letters are streams of any size: no request body limit (sizes are checked against the signed
    /// manifest instead), and HTTP/2 windows wide enough that a transfer is not throttled by them.
    /// Request metadata may exceed <see cref="CallLimits.MaxMetadataBytes"/> up to
    /// <see cref="HeadersAccepted"/> (a field up to <see cref="HeaderFieldAccepted"/>), so that a
    /// call over the limit is refused by name instead of losing its connection, which clients retry.
    /// </summary>
    public static void UseExchangeLimits(this KestrelServerOptions kestrel)
    {
        kestrel.Limits.MaxRequestHeadersTotalSize = HeadersAccepted;
        kestrel.Limits.Http2.MaxRequestHeaderFieldSize = HeaderFieldAccepted;
        kestrel.Limits.MaxRequestBodySize = null;
        kestrel.Limits.Http2.InitialConnectionWindowSize = 4 * 1024 * 1024;
        kestrel.Limits.Http2.InitialStreamWindowSize = 2 * 1024 * 1024;
    }
}
