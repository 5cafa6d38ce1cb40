using System.ComponentModel.DataAnnotations;
using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Ledger;
using Headstore.Domain.Scheduling;

namespace Headstore.Application.Payouts;

/// <summary>When weekly payouts run and how they are handed out, bound from the "Payouts" section. The smallest payout is <c>Money:MinimumPayoutMinor</c>.</summary>
public sealed class PayoutOptions
{
    public const string Section = "Payouts";

    /// <summary>The day of the weekly run (UTC).</summary>
    public DayOfWeek Day { get; set; } = DayOfWeek.Monday;

    /// <summary>The time of the weekly run (UTC).</summary>
    public TimeSpan TimeOfDay { get; set; } = TimeSpan.FromHours(6);

    /// <summary>How many payees one enumeration commit hands out.</summary>
    [Range(10, 5000)]
    public int PageSize { get; set; } = 500;

    /// <summary>A payout still pending this long after it was reserved is handed out again (the safety net behind the queue's own retries).</summary>
    public TimeSpan RetryPendingAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How far back an admin may re-run a week.</summary>
    [Range(1, 52)]
    public int RerunWindowWeeks { get; set; } = 8;

    /// <summary>
    /// Test only: a pause between the steps of one payout (reserve, transfer, record), so the crash test can kill the
    /// host in the middle of a run. Zero otherwise.
    /// </summary>
    public TimeSpan StepDelay { get; set; } = TimeSpan.Zero;

    public WeeklySchedule Schedule => WeeklySchedule.Validated(Day, TimeOfDay);
}

/// <summary>
/// One payee's weekly payout in one currency is due: the unit of work the weekly run hands out (one event per payee,
/// currency and week; in Azure each is a Service Bus message, so payees are paid in parallel and one failure does not
/// hold up the others). <see cref="Payee"/> is the owner of the payable accounts: an expert, an ambassador, or both.
/// </summary>
public sealed record WeeklyPayoutDue(ExpertId Payee, Currency Currency, string Week, int Attempt) : IntegrationEvent
{
    public static WeeklyPayoutDue For(ExpertId payee, Currency currency, string week, int attempt, DateTimeOffset now) =>
        new(payee, currency, week, attempt) { EventId = $"payout-due:{week}:{attempt}:{payee.Value}:{currency.Code}", OccurredAt = now };
}

/// <summary>An expert's payout account can now receive payouts ("payouts activated").</summary>
public sealed record PayoutAccountActivated(ExpertId ExpertId) : IntegrationEvent;

/// <summary>A payout reached the payee's bank.</summary>
public sealed record PayoutPaid(Domain.Payments.PayoutId PayoutId, ExpertId ExpertId, Money Amount) : IntegrationEvent;

/// <summary>A payable account with money owed on it, for the weekly run's enumeration.</summary>
public sealed record OwedAccount(LedgerAccount Account, Money Owed);

/// <summary>How many payouts of a week are in each state, and their total, per currency.</summary>
public sealed record PayoutWeekCount(Domain.Payments.PayoutState State, Currency Currency, int Count, long TotalMinor);

/// <summary>The lookups of the weekly payout run.</summary>
public interface IPayoutQueries
{
    /// <summary>
    /// Payable accounts (ambassador payables, then expert payables) with money owed, in key order after
    /// <paramref name="afterCursor"/> (a cursor this method returned), at most <paramref name="limit"/>.
    /// </summary>
    Task<(IReadOnlyList<OwedAccount> Accounts, string? Cursor)> OwedAccountsAsync(string? afterCursor, int limit, CancellationToken cancellationToken);

    Task<IReadOnlyList<PayoutWeekCount>> WeekAsync(string week, CancellationToken cancellationToken);

    /// <summary>Pending payouts reserved before <paramref name="before"/>, oldest first.</summary>
    Task<IReadOnlyList<Domain.Payments.Payout>> PendingBeforeAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken);
}
