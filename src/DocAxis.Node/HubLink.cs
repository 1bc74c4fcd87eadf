using DocAxis.Contracts.V1;
using DocAxis.Node.Options;
using DocAxis.Transport.Peers;

namespace DocAxis.Node;

/// <summary>Clients of the hub, each authenticated as the hosted agency it acts for.</summary>
public sealed class HubLink(PeerChannels channels, NodeOptions options)
{
    private readonly Uri _endpoint = new(options.Hub.Endpoint);

    public SubmissionService.SubmissionServiceClient Submission(HostedAgency agency) => new(channels.For(_endpoint, agency.Tls));

    public StatusService.StatusServiceClient Status(HostedAgency agency) => new(channels.For(_endpoint, agency.Tls));

    public TraceService.TraceServiceClient Trace(HostedAgency agency) => new(channels.For(_endpoint, agency.Tls));

    public StatisticsService.StatisticsServiceClient Statistics(HostedAgency agency) => new(channels.For(_endpoint, agency.Tls));

    public ResendService.ResendServiceClient Resend(HostedAgency agency) => new(channels.For(_endpoint, agency.Tls));

    public DirectoryService.DirectoryServiceClient Directory(HostedAgency agency) => new(channels.For(_endpoint, agency.Tls));
}
