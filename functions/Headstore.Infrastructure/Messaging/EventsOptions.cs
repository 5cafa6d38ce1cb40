namespace Headstore.Infrastructure.Messaging;

public enum EventTransport
{
    /// <summary>The outbox dispatcher hands events to the handlers in this process (local default).</summary>
    InProcess,

    /// <summary>The outbox dispatcher publishes events to a Service Bus topic; Service Bus triggers run the handlers.</summary>
    ServiceBus,
}

/// <summary>Where integration events go, bound from the "Events" section.</summary>
public sealed class EventsOptions
{
    public const string Section = "Events";

    public EventTransport Transport { get; set; } = EventTransport.InProcess;

    /// <summary>
    /// The one topic every event is published to, with the event type as the message subject; each consumer is a
    /// subscription filtered on the subject (see docs/cosmos.md, "Service Bus").
    /// </summary>
    public string Topic { get; set; } = "integration-events";
}
