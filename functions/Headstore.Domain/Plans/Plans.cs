using Headstore.Domain.Common;
using Headstore.Domain.Payments;

namespace Headstore.Domain.Plans;

/// <summary>
/// A plan a customer can be on. Every paid plan is a monthly subscription that includes membership (questions without
/// per-question charges); the support level says how fast and by whom they are answered (routing and SLAs belong to
/// the support-plan feature). Standard is free and is where everyone starts and ends.
/// </summary>
public sealed record Plan(
    string Id,
    string Name,
    string Summary,
    bool IncludesQuestions,
    string SupportLevel,
    int? FirstResponseHours,
    IReadOnlyDictionary<string, long> MonthlyPriceMinor)
{
    public bool IsFree => MonthlyPriceMinor.Count == 0;

    public Money? MonthlyPrice(Currency currency) =>
        MonthlyPriceMinor.TryGetValue(currency.Code, out var minor) ? new Money(minor, currency) : null;
}

/// <summary>The plans on offer. Prices are per month in each supported currency, in minor units.</summary>
public static class PlanCatalog
{
    public const string StandardId = "standard";

    public static readonly Plan Standard = new(StandardId, "Standard", "Ask free questions or pay per question; standard support.", false, "standard", 48, new Dictionary<string, long>());

    public static readonly Plan Member = new("member", "Membership", "Ask as many questions as you like without per-question charges.", true, "standard", 48, Prices(1900, 1500, 1700, 2500, 1700));

    public static readonly Plan Priority = new("priority", "Priority", "Membership plus faster first responses from highly rated experts.", true, "priority", 12, Prices(4900, 3900, 4500, 6500, 4500));

    public static readonly Plan Business = new("business", "Business", "Membership plus certified experts in your language and an account manager.", true, "business", 4, Prices(14900, 11900, 13900, 19900, 13900));

    public static IReadOnlyList<Plan> All { get; } = [Standard, Member, Priority, Business];

    public static Plan? Find(string? id) => All.FirstOrDefault(p => string.Equals(p.Id, id?.Trim(), StringComparison.OrdinalIgnoreCase));

    private static Dictionary<string, long> Prices(long usd, long gbp, long eur, long cad, long chf) => new(StringComparer.Ordinal)
    {
        ["USD"] = usd, ["GBP"] = gbp, ["EUR"] = eur, ["CAD"] = cad, ["CHF"] = chf,
    };
}

public enum SubscriptionStatus
{
    /// <summary>Paid for the current period.</summary>
    Active,

    /// <summary>The renewal charge was declined; benefits continue while it is retried daily.</summary>
    PastDue,

    /// <summary>Cancelled at period end, or renewal failed for good: back on Standard.</summary>
    Ended,
}

