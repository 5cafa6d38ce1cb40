using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Headstore.Domain.Common;

namespace Headstore.Infrastructure.Messaging.ServiceBus;

/// <summary>
/// Sends to queues and topics and receives from subscriptions over the Service Bus REST API; the AMQP SDK is not
/// available to this build, and HTTP is enough for our volumes.
/// </summary>
public sealed class ServiceBusRestClient(HttpClient http)
{
    public const string BrokerPropertiesHeader = "BrokerProperties";
    public const string BatchContentType = "application/vnd.microsoft.servicebus.json";

    /// <summary>Standard tier's limit per message (and per batch).</summary>
    public const int MaximumMessageBytes = 256 * 1024;

    private static readonly JsonSerializerOptions Json = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <param name="entityPath">A queue or topic, see <see cref="ServiceBusEntity"/>.</param>
    public async Task<Result<Unit>> SendAsync(string entityPath, ServiceBusOutgoingMessage message, CancellationToken cancellationToken = default)
    {
        var body = Encoding.UTF8.GetBytes(message.Body);
        if (body.Length > MaximumMessageBytes)
        {
            return TooLarge();
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, $"{entityPath}/messages")
        {
            Content = new ByteArrayContent(body),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.TryAddWithoutValidation(BrokerPropertiesHeader, JsonSerializer.Serialize(BrokerProperties.For(message), Json));
        using var response = await http.SendAsync(request, cancellationToken);
        return response.StatusCode == HttpStatusCode.Created ? Unit.Value : ToError(response, "send");
    }

    /// <summary>Sends the messages in one request: all are enqueued or none.</summary>
    public async Task<Result<Unit>> SendBatchAsync(string entityPath, IReadOnlyList<ServiceBusOutgoingMessage> messages, CancellationToken cancellationToken = default)
    {
        if (messages.Count == 0)
        {
            return Unit.Value;
        }

        var batch = messages.Select(m => new BatchedMessage(m.Body, BrokerProperties.For(m))).ToList();
        var body = JsonSerializer.SerializeToUtf8Bytes(batch, Json);
        if (body.Length > MaximumMessageBytes)
        {
            return TooLarge();
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, $"{entityPath}/messages") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue(BatchContentType);
        using var response = await http.SendAsync(request, cancellationToken);
        return response.StatusCode == HttpStatusCode.Created ? Unit.Value : ToError(response, "send batch");
    }

    /// <summary>
    /// Takes the next message under a peek lock, waiting up to <paramref name="timeout"/> for one;
    /// null when the entity stayed empty.
    /// </summary>
    /// <param name="entityPath">A queue, or a topic's subscription (<see cref="ServiceBusEntity.Subscription"/>).</param>
    public async Task<Result<ServiceBusReceivedMessage?>> PeekLockAsync(string entityPath, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var seconds = Math.Max(0, (int)timeout.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{entityPath}/messages/head?timeout={seconds}");
        using var response = await http.SendAsync(request, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NoContent)
        {
            return Result<ServiceBusReceivedMessage?>.Success(null);
        }

        if (response.StatusCode != HttpStatusCode.Created)
        {
            return ToError(response, "receive");
        }

        if (response.Headers.Location is not { } location)
        {
            return new Error(ErrorKind.Unavailable, "service-bus-no-lock", "Service Bus returned a locked message without its lock location.");
        }

        var lockLocation = location.IsAbsoluteUri ? location : new Uri(http.BaseAddress!, location);
        var properties = response.Headers.TryGetValues(BrokerPropertiesHeader, out var values)
            ? JsonSerializer.Deserialize<BrokerProperties>(values.First(), Json) ?? new BrokerProperties()
            : new BrokerProperties();
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return Result<ServiceBusReceivedMessage?>.Success(new ServiceBusReceivedMessage(
            body,
            properties.MessageId,
            properties.CorrelationId,
            properties.Label,
            properties.DeliveryCount ?? 1,
            properties.SequenceNumber ?? 0,
            properties.LockToken,
            ParseDate(properties.LockedUntilUtc),
            lockLocation));
    }

    /// <summary>Removes the message for good: the handler is done with it.</summary>
    public async Task<Result<Unit>> CompleteAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Delete, message.LockLocation);
        using var response = await http.SendAsync(request, cancellationToken);
        return response.IsSuccessStatusCode ? Unit.Value : ToError(response, "complete");
    }

    /// <summary>Releases the lock so the message is delivered again (and dead-lettered after too many tries).</summary>
    public async Task<Result<Unit>> AbandonAsync(ServiceBusReceivedMessage message, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, message.LockLocation) { Content = new ByteArrayContent([]) };
        using var response = await http.SendAsync(request, cancellationToken);
        return response.IsSuccessStatusCode ? Unit.Value : ToError(response, "abandon");
    }

    private static Error TooLarge() =>
        new(ErrorKind.RuleViolation, "service-bus-message-too-large", $"A Service Bus message (or batch) is limited to {MaximumMessageBytes} bytes.");

    private static Error ToError(HttpResponseMessage response, string operation)
    {
        var kind = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => ErrorKind.Unauthorized,
            HttpStatusCode.Forbidden => ErrorKind.Forbidden,
            // A lost lock (410) or an unknown entity (404) both mean the thing addressed is not there.
            HttpStatusCode.NotFound or HttpStatusCode.Gone => ErrorKind.NotFound,
            HttpStatusCode.RequestEntityTooLarge or HttpStatusCode.BadRequest => ErrorKind.RuleViolation,
            HttpStatusCode.TooManyRequests => ErrorKind.TooManyRequests,
            _ => ErrorKind.Unavailable,
        };
        return new Error(kind, $"service-bus-{(int)response.StatusCode}", $"Service Bus {operation} failed with {(int)response.StatusCode} {response.ReasonPhrase}.");
    }

    private static DateTimeOffset? ParseDate(string? value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : null;

    private sealed record BatchedMessage(string Body, BrokerProperties BrokerProperties);

    /// <summary>The REST API's names (PascalCase, Label for the subject) and its RFC 1123 dates.</summary>
    private sealed record BrokerProperties
    {
        public string? MessageId { get; init; }

        public string? CorrelationId { get; init; }

        public string? Label { get; init; }

        public string? ScheduledEnqueueTimeUtc { get; init; }

        public int? DeliveryCount { get; init; }

        public long? SequenceNumber { get; init; }

        public string? LockToken { get; init; }

        public string? LockedUntilUtc { get; init; }

        public static BrokerProperties For(ServiceBusOutgoingMessage message) => new()
        {
            MessageId = message.MessageId,
            CorrelationId = message.CorrelationId,
            Label = message.Subject,
            ScheduledEnqueueTimeUtc = message.ScheduledEnqueueTime?.ToUniversalTime().ToString("R", CultureInfo.InvariantCulture),
        };
    }
}
