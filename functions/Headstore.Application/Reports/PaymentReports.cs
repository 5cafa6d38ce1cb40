using System.ComponentModel.DataAnnotations;
using System.Runtime.CompilerServices;
using Headstore.Application.Ledger;
using Headstore.Domain.Common;
using Headstore.Domain.Ledger;
using Headstore.Domain.Payments;
using Headstore.Domain.Reports;
using Headstore.Domain.Scheduling;

namespace Headstore.Application.Reports;

/// <summary>When monthly payment reports are generated, bound from the "Reports" section.</summary>
public sealed class ReportOptions
{
    public const string Section = "Reports";

    /// <summary>The day of the month (UTC) on which the previous month's reports are generated.</summary>
    [Range(1, 28)]
    public int DayOfMonth { get; set; } = 1;

    public TimeSpan TimeOfDay { get; set; } = TimeSpan.FromHours(2);

    [Range(10, 5000)]
    public int PageSize { get; set; } = 500;

    public MonthlySchedule Schedule => MonthlySchedule.Validated(DayOfMonth, TimeOfDay);
}

/// <summary>One ledger line on a payee's accounts (expert payable, ambassador payable), from their side.</summary>
/// <param name="Owed">Positive when it raises what the payee is owed.</param>
/// <param name="Purpose">What the customer paid for, when the line belongs to a payment.</param>
public sealed record PaymentReportLine(
    DateTimeOffset OccurredAt,
    string TransactionId,
    int Sequence,
    LedgerTransactionKind Kind,
    LedgerAccount Account,
    Money Owed,
    string Description,
    string Memo,
    PaymentPurpose? Purpose);

/// <summary>
/// Lines of a payee's month added up by the database: those of one day, transaction kind, account, currency,
/// direction and payment purpose, with their sum (from the payee's side) and count.
/// </summary>
public sealed record PaymentReportGroup(int DayIndex, LedgerTransactionKind Kind, LedgerAccount Account, Currency Currency, bool Raises, PaymentPurpose? Purpose, long OwedMinor, int Lines);

/// <summary>A report line with its category and the balance owed after it (per currency).</summary>
public sealed record PaymentReportRow(PaymentReportLine Line, ReportCategory Category, Money BalanceAfter);

/// <summary>The top of a report: who, which month, and the figures per currency (the lines follow).</summary>
/// <param name="Provisional">The month is not over: figures can still change.</param>
public sealed record PaymentReportHeader(UserId OwnerId, string OwnerName, MonthPeriod Period, DateTimeOffset GeneratedAt, bool Provisional, IReadOnlyList<ReportCurrencySummary> Currencies);

public enum PaymentReportFormat
{
    Json,
    Csv,
    Html,
}

/// <summary>Writes a report to a stream as its lines arrive: nothing but the header and the current line is held in memory.</summary>
public interface IPaymentReportWriter
{
    PaymentReportFormat Format { get; }

    string ContentType { get; }

    Task WriteAsync(PaymentReportHeader header, IAsyncEnumerable<PaymentReportRow> rows, Stream output, CancellationToken cancellationToken);
}

/// <summary>Where report lines come from: streamed from the ledger, oldest first, never loaded as a whole.</summary>
public interface IPaymentReportSource
{
    /// <param name="withText">Include each line's description and memo (the written report); the figures need neither.</param>
    IAsyncEnumerable<PaymentReportLine> LinesAsync(UserId owner, DateTimeOffset from, DateTimeOffset to, bool withText, CancellationToken cancellationToken);

    /// <summary>The month's lines added up by day and by what classifies them, without sending each line over.</summary>
    IAsyncEnumerable<PaymentReportGroup> GroupsAsync(UserId owner, MonthPeriod period, CancellationToken cancellationToken);

    /// <summary>
    /// Payees who get a report for the month: a line in it, or money owed either way at its end. In key order after
    /// <paramref name="afterCursor"/>; the cursor returned continues the enumeration.
    /// </summary>
    Task<(IReadOnlyList<UserId> Owners, string? Cursor, bool IsLast)> OwnersAsync(MonthPeriod period, string? afterCursor, int limit, CancellationToken cancellationToken);
}

/// <summary>
/// Builds payment reports by streaming: the database adds the month's lines up by day and kind (the header's figures;
/// a few dozen groups, never the lines), then the lines themselves are streamed to the writer with their category and
/// running balance.
/// </summary>
public sealed class PaymentReportBuilder(IPaymentReportSource source, ILedgerQueries ledger)
{
    public async Task<IReadOnlyList<ReportCurrencySummary>> SummariseAsync(UserId owner, MonthPeriod period, CancellationToken cancellationToken)
    {
        var summaries = await OpeningAsync(owner, period, cancellationToken);
        await foreach (var group in source.GroupsAsync(owner, period, cancellationToken))
        {
            var summary = SummaryFor(summaries, group.Currency, period);
            summary.Add(ReportCategories.Classify(group.Kind, group.Account.Kind, group.Raises ? 1 : -1, group.Purpose), group.OwedMinor, group.DayIndex, group.Lines);
        }

        return summaries.Values.OrderBy(s => s.Currency.Code, StringComparer.Ordinal).ToArray();
    }

    public async IAsyncEnumerable<PaymentReportRow> RowsAsync(UserId owner, MonthPeriod period, IReadOnlyList<ReportCurrencySummary> summaries, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var balances = summaries.ToDictionary(s => s.Currency, s => s.Opening.Minor);
        await foreach (var line in source.LinesAsync(owner, period.Start, period.End, withText: true, cancellationToken))
        {
            var balance = balances.GetValueOrDefault(line.Owed.Currency) + line.Owed.Minor;
            balances[line.Owed.Currency] = balance;
            yield return new PaymentReportRow(line, ReportCategories.Classify(line.Kind, line.Account.Kind, line.Owed.Minor, line.Purpose), new Money(balance, line.Owed.Currency));
        }
    }

    private async Task<Dictionary<Currency, ReportCurrencySummary>> OpeningAsync(UserId owner, MonthPeriod period, CancellationToken cancellationToken)
    {
        var opening = new Dictionary<Currency, long>();
        foreach (var account in new[] { LedgerAccount.ExpertPayable(ExpertId.For(owner)), LedgerAccount.AmbassadorPayable(owner) })
        {
            foreach (var balance in await ledger.BalancesAsync(account, period.Start, cancellationToken))
            {
                opening[balance.Currency] = opening.GetValueOrDefault(balance.Currency) + account.InNormalDirection(balance).Minor;
            }
        }

        return opening.ToDictionary(o => o.Key, o => new ReportCurrencySummary(o.Key, new Money(o.Value, o.Key), period.Days));
    }

    private static ReportCurrencySummary SummaryFor(Dictionary<Currency, ReportCurrencySummary> summaries, Currency currency, MonthPeriod period)
    {
        if (!summaries.TryGetValue(currency, out var summary))
        {
            summary = new ReportCurrencySummary(currency, Money.Zero(currency), period.Days);
            summaries[currency] = summary;
        }

        return summary;
    }
}
