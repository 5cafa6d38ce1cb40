using Headstore.Domain.Common;

namespace Headstore.Domain.Reports;

/// <summary>
/// That a payee's monthly payment report was generated, with its figures (what the e-mail said). The report's lines
/// are not stored: they are streamed from the ledger whenever it is downloaded, and a closed month's ledger does not
/// change, so the download always matches these figures.
/// </summary>
public sealed record PaymentReport(string Id, UserId OwnerId, string Period, DateTimeOffset GeneratedAt, IReadOnlyList<PaymentReportTotals> Currencies, long Version) : IAggregate
{
    public static string IdFor(UserId owner, string period) => $"report_{owner.Value}_{period}";

    public static PaymentReport From(UserId owner, string period, IEnumerable<ReportCurrencySummary> summaries, DateTimeOffset now) =>
        new(IdFor(owner, period), owner, period, now, summaries.Select(PaymentReportTotals.From).ToArray(), 0);
}

public sealed record PaymentReportTotals(Currency Currency, Money Opening, Money Closing, int Lines, IReadOnlyDictionary<string, Money> Totals)
{
    public static PaymentReportTotals From(ReportCurrencySummary summary) => new(
        summary.Currency, summary.Opening, summary.Closing, summary.Lines,
        ReportCategories.All.Where(c => summary.Total(c).Minor != 0).ToDictionary(ReportCategories.Name, summary.Total, StringComparer.Ordinal));
}
