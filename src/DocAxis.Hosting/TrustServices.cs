using DocAxis.Crypto.Revocation;
using DocAxis.Crypto.Signing;
using DocAxis.Crypto.Trust;
using DocAxis.Transport.Peers;
using DocAxis.Transport.Tls;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace DocAxis.Hosting;

public static class TrustServices
{
    /// <summary>Registers the trust store and everything that validates against it.</summary>
    public static IServiceCollection AddDocAxisTrust(this IServiceCollection services, Func<IServiceProvider, TrustOptions> trust)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp =>
        {
            var options = trust(sp);
            return TrustStore.Load(options.Anchors, options.Intermediates);
        });
        services.AddSingleton(sp => new CertificateValidator(sp.GetRequiredService<TrustStore>()));
        services.AddSingleton(sp =>
        {
            var options = trust(sp).Revocation;
            var time = sp.GetRequiredService<TimeProvider>();
            // One client for CRL downloads and OCSP requests; each request carries its own timeout.
            var http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = options.FetchTimeout }) { Timeout = Timeout.InfiniteTimeSpan };
            return new RevocationChecker(options, new CrlStore(options, http, time), new OcspClient(options, http, time), time);
        });
        services.AddSingleton(sp => new SignatureVerifier(
            sp.GetRequiredService<CertificateValidator>(), sp.GetRequiredService<TimeProvider>(), trust(sp).AllowedClockSkew, sp.GetRequiredService<RevocationChecker>()));
        services.AddSingleton(sp => new PeerAuthenticator(
            sp.GetRequiredService<CertificateValidator>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<RevocationChecker>()));
        services.AddSingleton(sp => new PeerChannels(sp.GetRequiredService<PeerAuthenticator>()));
        return services;
    }
}