/// <summary>
/// A customer's paid plan, renewed monthly by Headstore's own renewal job charging the saved card off-session (the
/// same with the sandbox and with Stripe; no provider-side subscription objects). The customer is told by e-mail
/// <see cref="NoticeBefore"/> before each renewal. Cancelling is one call and takes effect at period end; changing to
/// another paid plan takes effect at the next renewal, so nobody pays twice for one month and no proration is needed.
/// </summary>
public sealed record Subscription(
    SubscriptionId Id,
    UserId CustomerId,
    string PlanId,
    Currency Currency,
    SubscriptionStatus Status,
    int Period,
    DateTimeOffset PeriodStart,
    DateTimeOffset PeriodEnd,
    bool CancelAtPeriodEnd,
    string? NextPlanId,
    int NoticeSentForPeriod,
    int FailedAttempts,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    long Version) : IAggregate
{
    public static readonly TimeSpan NoticeBefore = TimeSpan.FromDays(3);
    public static readonly TimeSpan RetryEvery = TimeSpan.FromDays(1);
    public const int MaxFailedAttempts = 3;

    string IAggregate.Id => Id.Value;

    /// <summary>Members ask without per-question charges, also while a declined renewal is being retried.</summary>
    public bool IsMember => Status != SubscriptionStatus.Ended && (PlanCatalog.Find(PlanId)?.IncludesQuestions ?? false);

    /// <summary>The idempotency key and ledger key of one period's charge: a period is charged once.</summary>
    public string ChargeKey(int period) => $"plan:{Id.Value}:{period}";

    /// <summary>When the renewal job should look at this subscription next; null once it has ended.</summary>
    public DateTimeOffset? DueAt => Status switch
    {
        SubscriptionStatus.Ended => null,
        SubscriptionStatus.PastDue => NextAttemptAt,
        _ when CancelAtPeriodEnd => PeriodEnd,
        _ when NoticeSentForPeriod < Period + 1 => PeriodEnd - NoticeBefore,
        _ => PeriodEnd,
    };

    /// <summary>A first period, paid now. <paramref name="previous"/> continues the period count of an ended subscription so charge keys stay unique.</summary>
    public static Subscription Start(UserId customer, Plan plan, Currency currency, DateTimeOffset now, Subscription? previous = null) =>
        new(SubscriptionId.For(customer), customer, plan.Id, currency, SubscriptionStatus.Active, (previous?.Period ?? 0) + 1, now, now.AddMonths(1),
            false, null, previous?.NoticeSentForPeriod ?? 0, 0, null, now, null, previous?.Version ?? 0);

    /// <summary>Asks for another plan while this one runs: the same plan resumes a cancelled one; another paid plan waits for the renewal.</summary>
    public Result<Subscription> Change(Plan plan, Currency currency)
    {
        if (Status == SubscriptionStatus.Ended)
        {
            throw new InvalidOperationException("An ended subscription is started again, not changed.");
        }

        if (currency != Currency)
        {
            return Error.Rule("plan-currency", $"Your plan is billed in {Currency}; cancel it and choose again at the end of the period to change currency.");
        }

        return plan.Id == PlanId
            ? this with { CancelAtPeriodEnd = false, NextPlanId = null }
            : this with { CancelAtPeriodEnd = false, NextPlanId = plan.Id };
    }

    public Subscription Cancel() => Status == SubscriptionStatus.Ended ? this : this with { CancelAtPeriodEnd = true, NextPlanId = null };

    public Subscription NoticeSent() => this with { NoticeSentForPeriod = Period + 1 };

    /// <summary>The next period was paid.</summary>
    public Subscription Renewed() => this with
    {
        Status = SubscriptionStatus.Active,
        Period = Period + 1,
        PeriodStart = PeriodEnd,
        PeriodEnd = PeriodEnd.AddMonths(1),
        PlanId = NextPlanId ?? PlanId,
        NextPlanId = null,
        FailedAttempts = 0,
        NextAttemptAt = null,
    };

    /// <summary>The renewal charge was declined: retried daily, then the subscription ends.</summary>
    public Subscription RenewalFailed(DateTimeOffset now) => FailedAttempts + 1 >= MaxFailedAttempts
        ? End(now)
        : this with { Status = SubscriptionStatus.PastDue, FailedAttempts = FailedAttempts + 1, NextAttemptAt = now + RetryEvery };

    public Subscription End(DateTimeOffset now) => this with { Status = SubscriptionStatus.Ended, EndedAt = now, NextAttemptAt = null, CancelAtPeriodEnd = false, NextPlanId = null };

    /// <summary>The plan the next renewal charges for.</summary>
    public Plan RenewalPlan => PlanCatalog.Find(NextPlanId ?? PlanId) ?? PlanCatalog.Standard;

    public Money RenewalPrice => RenewalPlan.MonthlyPrice(Currency) ?? throw new InvalidOperationException($"{RenewalPlan.Id} has no price in {Currency}.");

    public PaymentId PaymentFor(int period) => new($"pay_{Id.Value}_{period}");
}
