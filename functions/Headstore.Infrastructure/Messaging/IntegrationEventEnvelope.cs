using System.Text.Json;
using Headstore.Application.Common;
using Headstore.Infrastructure.Serialization;
using Microsoft.Extensions.DependencyInjection;

namespace Headstore.Infrastructure.Messaging;

/// <summary>
/// An integration event as it travels: its id, its type's name and its JSON. The outbox stores this shape, a Service
/// Bus message carries it (MessageId = event id, Subject = type, body = JSON), and both the local dispatcher and the
/// Azure Functions Service Bus trigger turn it back into the event with <see cref="ToEvent"/>.
/// </summary>
public sealed record IntegrationEventEnvelope(string EventId, string Type, string Payload)
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Type> OtherTypes = new(StringComparer.Ordinal);

    /// <summary>Makes an event type defined outside the application assembly (a host's or a test's) known by name.</summary>
    public static void RegisterEventType<T>()
        where T : IntegrationEvent => OtherTypes[typeof(T).Name] = typeof(T);

    public static IntegrationEventEnvelope From(IntegrationEvent integrationEvent) =>
        new(integrationEvent.EventId, integrationEvent.GetType().Name, JsonSerializer.Serialize(integrationEvent, integrationEvent.GetType(), JsonDefaults.Options));

    /// <summary>The event; throws for a type this build does not know (a newer publisher) so the message is retried or dead-lettered, not lost.</summary>
    public IntegrationEvent ToEvent()
    {
        if (!Application.DependencyInjection.IntegrationEventTypes.TryGetValue(Type, out var eventType) && !OtherTypes.TryGetValue(Type, out eventType))
        {
            throw new UnknownIntegrationEventException(Type);
        }

        return (IntegrationEvent)(JsonSerializer.Deserialize(Payload, eventType, JsonDefaults.Options)
            ?? throw new JsonException($"The payload of {Type} {EventId} is null."));
    }
}

public sealed class UnknownIntegrationEventException(string type) : InvalidOperationException($"Unknown integration event type '{type}'.")
{
    public string Type { get; } = type;
}

/// <summary>
/// The entry point for events that arrive from outside the process. The Azure Functions Service Bus trigger binds the
/// message and calls <c>ReceiveAsync(new IntegrationEventEnvelope(message.MessageId, message.Subject, message.Body.ToString()))</c>;
/// the same handlers run, each at most once per event id thanks to the inbox.
/// </summary>
public sealed class IntegrationEventReceiver(IServiceScopeFactory scopes)
{
    public async Task ReceiveAsync(IntegrationEventEnvelope envelope, CancellationToken cancellationToken)
    {
        var integrationEvent = envelope.ToEvent();
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IntegrationEventDispatcher>().DispatchAsync(integrationEvent, cancellationToken);
    }
}
