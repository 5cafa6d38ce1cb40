using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Headstore.Domain.Common;

namespace Headstore.Infrastructure.Calls.Acs;

/// <summary>What the ACS clients share: JSON settings, request building and the mapping of failures to <see cref="Error"/>.</summary>
internal static class AcsHttp
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    public static HttpRequestMessage Request(HttpMethod method, string path, string apiVersion, object? body = null, string contentType = "application/json")
    {
        var request = new HttpRequestMessage(method, WithApiVersion(path, apiVersion));
        if (body is not null)
        {
            request.Content = JsonContent.Create(body, body.GetType(), new MediaTypeHeaderValue(contentType), Json);
        }

        return request;
    }

    /// <summary>Sets the headers that let ACS recognise a retried create and answer it once.</summary>
    public static void AddRepeatability(HttpRequestMessage request, RepeatableRequest? repeatable)
    {
        if (repeatable is null)
        {
            return;
        }

        request.Headers.TryAddWithoutValidation("Repeatability-Request-ID", repeatable.RequestId.ToString());
        request.Headers.TryAddWithoutValidation("Repeatability-First-Sent", repeatable.FirstSent.ToString("R", System.Globalization.CultureInfo.InvariantCulture));
    }

    public static string WithApiVersion(string path, string apiVersion) =>
        $"{path}{(path.Contains('?', StringComparison.Ordinal) ? '&' : '?')}api-version={apiVersion}";

    /// <summary>Reads a paged list to the end, following the service's next links.</summary>
    public static async Task<Result<IReadOnlyList<T>>> ReadAllPagesAsync<T>(HttpClient http, string firstPage, string operation, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        string? next = firstPage;
        while (next is not null)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, next);
            using var response = await http.SendAsync(request, cancellationToken);
            var page = await ReadAsync<Page<T>>(response, operation, cancellationToken);
            if (!page.IsSuccess)
            {
                return page.Error!;
            }

            items.AddRange(page.Value.Value);
            next = string.IsNullOrEmpty(page.Value.NextLink) ? null : page.Value.NextLink;
        }

        return Result<IReadOnlyList<T>>.Success(items);
    }

    public static string Segment(string value) => Uri.EscapeDataString(value);

    public static async Task<Result<T>> ReadAsync<T>(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            return await ToErrorAsync(response, operation, cancellationToken);
        }

        var value = await response.Content.ReadFromJsonAsync<T>(Json, cancellationToken);
        return value is null
            ? new Error(ErrorKind.Unavailable, "acs-empty-response", $"ACS {operation} answered without a body.")
            : Result<T>.Success(value);
    }

    public static async Task<Result<Unit>> ExpectSuccessAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken) =>
        response.IsSuccessStatusCode ? Unit.Value : await ToErrorAsync(response, operation, cancellationToken);

    public static async Task<Error> ToErrorAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        var code = "unknown";
        var message = response.ReasonPhrase ?? "";
        try
        {
            var body = await response.Content.ReadFromJsonAsync<CommunicationErrorResponse>(Json, cancellationToken);
            if (body?.Error is { } error)
            {
                code = error.Code;
                message = error.Message;
            }
        }
        catch (JsonException)
        {
            // A gateway in front of ACS can answer with HTML or nothing; the status code still says enough.
        }

        var kind = response.StatusCode switch
        {
            HttpStatusCode.BadRequest or HttpStatusCode.UnprocessableEntity => ErrorKind.RuleViolation,
            HttpStatusCode.Unauthorized => ErrorKind.Unauthorized,
            HttpStatusCode.Forbidden => ErrorKind.Forbidden,
            HttpStatusCode.NotFound => ErrorKind.NotFound,
            HttpStatusCode.Conflict or HttpStatusCode.PreconditionFailed => ErrorKind.Conflict,
            HttpStatusCode.TooManyRequests => ErrorKind.TooManyRequests,
            _ => ErrorKind.Unavailable,
        };
        return new Error(kind, $"acs-{code}", $"ACS {operation} failed with {(int)response.StatusCode}: {message}");
    }

    private sealed record Page<T>(IReadOnlyList<T> Value, string? NextLink);

    private sealed record CommunicationErrorResponse(CommunicationError? Error);

    private sealed record CommunicationError(string Code, string Message);
}

/// <summary>
/// Makes a create safe to retry: ACS answers a repeated request id with the first outcome. Keep both values with the
/// business operation and send the same ones on every attempt.
/// </summary>
public sealed record RepeatableRequest(Guid RequestId, DateTimeOffset FirstSent);
