using Headstore.Domain.Common;
using Microsoft.Extensions.Options;

namespace Headstore.Infrastructure.Calls.Acs;

public sealed record AcsEmailAddress(string Address, string? DisplayName = null);

public sealed record AcsEmailAttachment(string Name, string ContentType, string ContentInBase64);

/// <summary>An e-mail from the configured sender. Give plain text, HTML or both.</summary>
public sealed record AcsEmailMessage(
    IReadOnlyList<AcsEmailAddress> To,
    string Subject,
    string? PlainText,
    string? Html,
    IReadOnlyList<AcsEmailAttachment>? Attachments = null);

public static class AcsEmailStatus
{
    public const string NotStarted = "NotStarted";
    public const string Running = "Running";
    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";
    public const string Canceled = "Canceled";
}

/// <summary>A send in progress: poll <see cref="OperationLocation"/> until <see cref="IsFinished"/>.</summary>
public sealed record AcsEmailOperation(string Id, string Status, Uri? OperationLocation, string? ErrorCode, string? ErrorMessage)
{
    public bool IsFinished => Status is AcsEmailStatus.Succeeded or AcsEmailStatus.Failed or AcsEmailStatus.Canceled;
}

/// <summary>ACS Email: accepted sends are delivered asynchronously; the operation tells how it went.</summary>
public sealed class AcsEmailClient(HttpClient http, IOptions<AcsOptions> options)
{
    public const string ApiVersion = "2025-09-01";

    /// <summary>
    /// Sends the message. Pass the same <paramref name="operationId"/> on a retry so ACS sends it once
    /// (for example one derived from the notification's business id).
    /// </summary>
    public async Task<Result<AcsEmailOperation>> SendAsync(AcsEmailMessage message, Guid? operationId = null, CancellationToken cancellationToken = default)
    {
        var body = new SendRequest(
            options.Value.EmailSender,
            new Content(message.Subject, message.PlainText, message.Html),
            new Recipients(message.To),
            message.Attachments is { Count: > 0 } ? message.Attachments : null);
        // "./" keeps "emails:" from being read as a URI scheme.
        using var request = AcsHttp.Request(HttpMethod.Post, "./emails:send", ApiVersion, body);
        if (operationId is { } id)
        {
            request.Headers.TryAddWithoutValidation("Operation-Id", id.ToString());
        }

        using var response = await http.SendAsync(request, cancellationToken);
        var result = await AcsHttp.ReadAsync<SendResult>(response, "send e-mail", cancellationToken);
        var location = response.Headers.TryGetValues("Operation-Location", out var values)
            && Uri.TryCreate(values.FirstOrDefault(), UriKind.Absolute, out var uri) ? uri : null;
        return result.Map(r => r.ToOperation(location));
    }

    /// <summary>Reads the state of a send from the <c>Operation-Location</c> the send answered with.</summary>
    public async Task<Result<AcsEmailOperation>> GetOperationAsync(Uri operationLocation, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, operationLocation);
        using var response = await http.SendAsync(request, cancellationToken);
        var result = await AcsHttp.ReadAsync<SendResult>(response, "get e-mail status", cancellationToken);
        return result.Map(r => r.ToOperation(operationLocation));
    }

    public async Task<Result<AcsEmailOperation>> GetOperationAsync(string operationId, CancellationToken cancellationToken = default)
    {
        using var request = AcsHttp.Request(HttpMethod.Get, $"emails/operations/{AcsHttp.Segment(operationId)}", ApiVersion);
        using var response = await http.SendAsync(request, cancellationToken);
        var result = await AcsHttp.ReadAsync<SendResult>(response, "get e-mail status", cancellationToken);
        return result.Map(r => r.ToOperation(null));
    }

    private sealed record Content(string Subject, string? PlainText, string? Html);

    private sealed record Recipients(IReadOnlyList<AcsEmailAddress> To);

    private sealed record SendRequest(string SenderAddress, Content Content, Recipients Recipients, IReadOnlyList<AcsEmailAttachment>? Attachments);

    private sealed record ErrorDetail(string? Code, string? Message);

    private sealed record SendResult(string Id, string Status, ErrorDetail? Error)
    {
        public AcsEmailOperation ToOperation(Uri? location) => new(Id, Status, location, Error?.Code, Error?.Message);
    }
}
