using System.Text.Json;
using Headstore.Application.Common;
using Headstore.Infrastructure.Serialization;

namespace Headstore.Functions.Events;

/// <summary>
/// How an integration event travels on Service Bus, read in ONE place: the event type's name in the message Subject
/// (or, failing that, the application property "type"), the event's JSON as the body, the event id as MessageId. This
/// is the shape the outbox publisher writes (branch "cosmos": IntegrationEventEnvelope / ServiceBusOutboxPublisher);
/// when that lands, this class becomes a call to its envelope's ToEvent().
/// </summary>
public static class IntegrationEventMessages
{
    public const string TypeProperty = "type";

    public static IntegrationEvent ToEvent(string? subject, IReadOnlyDictionary<string, object> applicationProperties, BinaryData body)
    {
        var typeName = !string.IsNullOrEmpty(subject)
            ? subject
            : applicationProperties.TryGetValue(TypeProperty, out var type) ? type as string : null;
        if (string.IsNullOrEmpty(typeName))
        {
            throw new InvalidOperationException("An integration event message needs its type in Subject (or the 'type' application property).");
        }

        // An unknown type throws, so the message is retried and then dead-lettered rather than silently completed.
        if (!Application.DependencyInjection.IntegrationEventTypes.TryGetValue(typeName, out var eventType))
        {
            throw new InvalidOperationException($"Unknown integration event type '{typeName}'.");
        }

        return (IntegrationEvent)(JsonSerializer.Deserialize(body.ToMemory().Span, eventType, JsonDefaults.Options)
            ?? throw new JsonException($"The body of a {typeName} message is null."));
    }
}
