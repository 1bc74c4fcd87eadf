using DocAxis.Storage;
using DocAxis.Storage.Audit;
using DocAxis.Transport.Refusals;
using Microsoft.Extensions.DependencyInjection;

namespace DocAxis.Hosting.Audit;

public static class AuditServices
{
    /// <summary>
    /// The exchange log: a non-blocking trail, its batch writer into <typeparamref name="TLog"/>, and
    /// every refusal recorded. Register it before the services that record, so it stops after them.
    /// </summary>
    public static IServiceCollection AddDocAxisAudit<TLog>(this IServiceCollection services)
        where TLog : class, IAuditLog
    {
        services.AddSingleton<IAuditLog>(sp => sp.GetRequiredService<TLog>());
        services.AddSingleton<AuditTrail>();
        services.AddHostedService<AuditWriter>();
        services.AddSingleton<IRefusalObserver, AuditedRefusals>();
        return services;
    }
}
