using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Sessions;

namespace Headstore.Application.Sessions;

/// <summary>The expert is being rung.</summary>
public sealed record SessionRinging(SessionId SessionId, ExpertId ExpertId, UserId CustomerId) : IntegrationEvent;

/// <summary>A booked session's time has come: both may join.</summary>
public sealed record SessionOpened(SessionId SessionId) : IntegrationEvent;

/// <summary>Something to do on the call, done by <see cref="SessionCallCommands"/> outside the transition that decided it.</summary>
/// <param name="Command"><see cref="Connect"/> or <see cref="End"/>.</param>
public sealed record SessionCallCommand(SessionId SessionId, string Command) : IntegrationEvent
{
    public const string Connect = "connect";
    public const string End = "end";
}

/// <summary>Both sides are warned that the session reaches its limit in <see cref="SecondsLeft"/>.</summary>
public sealed record SessionWarningIssued(SessionId SessionId, int SecondsLeft) : IntegrationEvent;

/// <summary>The session reached a final state with its bill: settle the payment.</summary>
public sealed record SessionEnded(SessionId SessionId, SessionState State, string? Reason) : IntegrationEvent;

/// <summary>The payment is captured or released: receipts can go out.</summary>
public sealed record SessionSettled(SessionId SessionId) : IntegrationEvent;

public sealed record SessionReviewed(SessionId SessionId, ExpertId ExpertId, int Stars) : IntegrationEvent;
