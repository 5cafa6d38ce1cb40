using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Payments;
using Headstore.Domain.Plans;

namespace Headstore.Application.Payments;

/// <summary>The lookups money needs beyond point reads: by the provider's ids, due work, and lists.</summary>
public interface IPaymentQueries
{
    /// <summary>The payment whose current provider payment (intent) id this is.</summary>
    Task<CustomerPayment?> FindByProviderPaymentIdAsync(string providerPaymentId, CancellationToken cancellationToken);

    /// <summary>Authorised payments whose review time has come, oldest first.</summary>
    Task<IReadOnlyList<PaymentId>> DueForReviewAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>A customer's captured payments, newest first: their receipts.</summary>
    Task<Page<CustomerPayment>> ListCapturedAsync(UserId customer, PageRequest page, CancellationToken cancellationToken);

    Task<PaymentProfile?> FindProfileByProviderCustomerAsync(string providerCustomerId, CancellationToken cancellationToken);

    Task<PayoutAccount?> FindPayoutAccountAsync(string connectedAccountId, CancellationToken cancellationToken);

    Task<Payout?> FindPayoutByTransferAsync(string transferId, CancellationToken cancellationToken);

    /// <summary>Payouts in a state, oldest first; for one connected account when given.</summary>
    Task<IReadOnlyList<Payout>> PayoutsAsync(PayoutState state, string? connectedAccountId, int limit, CancellationToken cancellationToken);

    /// <summary>An expert's payouts still on their way (transfer made, bank not confirmed), newest first.</summary>
    Task<IReadOnlyList<Payout>> InTransitAsync(ExpertId expert, CancellationToken cancellationToken);

    Task<Page<Payout>> ListPayoutsAsync(ExpertId expert, PageRequest page, CancellationToken cancellationToken);

    Task<Page<DisputeCase>> ListDisputesAsync(bool? open, PageRequest page, CancellationToken cancellationToken);

    /// <summary>Subscriptions whose next step (renewal notice, renewal, retry, end) is due.</summary>
    Task<IReadOnlyList<SubscriptionId>> DueSubscriptionsAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);
}

/// <summary>Records that a provider event was processed, written in the same commit as its effects: exactly once.</summary>
public sealed record ProcessedProviderEvent(string Id, string Type, string Outcome, DateTimeOffset ProcessedAt, long Version) : IAggregate
{
    public static string KeyFor(string provider, string eventId) => $"{provider}:{eventId}";
}
