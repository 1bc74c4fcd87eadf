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
            return Report(json, BadConfiguration, "configuration", "The configuration is invalid", [.. e.Failures]);
        }
        catch (RpcException e) when (RefusalStatus.FromRpcException(e) is { } refusal)
        {
            return Report(json, Refused, refusal.Reason.ToWireName(), $"Refused ({e.StatusCode})", [refusal.Message]);
        }
        catch (RpcException e)
        {
            return Report(json, Unreachable, e.StatusCode.ToString(), "The call failed", [e.Status.Detail]);
        }
        catch (RefusalException e)
        {
            return Report(json, Refused, e.Reason.ToWireName(), "Refused", [e.Message]);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or UnauthorizedAccessException or FormatException)
        {
            return Report(json, Failed, e.GetType().Name, "Failed", [e.Message]);
        }
    }

    private static int Report(bool json, int exitCode, string reason, string headline, IReadOnlyList<string> details)
    {
        if (json)
        {
            Json.Write(new { error = new { reason, message = headline, details } });
        }
        else
        {
            AnsiConsole.MarkupLine($"[red]{headline.EscapeMarkup()}[/] ({reason.EscapeMarkup()})");
            foreach (var detail in details)
            {
                AnsiConsole.MarkupLine($"  {detail.EscapeMarkup()}");
            }
        }

        return exitCode;
    }
}
