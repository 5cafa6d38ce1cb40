using Headstore.Domain.Common;

namespace Headstore.Domain.Payments;

/// <summary>
/// A card dispute as admins follow it: which payment, who the parties are, how much, why, and how it ended. The money
/// side (freezing and releasing earnings) lives on the payment and in the ledger; this is the case file.
/// </summary>
public sealed record DisputeCase(
    string Id,
    PaymentId PaymentId,
    UserId CustomerId,
    ExpertId? ExpertId,
    Money Amount,
    string Reason,
    string ProviderStatus,
    DisputeOutcome Outcome,
    DateTimeOffset OpenedAt,
    DateTimeOffset? ClosedAt,
    long Version) : IAggregate
{
    public bool IsOpen => Outcome == DisputeOutcome.Open;

    public static DisputeCase Open(string disputeId, CustomerPayment payment, Money amount, string reason, string status, DateTimeOffset now) =>
        new(disputeId, payment.Id, payment.CustomerId, payment.Earner?.Expert, amount, reason, status, DisputeOutcome.Open, now, null, 0);

    public DisputeCase Close(bool won, string status, DateTimeOffset now) =>
        IsOpen ? this with { Outcome = won ? DisputeOutcome.Won : DisputeOutcome.Lost, ProviderStatus = status, ClosedAt = now } : this;

    public DisputeCase WithStatus(string status) => IsOpen && status != ProviderStatus ? this with { ProviderStatus = status } : this;
}
