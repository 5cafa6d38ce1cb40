using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Headstore.Domain.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Headstore.Infrastructure.Payments.Stripe;

/// <summary>
/// A small Stripe REST client: bearer auth, a pinned API version, form-encoded bodies, idempotency keys and
/// retries where a repeat cannot do anything twice. We write our own because Stripe.net is not available to us,
/// and the gateway needs only a dozen endpoints.
/// </summary>
public sealed class StripeClient
{
    public const int MaxIdempotencyKeyLength = 255;

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    private static readonly MediaTypeHeaderValue FormContentType = new("application/x-www-form-urlencoded");

    private readonly HttpClient httpClient;
    private readonly StripeOptions options;
    private readonly TimeProvider timeProvider;
    private readonly ILogger<StripeClient> logger;

    public StripeClient(HttpClient httpClient, IOptions<StripeOptions> options, TimeProvider timeProvider, ILogger<StripeClient> logger)
    {
        this.httpClient = httpClient;
        this.options = options.Value;
        this.timeProvider = timeProvider;
        this.logger = logger;
    }

    internal Task<Result<T>> GetAsync<T>(string path, StripeForm? query, CancellationToken cancellationToken) =>
        SendAsync<T>(HttpMethod.Get, path, query, idempotencyKey: null, cancellationToken);

    /// <summary>
    /// Every POST carries an idempotency key: Stripe then returns the first result for a repeat instead of acting
    /// again, which is what makes retrying a POST (ours here, or the caller's after a crash) safe.
    /// </summary>
    internal Task<Result<T>> PostAsync<T>(string path, StripeForm form, string idempotencyKey, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > MaxIdempotencyKeyLength)
        {
            return Task.FromResult<Result<T>>(Error.Validation("idempotencyKey", $"An idempotency key of 1 to {MaxIdempotencyKeyLength} characters is required."));
        }

        return SendAsync<T>(HttpMethod.Post, path, form, idempotencyKey, cancellationToken);
    }

    private async Task<Result<T>> SendAsync<T>(HttpMethod method, string path, StripeForm? form, string? idempotencyKey, CancellationToken cancellationToken)
    {
        // GETs change nothing, and a POST with an idempotency key is answered from Stripe's record of the first
        // attempt; anything else could act twice, so it gets exactly one try.
        var retryable = method == HttpMethod.Get || idempotencyKey is not null;
        var maxAttempts = retryable ? options.MaxRetries + 1 : 1;

        for (var attempt = 1; ; attempt++)
        {
            using var request = BuildRequest(method, path, form, idempotencyKey);
            HttpResponseMessage response;
            try
            {
                response = await httpClient.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            }
            catch (Exception exception) when (IsTransportFailure(exception, cancellationToken))
            {
                if (attempt < maxAttempts)
                {
                    logger.LogWarning(exception, "Stripe {Method} {Path} failed to connect (attempt {Attempt}); retrying", method, path, attempt);
                    await Task.Delay(Backoff(attempt, retryAfter: null), timeProvider, cancellationToken);
                    continue;
                }

                logger.LogError(exception, "Stripe {Method} {Path} could not be reached after {Attempt} attempts", method, path, attempt);
                return StripeErrors.Unreachable();
            }

            using (response)
            {
                var body = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return JsonSerializer.Deserialize<T>(body, Json)
                        ?? throw new InvalidOperationException($"Stripe {method} {path} answered {(int)response.StatusCode} with an empty body.");
                }

                var apiError = ReadError(body);
                var requestId = response.Headers.TryGetValues("Request-Id", out var ids) ? ids.FirstOrDefault() : null;
                if (attempt < maxAttempts && ShouldRetry(response))
                {
                    logger.LogWarning(
                        "Stripe {Method} {Path} answered {Status} {ErrorType} (request {RequestId}, attempt {Attempt}); retrying",
                        method, path, (int)response.StatusCode, apiError?.Type, requestId, attempt);
                    await Task.Delay(Backoff(attempt, response.Headers.RetryAfter?.Delta), timeProvider, cancellationToken);
                    continue;
                }

                // Bodies are never logged: they can hold client secrets and personal data.
                logger.LogInformation(
                    "Stripe {Method} {Path} answered {Status} {ErrorType} {ErrorCode} (request {RequestId})",
                    method, path, (int)response.StatusCode, apiError?.Type, apiError?.Code, requestId);
                return StripeErrors.Map(response.StatusCode, apiError);
            }
        }
    }

    private HttpRequestMessage BuildRequest(HttpMethod method, string path, StripeForm? form, string? idempotencyKey)
    {
        var uri = new Uri(options.BaseUrl, path);
        if (method == HttpMethod.Get && form is { IsEmpty: false })
        {
            uri = new UriBuilder(uri) { Query = form.Encode() }.Uri;
        }

        var request = new HttpRequestMessage(method, uri);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", options.SecretKey);
        request.Headers.Add("Stripe-Version", options.ApiVersion);
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }

        if (method != HttpMethod.Get)
        {
            request.Content = new StringContent(form?.Encode() ?? "", Encoding.UTF8);
            request.Content.Headers.ContentType = FormContentType;
        }

        return request;
    }

    private static bool ShouldRetry(HttpResponseMessage response)
    {
        // Stripe says explicitly when a retry can (409 on a key still in flight) or cannot help.
        if (response.Headers.TryGetValues("Stripe-Should-Retry", out var values))
        {
            return string.Equals(values.FirstOrDefault(), "true", StringComparison.OrdinalIgnoreCase);
        }

        return response.StatusCode == HttpStatusCode.TooManyRequests || (int)response.StatusCode >= 500;
    }

    private static bool IsTransportFailure(Exception exception, CancellationToken cancellationToken) =>
        exception is HttpRequestException
        // HttpClient's own timeout surfaces as a cancellation that the caller did not ask for.
        || (exception is TaskCanceledException && !cancellationToken.IsCancellationRequested);

    private TimeSpan Backoff(int attempt, TimeSpan? retryAfter)
    {
        var exponential = options.RetryDelay * Math.Pow(2, attempt - 1);
        // Jitter spreads the retries of many workers hit by the same outage.
        var jittered = exponential * (0.5 + (Random.Shared.NextDouble() / 2));
        var delay = retryAfter is { } hinted && hinted > jittered ? hinted : jittered;
        return delay > TimeSpan.FromSeconds(10) ? TimeSpan.FromSeconds(10) : delay;
    }

    private static StripeApiError? ReadError(string body)
    {
        try
        {
            return JsonSerializer.Deserialize<StripeErrorEnvelope>(body, Json)?.Error;
        }
        catch (JsonException)
        {
            // A proxy or load balancer in between can answer with HTML; the status code still tells us enough.
            return null;
        }
    }
}
