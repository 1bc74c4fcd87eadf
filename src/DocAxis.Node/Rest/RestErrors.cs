using DocAxis.Core;
using DocAxis.Transport.Refusals;
using Grpc.Core;
using Microsoft.AspNetCore.Http;

namespace DocAxis.Node.Rest;

/// <summary>Refusals as HTTP answers: the same reasons and sentences as the gRPC API, with the HTTP status that matches.</summary>
internal static class RestErrors
{
    public static IResult Of(RefusalException refusal) =>
        Results.Json(new ErrorBody(new ErrorDetail(refusal.Reason.ToWireName(), refusal.Message, refusal.Details)), statusCode: HttpStatusOf(RefusalStatus.CodeOf(refusal.Reason)));

    public static IResult Of(RpcException e) =>
        RefusalStatus.FromRpcException(e) is { } refusal
            ? Of(refusal)
            : Results.Json(new ErrorBody(new ErrorDetail(e.StatusCode.ToString().ToUpperInvariant(), $"The hub could not be asked: {e.Status.Detail}", new Dictionary<string, string>())), statusCode: HttpStatusOf(e.StatusCode));

    public static RefusalException TooLarge(long limit) => new(
        RefusalReason.LimitExceeded,
        $"The request is larger than {limit} bytes, the limit of this endpoint; send large letters through the gRPC API's SendEdXml, which streams.",
        new Dictionary<string, string> { ["limit"] = "rest_max_body_bytes" });

    public static int HttpStatusOf(StatusCode code) => code switch
    {
        StatusCode.InvalidArgument => StatusCodes.Status400BadRequest,
        StatusCode.Unauthenticated => StatusCodes.Status401Unauthorized,
        StatusCode.PermissionDenied => StatusCodes.Status403Forbidden,
        StatusCode.NotFound => StatusCodes.Status404NotFound,
        StatusCode.AlreadyExists or StatusCode.FailedPrecondition => StatusCodes.Status409Conflict,
        StatusCode.ResourceExhausted => StatusCodes.Status413PayloadTooLarge,
        StatusCode.Unavailable or StatusCode.DeadlineExceeded => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };
}
