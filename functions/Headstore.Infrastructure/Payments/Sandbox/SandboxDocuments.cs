using Headstore.Domain.Common;

namespace Headstore.Infrastructure.Payments.Sandbox;

// What the sandbox keeps of the provider's objects, as documents in the host's store (the SQLite file, or the Cosmos
// "sandbox" container's one partition), so it survives restarts.
// Fields follow Stripe's objects; amounts are minor units, currencies lower case as Stripe writes them.

public sealed record SandboxCustomer(string Id, string UserId, IReadOnlyList<string> PaymentMethods, DateTimeOffset Created, long Version) : IAggregate;

public sealed record SandboxRefund(string Id, long Amount, DateTimeOffset Created);

public sealed record SandboxPaymentIntent(
    string Id,
    string CustomerId,
    string PaymentMethod,
    long Amount,
    string Currency,
    bool ManualCapture,
    string Status,
    long AmountCapturable,
    long AmountReceived,
    IReadOnlyList<SandboxRefund> Refunds,
    string ChargeId,
    string? TransferGroup,
    IReadOnlyDictionary<string, string> Metadata,
    string? CancellationReason,
    string? FailureCode,
    string? DisputeId,
    DateTimeOffset Created,
    long Version) : IAggregate
{
    public long AmountRefunded => Refunds.Sum(r => r.Amount);
}

public sealed record SandboxAccount(string Id, string ExpertId, string Country, bool DetailsSubmitted, bool PayoutsEnabled, bool ChargesEnabled, string OnboardingToken, DateTimeOffset Created, long Version) : IAggregate;

public sealed record SandboxTransfer(
    string Id,
    string Destination,
    long Amount,
    string Currency,
    long AmountReversed,
    string TransferGroup,
    IReadOnlyDictionary<string, string> Metadata,
    DateTimeOffset Created,
    DateTimeOffset? PaidOutAt,
    string? PayoutId,
    long Version) : IAggregate;

/// <summary>A remembered answer to an idempotency key, like Stripe's: the same key and request get the same answer.</summary>
public sealed record SandboxIdempotencyRecord(string Id, string RequestHash, string? ValueJson, Error? Error, DateTimeOffset Created, long Version) : IAggregate;
