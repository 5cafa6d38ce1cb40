namespace Headstore.Application.Common;

/// <summary>
/// An integration event whose handlers should run no earlier than <see cref="DeliverAt"/> (delayed work, e.g. a reminder).
/// The in-process dispatcher holds it in the outbox until then; the Service Bus publisher sends it at once with a
/// scheduled enqueue time, so the broker delivers it when due.
/// </summary>
public interface IScheduledIntegrationEvent
{
    DateTimeOffset DeliverAt { get; }
}
