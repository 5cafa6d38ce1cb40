using System.Text.Json;

namespace Headstore.Infrastructure.Messaging.ServiceBus;

/// <summary>
/// A message to send. <see cref="MessageId"/> should be a business id: with duplicate detection on the entity,
/// a retried send is then dropped by Service Bus.
/// </summary>
public sealed record ServiceBusOutgoingMessage(
    string MessageId,
    string Body,
    string? CorrelationId = null,
    string? Subject = null,
    DateTimeOffset? ScheduledEnqueueTime = null)
{
    public static ServiceBusOutgoingMessage FromJson<T>(
        string messageId,
        T value,
        JsonSerializerOptions? serializerOptions = null,
        string? correlationId = null,
        string? subject = null,
        DateTimeOffset? scheduledEnqueueTime = null) =>
        new(messageId, JsonSerializer.Serialize(value, serializerOptions ?? JsonSerializerOptions.Web), correlationId, subject, scheduledEnqueueTime);
}

/// <summary>A peek-locked message: settle it with complete or abandon before the lock expires.</summary>
public sealed record ServiceBusReceivedMessage(
    string Body,
    string? MessageId,
    string? CorrelationId,
    string? Subject,
    int DeliveryCount,
    long SequenceNumber,
    string? LockToken,
    DateTimeOffset? LockedUntil,
    Uri LockLocation)
{
    public T? BodyAs<T>(JsonSerializerOptions? serializerOptions = null) =>
        JsonSerializer.Deserialize<T>(Body, serializerOptions ?? JsonSerializerOptions.Web);
}

/// <summary>Entity paths as the REST API addresses them.</summary>
public static class ServiceBusEntity
{
    public static string Queue(string name) => Uri.EscapeDataString(name);

    public static string Topic(string name) => Uri.EscapeDataString(name);

    public static string Subscription(string topic, string subscription) =>
        $"{Uri.EscapeDataString(topic)}/subscriptions/{Uri.EscapeDataString(subscription)}";
}
