using Headstore.Application.Common;
using Headstore.Application.Payments;
using Headstore.Application.Users;
using Headstore.Domain.Common;
using Headstore.Domain.Ledger;
using Headstore.Domain.Payments;
using Headstore.Domain.Plans;

namespace Headstore.Application.Plans;

public sealed record SubscriptionRenewalDue(SubscriptionId SubscriptionId, UserId CustomerId, string PlanName, Money Price, DateTimeOffset RenewsAt, int Period) : IntegrationEvent;

public sealed record SubscriptionRenewalDeclined(SubscriptionId SubscriptionId, UserId CustomerId, bool Ended) : IntegrationEvent;

public sealed record SubscriptionEnded(SubscriptionId SubscriptionId, UserId CustomerId) : IntegrationEvent;

public sealed record PlanView(string Id, string Name, string Summary, bool IncludesQuestions, string SupportLevel, int? FirstResponseHours, IReadOnlyList<Money> MonthlyPrices)
{
    public static PlanView From(Plan plan) => new(
        plan.Id, plan.Name, plan.Summary, plan.IncludesQuestions, plan.SupportLevel, plan.FirstResponseHours,
        plan.MonthlyPriceMinor.Select(p => new Money(p.Value, Currency.Parse(p.Key))).ToArray());
}

/// <param name="Status">standard (no paid plan), active, past-due or ended.</param>
public sealed record MyPlanView(string PlanId, string PlanName, string Status, bool IsMember, Money? Price, DateTimeOffset? PeriodStart, DateTimeOffset? PeriodEnd, bool CancelAtPeriodEnd, string? NextPlanId)
{
    public static MyPlanView Standard { get; } = new(PlanCatalog.StandardId, PlanCatalog.Standard.Name, "standard", false, null, null, null, false, null);

    public static MyPlanView From(Subscription? subscription)
    {
        if (subscription is null || subscription.Status == SubscriptionStatus.Ended)
        {
            return Standard;
        }

        var plan = PlanCatalog.Find(subscription.PlanId) ?? PlanCatalog.Standard;
        return new MyPlanView(plan.Id, plan.Name, subscription.Status == SubscriptionStatus.PastDue ? "past-due" : "active", subscription.IsMember,
            plan.MonthlyPrice(subscription.Currency), subscription.PeriodStart, subscription.PeriodEnd, subscription.CancelAtPeriodEnd, subscription.NextPlanId);
    }
}

public sealed class ListPlansHandler
{
    public IReadOnlyList<PlanView> Handle() => PlanCatalog.All.Select(PlanView.From).ToArray();
}

public sealed class GetMyPlanHandler(IDocumentStore store)
{
    public async Task<Result<MyPlanView>> HandleAsync(Actor actor, CancellationToken cancellationToken)
    {
        if (actor.RequireSignedIn() is { } denied)
        {
            return denied;
        }

        return MyPlanView.From(await store.FindAsync<Subscription>(SubscriptionId.For(actor.UserId).Value, cancellationToken));
    }
}

/// <param name="Currency">The billing currency (default USD); fixed while the plan runs.</param>
public sealed record ChangePlanCommand(string? PlanId, string? Currency);

/// <summary>
/// Chooses a plan. From Standard, the first month is charged to the saved card now and the plan starts at once.
/// Choosing the current plan again undoes a cancellation; choosing another paid plan switches at the next renewal;
/// choosing Standard cancels at period end.
/// </summary>
public sealed class ChangePlanHandler(IDocumentStore store, IPaymentGateway gateway, UserDirectory users, TimeProvider clock)
{
    public async Task<Result<MyPlanView>> HandleAsync(Actor actor, ChangePlanCommand command, CancellationToken cancellationToken)
    {
        if (actor.RequireSignedIn() is { } denied)
        {
            return denied;
        }

        var validator = new Validator();
        var plan = PlanCatalog.Find(command.PlanId);
        validator.Require(plan is not null, "planId", $"Choose one of {string.Join(", ", PlanCatalog.All.Select(p => p.Id))}.");
        var currency = Currency.USD;
        validator.Require(command.Currency is null || Currency.TryParse(command.Currency, out currency), "currency", $"Use one of {string.Join(", ", Currency.Supported)}.");
        if (!validator.IsValid)
        {
            return validator.ToError();
        }

        var subscriptionId = SubscriptionId.For(actor.UserId);
        var existing = await store.FindAsync<Subscription>(subscriptionId.Value, cancellationToken);
        var running = existing is { Status: not SubscriptionStatus.Ended } ? existing : null;
        if (plan!.IsFree)
        {
            return running is null ? MyPlanView.Standard : await SaveAsync(running.Cancel(), cancellationToken);
        }

        if (running is not null)
        {
            var changed = running.Change(plan, command.Currency is null ? running.Currency : currency);
            return changed.IsSuccess ? await SaveAsync(changed.Value, cancellationToken) : changed.Error!;
        }

        return await StartAsync(actor, plan, currency, existing, cancellationToken);
    }

