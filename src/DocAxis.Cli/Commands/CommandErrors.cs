using DocAxis.Cli.Output;
using DocAxis.Core;
using DocAxis.Transport.Refusals;
using Grpc.Core;
using Microsoft.Extensions.Options;
using Spectre.Console;

namespace DocAxis.Cli.Commands;

/// <summary>Turns what can go wrong in a command into a message for people (or JSON) and an exit code.</summary>
public static class CommandErrors
{
    public const int Failed = 1;
    public const int BadConfiguration = 2;
    public const int Refused = 3;
    public const int Unreachable = 4;

    public static async Task<int> RunAsync(bool json, Func<Task<int>> command)
    {
        try
        {
            return await command();
        }
        catch (OptionsValidationException e)
        {
            return Report(json, BadConfiguration, "configuration", "The configuration is invalid.", [.. e.Failures]);
        }
        catch (RpcException e) when (RefusalStatus.FromRpcException(e) is { } refusal)
        {
            return Report(json, Refused, refusal.Reason.ToWireName(), refusal.Message, Facts(refusal), e.StatusCode);
        }
        catch (RpcException e)
        {
            return Report(json, Unreachable, e.StatusCode.ToString(), $"The call failed: {e.Status.Detail}", [], e.StatusCode);
        }
        catch (RefusalException e)
        {
            return Report(json, Refused, e.Reason.ToWireName(), e.Message, Facts(e));
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or FormatException)
        {
            return Report(json, Failed, e.GetType().Name, e.Message, []);
        }
    }

    /// <summary>Reports a refusal found offline (e.g. an invalid package) with the given exit code.</summary>
    public static int Report(bool json, RefusalException refusal, int exitCode) =>
        Report(json, exitCode, refusal.Reason.ToWireName(), refusal.Message, Facts(refusal));

    /// <summary>What a refusal names besides its sentence: the field, certificate, limit... at fault.</summary>
    private static string[] Facts(RefusalException refusal) => [.. refusal.Details.Select(d => $"{d.Key}: {d.Value}")];

    /// <summary>
    /// The sentence is the message, for people and machines alike; JSON also repeats it first in
    /// <c>details</c>, after which come the facts the refusal names, and the gRPC status if any.
    /// </summary>
    private static int Report(bool json, int exitCode, string reason, string sentence, IReadOnlyList<string> facts, StatusCode? status = null)
    {
        if (json)
        {
            Json.Write(new { error = new { reason, message = sentence, status = status?.ToString(), details = new[] { sentence }.Concat(facts) } });
        }
        else
        {
            var also = status is null || status.ToString() == reason ? "" : $", {status}";
            AnsiConsole.MarkupLine($"[red]{sentence.EscapeMarkup()}[/] ({reason.EscapeMarkup()}{also})");
            foreach (var fact in facts)
            {
                AnsiConsole.MarkupLine($"  {fact.EscapeMarkup()}");
            }
        }

        return exitCode;
    }
}
