using Azure.Messaging.ServiceBus;
using Headstore.Application.Common;
using Microsoft.Azure.Functions.Worker;

namespace Headstore.Functions.Events;

/// <summary>
/// Integration events published by the outbox to the Service Bus topic reach the same handlers as locally, through the
/// application's <see cref="IntegrationEventDispatcher"/> (each handler at most once per event id, thanks to the
/// inbox). A failure throws: Service Bus redelivers, and dead-letters after the subscription's max delivery count.
/// </summary>
public sealed class IntegrationEventFunctions(IntegrationEventDispatcher dispatcher)
{
    [Function(nameof(HandleIntegrationEvent))]
    public Task HandleIntegrationEvent(
        [ServiceBusTrigger("%Events:Topic%", "%Events:Subscription%", Connection = "ServiceBus")] ServiceBusReceivedMessage message,
        CancellationToken cancellationToken) =>
        dispatcher.DispatchAsync(IntegrationEventMessages.ToEvent(message.Subject, message.ApplicationProperties, message.Body), cancellationToken);
}
