using Headstore.Domain.Common;

namespace Headstore.Domain.Payments;

/// <summary>
/// A customer's link to the payment provider: their provider customer and the card saved for later (off-session)
/// payments. One per user; the card's number never reaches Headstore, only the provider's payment-method id.
/// </summary>
public sealed record PaymentProfile(
    UserId Id,
    string ProviderCustomerId,
    string? DefaultPaymentMethodId,
    DateTimeOffset? CardSavedAt,
    DateTimeOffset CreatedAt,
    long Version) : IAggregate
{
    string IAggregate.Id => Id.Value;

    public bool HasCard => !string.IsNullOrEmpty(DefaultPaymentMethodId);

    public PaymentProfile WithCard(string paymentMethodId, DateTimeOffset now) => this with { DefaultPaymentMethodId = paymentMethodId, CardSavedAt = now };
}

/// <summary>
/// The connected account an expert is paid into ("Activate payout"), with what the provider last told us about it.
/// One per expert; only in <see cref="PayoutCountries"/>.
/// </summary>
public sealed record PayoutAccount(
    ExpertId Id,
    string ConnectedAccountId,
    string Country,
    bool DetailsSubmitted,
    bool PayoutsEnabled,
    bool ChargesEnabled,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    long Version) : IAggregate
{
    string IAggregate.Id => Id.Value;

    public bool CanReceivePayouts => DetailsSubmitted && PayoutsEnabled;

    /// <summary>The time of the provider's news the readiness flags come from, so older news arriving late is ignored.</summary>
    public DateTimeOffset? ReadinessAsOf { get; init; }

    /// <summary>What the provider says now; unchanged news returns the same record, so nothing is written.</summary>
    public PayoutAccount WithReadiness(bool detailsSubmitted, bool payoutsEnabled, bool chargesEnabled, DateTimeOffset now) =>
        (DetailsSubmitted, PayoutsEnabled, ChargesEnabled) == (detailsSubmitted, payoutsEnabled, chargesEnabled)
            ? this
            : this with { DetailsSubmitted = detailsSubmitted, PayoutsEnabled = payoutsEnabled, ChargesEnabled = chargesEnabled, UpdatedAt = now };
}
