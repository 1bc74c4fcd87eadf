using DocAxis.Contracts.V1;
using DocAxis.Storage.Node;

namespace DocAxis.Node.Sending;

internal static class OutboxStates
{
    public static SubmissionState ToProto(string state) => state switch
    {
        OutboxState.Queued => SubmissionState.Queued,
        OutboxState.Accepted => SubmissionState.Accepted,
        OutboxState.Refused => SubmissionState.Refused,
        _ => SubmissionState.Unspecified,
    };
}
