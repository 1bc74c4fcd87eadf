using DocAxis.Contracts.V1;
using Grpc.Core;

namespace DocAxis.Hub.Submission;

/// <summary>Thin gRPC face of <see cref="LetterIntake"/>.</summary>
internal sealed class SubmissionGrpcService(LetterIntake intake) : SubmissionService.SubmissionServiceBase
{
    public override Task<SignedAcceptance> Submit(IAsyncStreamReader<SubmitRequest> requestStream, ServerCallContext context) =>
        intake.ReceiveAsync(context, requestStream);
}
