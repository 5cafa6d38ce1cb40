using Azure.Messaging.ServiceBus;
using Headstore.Application.Common;
using Headstore.Functions.Lifecycles;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;

namespace Headstore.Functions.Events;

/// <summary>
/// Integration events published by the outbox to the Service Bus topic reach the same handlers as locally, through the
/// application's <see cref="IntegrationEventDispatcher"/> (each handler at most once per event id, thanks to the
/// inbox). A failure throws: Service Bus redelivers, and dead-letters after the subscription's max delivery count.
/// A <see cref="LifecycleScheduled"/> event also starts or wakes the aggregate's orchestration, which then owns its timer.
/// </summary>
public sealed class IntegrationEventFunctions(IntegrationEventDispatcher dispatcher, LifecycleSignals lifecycles)
{
    [Function(nameof(HandleIntegrationEvent))]
    public async Task HandleIntegrationEvent(
        [ServiceBusTrigger("%Events:Topic%", "%Events:Subscription%", Connection = "ServiceBus")] ServiceBusReceivedMessage message,
        [DurableClient] DurableTaskClient durable,
        CancellationToken cancellationToken)
    {
        var integrationEvent = IntegrationEventMessages.ToEvent(message.Subject, message.ApplicationProperties, message.Body);
        await dispatcher.DispatchAsync(integrationEvent, cancellationToken);
        if (integrationEvent is LifecycleScheduled { IsFinal: false } scheduled)
        {
            await lifecycles.SendAsync(durable, scheduled.AggregateType, scheduled.AggregateId, new LifecycleSignal(LifecycleSignal.Wake), cancellationToken);
        }
    }
}