    private async Task<Result<MyPlanView>> StartAsync(Actor actor, Plan plan, Currency currency, Subscription? previous, CancellationToken cancellationToken)
    {
        var profile = await store.FindAsync<PaymentProfile>(actor.UserId.Value, cancellationToken);
        if (profile is not { HasCard: true })
        {
            return Error.Rule("payment-method-required", "Save a card first (POST /api/me/payment-methods) to choose a paid plan.");
        }

        var now = clock.GetUtcNow();
        var subscription = Subscription.Start(actor.UserId, plan, currency, now, previous);
        var price = plan.MonthlyPrice(currency)!.Value;
        var key = subscription.ChargeKey(subscription.Period);
        var charged = await gateway.ChargeAsync(new ChargeRequest(profile.ProviderCustomerId, profile.DefaultPaymentMethodId!, price, key,
            Description: $"Headstore {plan.Name} plan", Metadata: new Dictionary<string, string> { ["headstore_subscription_id"] = subscription.Id.Value }), cancellationToken);
        if (!charged.IsSuccess)
        {
            return charged.Error!;
        }

        var description = $"{plan.Name} plan, {now.UtcDateTime:MMM yyyy} (period {subscription.Period})";
        var (payment, posting) = CustomerPayment.Charged(subscription.PaymentFor(subscription.Period), PaymentPurpose.Subscription, subscription.Id.Value, actor.UserId,
            description, charged.Value.Received.IsPositive ? charged.Value.Received : price, charged.Value.PaymentId, Earner.Subscription, now);
        var work = store.BeginWork();
        await users.EnsureAsync(actor, work, cancellationToken);
        if (previous is null)
        {
            work.Add(subscription);
        }
        else
        {
            work.Update(subscription);
        }

        work.Add(payment);
        work.Add(posting);
        work.Publish(new PaymentCaptured(payment.Id, actor.UserId, null) { OccurredAt = now });
        var commit = await work.CommitAsync(cancellationToken);
        if (!commit.IsSuccess)
        {
            // Charged but not recorded: a concurrent request started the same period (same key, same charge), or the
            // write failed. Either way the caller reads the plan again; the charge key keeps the period charged once.
            return commit.Error!.Code == "duplicate" ? Error.Conflict("plan-changing", "Your plan is being changed by another request; read it again.") : commit.Error!;
        }

        return MyPlanView.From(subscription);
    }

    private async Task<Result<MyPlanView>> SaveAsync(Subscription subscription, CancellationToken cancellationToken)
    {
        var work = store.BeginWork();
        work.Update(subscription);
        return await work.CommitReturningAsync(MyPlanView.From(subscription), cancellationToken);
    }
}

/// <summary>Cancels the plan at the end of the paid period: one call, no further charge.</summary>
public sealed class CancelPlanHandler(IDocumentStore store)
{
    public async Task<Result<MyPlanView>> HandleAsync(Actor actor, CancellationToken cancellationToken)
    {
        if (actor.RequireSignedIn() is { } denied)
        {
            return denied;
        }

        return await Concurrency.RetryOnConflictAsync(async () =>
        {
            var subscription = await store.FindAsync<Subscription>(SubscriptionId.For(actor.UserId).Value, cancellationToken);
            if (subscription is null || subscription.Status == SubscriptionStatus.Ended)
            {
                return Result<MyPlanView>.Success(MyPlanView.Standard);
            }

            var work = store.BeginWork();
            var cancelled = subscription.Cancel();
            work.Update(cancelled);
            return await work.CommitReturningAsync(MyPlanView.From(cancelled), cancellationToken);
        });
    }
}
