using Headstore.Application.Common;
using Headstore.Application.Payments;
using Headstore.Domain.Common;
using Headstore.Domain.Ledger;
using Headstore.Domain.Payments;
using Headstore.Domain.Plans;
using Microsoft.Extensions.Logging;

namespace Headstore.Application.Plans;

/// <summary>
/// Renews plans monthly by charging the saved card off-session, Headstore's own schedule with the sandbox and with
/// Stripe alike. For each subscription whose next step is due: announce the renewal by e-mail
/// <see cref="Subscription.NoticeBefore"/> ahead, end it if it was cancelled, or charge the next period (key
/// <c>plan:{subscription}:{period}</c>, so a period is charged once however often this runs). A declined renewal is
/// retried daily and ends the plan after <see cref="Subscription.MaxFailedAttempts"/> attempts.
/// </summary>
public sealed class SubscriptionRenewalJob(IDocumentStore store, IPaymentQueries queries, IPaymentGateway gateway, TimeProvider clock, ILogger<SubscriptionRenewalJob> logger) : IPeriodicJob
{
    public string Name => "subscription-renewals";

    public TimeSpan Interval => TimeSpan.FromMinutes(30);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        foreach (var id in await queries.DueSubscriptionsAsync(clock.GetUtcNow(), 100, cancellationToken))
        {
            try
            {
                await StepAsync(id, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "Renewing subscription {SubscriptionId} failed; it is looked at again next run", id);
            }
        }
    }

    public async Task StepAsync(SubscriptionId id, CancellationToken cancellationToken)
    {
        var subscription = await store.FindAsync<Subscription>(id.Value, cancellationToken);
        var now = clock.GetUtcNow();
        if (subscription?.DueAt is not { } due || due > now)
        {
            return;
        }

        var work = store.BeginWork();
        if (subscription.CancelAtPeriodEnd)
        {
            work.Update(subscription.End(now));
            work.Publish(new SubscriptionEnded(subscription.Id, subscription.CustomerId) { OccurredAt = now });
        }
        else if (subscription.Status == SubscriptionStatus.Active && subscription.NoticeSentForPeriod < subscription.Period + 1)
        {
            work.Update(subscription.NoticeSent());
            work.Publish(new SubscriptionRenewalDue(subscription.Id, subscription.CustomerId, subscription.RenewalPlan.Name, subscription.RenewalPrice, subscription.PeriodEnd, subscription.Period + 1) { OccurredAt = now });
        }
        else
        {
            await RenewAsync(subscription, work, now, cancellationToken);
        }

        var commit = await work.CommitAsync(cancellationToken);
        if (!commit.IsSuccess)
        {
            // Someone changed the plan meanwhile (cancelled, switched): the next run sees the new state. A charge
            // already made is recognised then by its key and recorded.
            logger.LogInformation("Subscription {SubscriptionId} changed while renewing ({Code}); retried next run", id, commit.Error!.Code);
        }
    }

    private async Task RenewAsync(Subscription subscription, IUnitOfWork work, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var period = subscription.Period + 1;
        var price = subscription.RenewalPrice;
        var profile = await store.FindAsync<PaymentProfile>(subscription.CustomerId.Value, cancellationToken);
        // A recorded decline moves on to a fresh key (the provider would answer a reused key with the same decline); a
        // charge made but not recorded is asked for again with the same key, so it is never taken twice.
        var key = subscription.FailedAttempts == 0 ? subscription.ChargeKey(period) : $"{subscription.ChargeKey(period)}:retry{subscription.FailedAttempts}";
        var charged = profile is { HasCard: true }
            ? await gateway.ChargeAsync(new ChargeRequest(profile.ProviderCustomerId, profile.DefaultPaymentMethodId!, price, key, OffSession: true,
                Description: $"Headstore {subscription.RenewalPlan.Name} plan", Metadata: new Dictionary<string, string> { ["headstore_subscription_id"] = subscription.Id.Value }), cancellationToken)
            : new Error(ErrorKind.PaymentRequired, "no-card", "No saved card.");
        if (charged.IsSuccess)
        {
            var renewed = subscription.Renewed();
            var description = $"{subscription.RenewalPlan.Name} plan, {renewed.PeriodStart.UtcDateTime:MMM yyyy} (period {period})";
            var (payment, posting) = CustomerPayment.Charged(subscription.PaymentFor(period), PaymentPurpose.Subscription, subscription.Id.Value, subscription.CustomerId,
                description, charged.Value.Received.IsPositive ? charged.Value.Received : price, charged.Value.PaymentId, Earner.Subscription, now);
            work.Update(renewed);
            work.Add(payment);
            work.Add(posting);
            work.Publish(new PaymentCaptured(payment.Id, subscription.CustomerId, null) { OccurredAt = now });
            return;
        }

        if (charged.Error!.Kind == ErrorKind.Unavailable)
        {
            throw new InvalidOperationException("The payment provider is unavailable; the renewal is retried next run.");
        }

        var failed = subscription.RenewalFailed(now);
        work.Update(failed);
        work.Publish(new SubscriptionRenewalDeclined(subscription.Id, subscription.CustomerId, failed.Status == SubscriptionStatus.Ended) { OccurredAt = now });
    }
}
