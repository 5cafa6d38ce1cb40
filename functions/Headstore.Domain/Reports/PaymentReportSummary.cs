using Headstore.Domain.Common;
using Headstore.Domain.Ledger;
using Headstore.Domain.Payments;

namespace Headstore.Domain.Reports;

/// <summary>What a line of a payee's payment report is, for the totals and the chart.</summary>
public enum ReportCategory
{
    /// <summary>The price of a paid question answered (before commission).</summary>
    Questions,

    /// <summary>The price of a premium service (an accepted offer).</summary>
    PremiumServices,

    /// <summary>The price of a paid session.</summary>
    Sessions,

    /// <summary>Other earnings for the payee's work.</summary>
    OtherIncome,

    /// <summary>An ambassador's share of Headstore's commission on their referred experts' sessions (net of refunds).</summary>
    AmbassadorShare,

    /// <summary>Headstore's commission, less commission returned on refunds and disputes.</summary>
    Commission,

    /// <summary>Prices given back to customers.</summary>
    Refunds,

    /// <summary>Earnings frozen by card disputes, less those released when won.</summary>
    Disputes,

    /// <summary>Payouts sent, less payouts not sent and transfers taken back.</summary>
    Payouts,

    /// <summary>Anything else (e.g. a currency conversion).</summary>
    Other,
}

public static class ReportCategories
{
    public static readonly IReadOnlyList<ReportCategory> All = Enum.GetValues<ReportCategory>();

    /// <summary>Earnings, charted by day.</summary>
    public static readonly IReadOnlyList<ReportCategory> Income =
        [ReportCategory.Questions, ReportCategory.PremiumServices, ReportCategory.Sessions, ReportCategory.AmbassadorShare, ReportCategory.OtherIncome];

    public static string Name(ReportCategory category) => category switch
    {
        ReportCategory.PremiumServices => "premium-services",
        ReportCategory.OtherIncome => "other-income",
        ReportCategory.AmbassadorShare => "ambassador-share",
        _ => category.ToString().ToLowerInvariant(),
    };

    public static string Label(ReportCategory category) => category switch
    {
        ReportCategory.Questions => "Paid questions",
        ReportCategory.PremiumServices => "Premium services",
        ReportCategory.Sessions => "Sessions",
        ReportCategory.OtherIncome => "Other earnings",
        ReportCategory.AmbassadorShare => "Ambassador share",
        ReportCategory.Commission => "Headstore commission",
        ReportCategory.Refunds => "Refunds",
        ReportCategory.Disputes => "Disputes",
        ReportCategory.Payouts => "Payouts",
        _ => "Other",
    };

    /// <summary>
    /// Classifies one line on a payee's account. <paramref name="owed"/> is the line from the payee's side (positive
    /// raises what they are owed). Within a charge, refund or dispute, the expert's two lines are the price and the
    /// commission on it, told apart by their direction, which each kind of transaction fixes.
    /// </summary>
    public static ReportCategory Classify(LedgerTransactionKind kind, LedgerAccountKind account, long owed, PaymentPurpose? purpose)
    {
        if (account == LedgerAccountKind.AmbassadorPayable)
        {
            return kind is LedgerTransactionKind.PayoutSent or LedgerTransactionKind.PayoutFailed or LedgerTransactionKind.TransferReversal
                ? ReportCategory.Payouts
                : ReportCategory.AmbassadorShare;
        }

        return kind switch
        {
            LedgerTransactionKind.CustomerCharge when owed > 0 => purpose switch
            {
                PaymentPurpose.Question => ReportCategory.Questions,
                PaymentPurpose.Offer => ReportCategory.PremiumServices,
                PaymentPurpose.Session => ReportCategory.Sessions,
                _ => ReportCategory.OtherIncome,
            },
            LedgerTransactionKind.CustomerCharge => ReportCategory.Commission,
            LedgerTransactionKind.Refund => owed < 0 ? ReportCategory.Refunds : ReportCategory.Commission,
            LedgerTransactionKind.DisputeFreeze => owed < 0 ? ReportCategory.Disputes : ReportCategory.Commission,
            LedgerTransactionKind.DisputeWon => owed > 0 ? ReportCategory.Disputes : ReportCategory.Commission,
            LedgerTransactionKind.PayoutSent or LedgerTransactionKind.PayoutFailed or LedgerTransactionKind.TransferReversal => ReportCategory.Payouts,
            _ => ReportCategory.Other,
        };
    }
}

/// <summary>One currency of a payee's month: opening balance, totals per category, closing balance, and income per day.</summary>
public sealed class ReportCurrencySummary(Currency currency, Money opening, int days)
{
    private readonly long[] totals = new long[ReportCategories.All.Count];
    private readonly long[,] incomeByDay = new long[days, ReportCategories.All.Count];

    public Currency Currency { get; } = currency;

    public Money Opening { get; } = opening;

    public int Lines { get; private set; }

    public Money Closing => new(Opening.Minor + totals.Sum(), Currency);

    public int Days => incomeByDay.GetLength(0);

    public Money Total(ReportCategory category) => new(totals[(int)category], Currency);

    /// <summary>All income (before commission): questions, premium services, sessions, ambassador share, other.</summary>
    public Money Income => new(ReportCategories.Income.Sum(c => totals[(int)c]), Currency);

    public Money IncomeOn(int dayIndex, ReportCategory category) => new(incomeByDay[dayIndex, (int)category], Currency);

    public void Add(ReportCategory category, long owedMinor, int dayIndex, int lines = 1)
    {
        Lines += lines;
        totals[(int)category] += owedMinor;
        if (ReportCategories.Income.Contains(category) && dayIndex >= 0 && dayIndex < Days)
        {
            incomeByDay[dayIndex, (int)category] += owedMinor;
        }
    }
}
