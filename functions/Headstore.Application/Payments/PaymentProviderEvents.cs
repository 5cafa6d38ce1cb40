using Headstore.Application.Common;
using Headstore.Domain.Common;

namespace Headstore.Application.Payments;

/// <summary>
/// What the payment provider told us, in our terms. The Stripe adapter reads Stripe's event JSON into these, whether
/// it came from the signed webhook or from the local sandbox, so both go through the same handler.
/// </summary>
/// <param name="EventId">The provider's event id; each is processed once.</param>
/// <param name="Created">When the provider created the event; used to ignore stale news about accounts.</param>
public abstract record PaymentProviderEvent(string EventId, string Type, DateTimeOffset Created);

public enum PaymentIntentChange
{
    AmountCapturableUpdated,
    Succeeded,
    PaymentFailed,
    Canceled,
}

/// <param name="Received">What has been taken (captured) in all.</param>
public sealed record PaymentIntentChanged(string EventId, string Type, DateTimeOffset Created, PaymentIntentChange Change, string PaymentId, Money Amount, Money Capturable, Money Received, string? FailureCode)
    : PaymentProviderEvent(EventId, Type, Created);

/// <param name="RefundedBefore">The cumulative refunded amount before this refund, when the provider says so.</param>
public sealed record ChargeRefunded(string EventId, string Type, DateTimeOffset Created, string PaymentId, string ChargeId, Money Captured, Money Refunded, Money? RefundedBefore)
    : PaymentProviderEvent(EventId, Type, Created);

public enum DisputeChange
{
    Created,
    Updated,
    Closed,
}

/// <param name="Status">The provider's status: needs_response, under_review, won, lost, warning_closed…</param>
public sealed record DisputeChanged(string EventId, string Type, DateTimeOffset Created, DisputeChange Change, string DisputeId, string PaymentId, string? ChargeId, Money Amount, string Reason, string Status)
    : PaymentProviderEvent(EventId, Type, Created);

public sealed record ConnectedAccountUpdated(string EventId, string Type, DateTimeOffset Created, string AccountId, bool DetailsSubmitted, bool PayoutsEnabled, bool ChargesEnabled)
    : PaymentProviderEvent(EventId, Type, Created);

public sealed record TransferReversed(string EventId, string Type, DateTimeOffset Created, string TransferId, Money Amount, Money Reversed, Money? ReversedBefore)
    : PaymentProviderEvent(EventId, Type, Created);

/// <summary>A connected account's payout to the expert's bank (the provider pays the account's balance out on its schedule).</summary>
public sealed record ConnectedPayoutChanged(string EventId, string Type, DateTimeOffset Created, string AccountId, string ProviderPayoutId, bool Paid, Money Amount, DateTimeOffset PayoutCreated, string? FailureCode)
    : PaymentProviderEvent(EventId, Type, Created);

/// <summary>A card was saved through the provider's hosted confirmation (the browser flow).</summary>
public sealed record CardSaved(string EventId, string Type, DateTimeOffset Created, string CustomerId, string PaymentMethodId)
    : PaymentProviderEvent(EventId, Type, Created);

/// <summary>An event Headstore does not act on; it is still recorded, so it is never looked at twice.</summary>
public sealed record UnhandledProviderEvent(string EventId, string Type, DateTimeOffset Created)
    : PaymentProviderEvent(EventId, Type, Created);

/// <summary>Reads the provider's events: a webhook delivery after checking its signature, or the sandbox's own events.</summary>
public interface IPaymentEventReader
{
    /// <summary>Checks the signature over the exact bytes received, then reads the event. A bad signature is a 400, never processed.</summary>
    Result<PaymentProviderEvent> VerifyWebhook(string? signatureHeader, ReadOnlySpan<byte> body);

    /// <summary>Reads an event from a trusted source (the local sandbox, in-process), without a signature.</summary>
    Result<PaymentProviderEvent> Read(ReadOnlySpan<byte> body);
}

/// <summary>
/// The local sandbox raises the provider's events as this integration event, carrying the provider-shaped JSON, so the
/// outbox delivers them to <see cref="HandlePaymentProviderEventHandler"/> just as the webhook endpoint does.
/// </summary>
public sealed record PaymentProviderEventRaised(string Provider, string Payload) : IntegrationEvent;

/// <summary>Controls of the local payment sandbox that stand in for the provider's hosted pages; absent with a real provider.</summary>
public interface IPaymentSandboxControl
{
    /// <summary>Completes hosted onboarding of a sandbox connected account, as the expert filling in the provider's form would.</summary>
    Task<Result<PayoutReadiness>> CompleteOnboardingAsync(string accountId, string token, CancellationToken cancellationToken);
}
