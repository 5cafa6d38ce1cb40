using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Headstore.Application.Common;

/// <summary>Records which handler has handled which event, so redelivery does not repeat side effects.</summary>
public interface IInbox
{
    Task<bool> HasHandledAsync(string handler, string eventId, CancellationToken cancellationToken);

    Task MarkHandledAsync(string handler, string eventId, CancellationToken cancellationToken);
}

/// <summary>
/// Delivers one integration event to each of its handlers, skipping handlers that already handled it. Used by the
/// local outbox dispatcher and, in Azure, by the Service Bus trigger: the same consumers either way.
/// </summary>
public sealed class IntegrationEventDispatcher(IServiceProvider services, IInbox inbox, ILogger<IntegrationEventDispatcher> logger)
{
    public async Task DispatchAsync(IntegrationEvent integrationEvent, CancellationToken cancellationToken)
    {
        using var activity = HeadstoreTelemetry.Source.StartActivity($"handle {integrationEvent.GetType().Name}");
        var eventType = new KeyValuePair<string, object?>("event.type", integrationEvent.GetType().Name);
        try
        {
            await DispatchToHandlersAsync(integrationEvent, cancellationToken);
            HeadstoreTelemetry.EventsHandled.Add(1, eventType);
        }
        catch
        {
            HeadstoreTelemetry.EventsFailed.Add(1, eventType);
            throw;
        }
    }

    private async Task DispatchToHandlersAsync(IntegrationEvent integrationEvent, CancellationToken cancellationToken)
    {
        var handlerType = typeof(IEventHandler<>).MakeGenericType(integrationEvent.GetType());
        foreach (var handler in services.GetServices(handlerType))
        {
            var name = handler!.GetType().Name;
            if (await inbox.HasHandledAsync(name, integrationEvent.EventId, cancellationToken))
            {
                continue;
            }

            var method = handlerType.GetMethod(nameof(IEventHandler<IntegrationEvent>.HandleAsync))!;
            await (Task)method.Invoke(handler, [integrationEvent, cancellationToken])!;
            await inbox.MarkHandledAsync(name, integrationEvent.EventId, cancellationToken);
            logger.LogDebug("{Handler} handled {EventType} {EventId}", name, integrationEvent.GetType().Name, integrationEvent.EventId);
        }
    }
}
