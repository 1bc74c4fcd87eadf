using Microsoft.AspNetCore.Builder;

namespace DocAxis.Hosting;

/// <summary>
/// A way in that a host takes without knowing it (the web console): it adds its listener and
/// services to the builder, then maps its endpoints on the built application.
/// </summary>
public interface IHostDoor
{
    void AddTo(WebApplicationBuilder builder);

    void MapIn(WebApplication app);
}
