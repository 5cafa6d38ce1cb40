using Headstore.Application.Common;
using Microsoft.Extensions.Options;

namespace Headstore.Infrastructure.Messaging.ServiceBus;

/// <summary>
/// Publishes outbox events to the integration-events topic: MessageId = event id (duplicate detection drops a resend
/// after a crash between send and mark), Subject = event type (subscriptions filter on it), body = the event's JSON, and
/// a scheduled enqueue time for delayed events, so the broker holds them until due.
/// </summary>
public sealed class ServiceBusOutboxPublisher(ServiceBusRestClient client, IOptions<EventsOptions> options, TimeProvider clock) : IOutboxPublisher
{
    public bool SchedulesDelayedEvents => true;

    public async Task PublishAsync(IntegrationEventEnvelope envelope, IntegrationEvent integrationEvent, CancellationToken cancellationToken)
    {
        DateTimeOffset? scheduled = integrationEvent is IScheduledIntegrationEvent { DeliverAt: var deliverAt } && deliverAt > clock.GetUtcNow() ? deliverAt : null;
        var message = new ServiceBusOutgoingMessage(envelope.EventId, envelope.Payload, CorrelationId: null, Subject: envelope.Type, ScheduledEnqueueTime: scheduled);
        var sent = await client.SendAsync(ServiceBusEntity.Topic(options.Value.Topic), message, cancellationToken);
        if (!sent.IsSuccess)
        {
            // The dispatcher retries with backoff; duplicate detection makes the retry harmless.
            throw new ServiceBusPublishException(envelope.Type, sent.Error!.Code);
        }
    }

    /// <summary>Converts a received message back into the envelope the handlers' entry point takes.</summary>
    public static IntegrationEventEnvelope EnvelopeOf(ServiceBusReceivedMessage message) =>
        new(message.MessageId ?? throw new InvalidOperationException("An integration event message needs its MessageId."),
            message.Subject ?? throw new InvalidOperationException("An integration event message needs its Subject (the event type)."),
            message.Body);
}

public sealed class ServiceBusPublishException(string eventType, string code) : Exception($"Publishing {eventType} to Service Bus failed: {code}.")
{
    public string Code { get; } = code;
}
