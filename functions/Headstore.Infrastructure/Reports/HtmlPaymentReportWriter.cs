using System.Globalization;
using System.Net;
using System.Text;
using Headstore.Application.Reports;
using Headstore.Domain.Reports;

namespace Headstore.Infrastructure.Reports;

/// <summary>
/// The report as a page to read at a glance and to print: the figures per currency, an SVG chart of earnings by day
/// and kind (stacked bars), then every line. Self-contained (inline CSS, no script), with print CSS (A4, repeated table
/// headers, no rows split across pages). Written straight to the stream; the lines are written as they arrive.
/// </summary>
public sealed class HtmlPaymentReportWriter : IPaymentReportWriter
{
    private const int ChartWidth = 760;
    private const int ChartHeight = 280;
    private const int Left = 64;
    private const int Right = 12;
    private const int Top = 16;
    private const int Bottom = 40;

    private static readonly Dictionary<ReportCategory, string> Colours = new()
    {
        [ReportCategory.Questions] = "#4e79a7",
        [ReportCategory.PremiumServices] = "#f28e2b",
        [ReportCategory.Sessions] = "#59a14f",
        [ReportCategory.AmbassadorShare] = "#b07aa1",
        [ReportCategory.OtherIncome] = "#9c755f",
    };

    private const string Style = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1f2328;margin:2rem auto;max-width:60rem;padding:0 1rem;line-height:1.4}
        h1{font-size:1.5rem;margin:0 0 .25rem}h2{font-size:1.15rem;margin:2rem 0 .5rem}p.meta{color:#57606a;margin:0 0 1.5rem}
        .provisional{background:#fff8c5;border:1px solid #d4a72c;padding:.5rem .75rem;border-radius:6px}
        .cards{display:flex;flex-wrap:wrap;gap:.75rem;margin:.5rem 0 1rem}.card{border:1px solid #d0d7de;border-radius:8px;padding:.6rem .9rem;min-width:9rem}
        .card .label{color:#57606a;font-size:.8rem}.card .value{font-size:1.25rem;font-weight:600;font-variant-numeric:tabular-nums}
        table{border-collapse:collapse;width:100%;font-size:.85rem}th,td{padding:.3rem .45rem;border-bottom:1px solid #eaeef2;text-align:left;vertical-align:top}
        th{background:#f6f8fa;font-weight:600}td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        tr.total td{font-weight:600;border-top:2px solid #d0d7de}.neg{color:#a40e26}
        svg{max-width:100%;height:auto}svg text{font-size:11px;fill:#57606a}.legend{display:flex;flex-wrap:wrap;gap:1rem;font-size:.85rem;margin:.25rem 0 0}
        .legend span::before{content:"";display:inline-block;width:.8rem;height:.8rem;margin-right:.35rem;vertical-align:-1px;background:var(--c);border-radius:2px}
        @page{size:A4;margin:14mm}
        @media print{body{margin:0;max-width:none;font-size:10pt}h2{break-after:avoid}section.currency{break-inside:avoid}
          thead{display:table-header-group}tr{break-inside:avoid}.card{border-color:#999}a{color:inherit;text-decoration:none}}
        """;

    public PaymentReportFormat Format => PaymentReportFormat.Html;

    public string ContentType => "text/html; charset=utf-8";

    public async Task WriteAsync(PaymentReportHeader header, IAsyncEnumerable<PaymentReportRow> rows, Stream output, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(output, new UTF8Encoding(false), 16 * 1024, leaveOpen: true);
        var month = ReportFormatting.Month(header);
        await writer.WriteAsync($"<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width,initial-scale=1\">" +
                                $"<title>Payment report {E(month)} · Headstore</title><style>{Style}</style></head><body>\n");
        await writer.WriteAsync($"<h1>Payment report · {E(month)}</h1><p class=\"meta\">{E(header.OwnerName)} · generated {E(header.GeneratedAt.UtcDateTime.ToString("d MMM yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture))}</p>\n");
        if (header.Provisional)
        {
            await writer.WriteAsync("<p class=\"provisional\">This month is not over yet: the figures can still change.</p>\n");
        }

        if (header.Currencies.Count == 0)
        {
            await writer.WriteAsync("<p>No earnings, payouts or balance this month.</p>\n");
        }

        foreach (var summary in header.Currencies)
        {
            await writer.WriteAsync(Summary(summary));
            await writer.WriteAsync(Chart(summary, header));
        }

        await writer.WriteAsync("<h2>Every line</h2>\n<table><thead><tr><th>Date</th><th>What</th><th>Category</th><th class=\"num\">Amount</th><th class=\"num\">Balance</th></tr></thead><tbody>\n");
        var written = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            var line = row.Line;
            var what = string.IsNullOrEmpty(line.Memo) || line.Memo == line.Description ? E(line.Description) : $"{E(line.Description)}<br><small>{E(line.Memo)}</small>";
            await writer.WriteAsync(
                $"<tr><td>{line.OccurredAt.UtcDateTime.ToString("d MMM HH:mm", CultureInfo.InvariantCulture)}</td><td>{what}</td><td>{E(ReportCategories.Label(row.Category))}</td>" +
                $"<td class=\"num{(line.Owed.Minor < 0 ? " neg" : "")}\">{E(line.Owed.Format())}</td><td class=\"num\">{E(row.BalanceAfter.Format())}</td></tr>\n");
            if (++written % 500 == 0)
            {
                await writer.FlushAsync(cancellationToken);
            }
        }

        if (written == 0)
        {
            await writer.WriteAsync("<tr><td colspan=\"5\">No lines this month.</td></tr>\n");
        }

        await writer.WriteAsync("</tbody></table>\n<p class=\"meta\">Amounts are what Headstore owes you: positive raises it, negative lowers it. Commission is Headstore's share of what customers paid.</p>\n</body></html>\n");
        await writer.FlushAsync(cancellationToken);
    }

    private static string Summary(ReportCurrencySummary summary)
    {
        var html = new StringBuilder();
        html.Append(CultureInfo.InvariantCulture, $"<section class=\"currency\"><h2>{summary.Currency.Code}</h2><div class=\"cards\">")
            .Append(Card("Opening balance", summary.Opening.Format()))
            .Append(Card("Earned (before commission)", summary.Income.Format()))
            .Append(Card("Commission", summary.Total(ReportCategory.Commission).Format()))
            .Append(Card("Paid out", summary.Total(ReportCategory.Payouts).Format()))
            .Append(Card("Closing balance", summary.Closing.Format()))
            .Append("</div><table><thead><tr><th>Kind</th><th class=\"num\">Amount</th></tr></thead><tbody>")
            .Append(CultureInfo.InvariantCulture, $"<tr><td>Opening balance</td><td class=\"num\">{E(summary.Opening.Format())}</td></tr>");
        foreach (var category in ReportCategories.All)
        {
            var total = summary.Total(category);
            if (total.Minor != 0 || ReportCategories.Income.Contains(category) && category != ReportCategory.OtherIncome)
            {
                html.Append(CultureInfo.InvariantCulture, $"<tr><td>{E(ReportCategories.Label(category))}</td><td class=\"num{(total.Minor < 0 ? " neg" : "")}\">{E(total.Format())}</td></tr>");
            }
        }

        return html.Append(CultureInfo.InvariantCulture, $"<tr class=\"total\"><td>Closing balance</td><td class=\"num\">{E(summary.Closing.Format())}</td></tr></tbody></table>").ToString();
    }

    private static string Card(string label, string value) => $"<div class=\"card\"><div class=\"label\">{E(label)}</div><div class=\"value\">{E(value)}</div></div>";

    /// <summary>Stacked bars: one per day, one colour per kind of earnings, with a labelled axis and a legend.</summary>
    private static string Chart(ReportCurrencySummary summary, PaymentReportHeader header)
    {
        var days = summary.Days;
        var totals = Enumerable.Range(0, days).Select(d => ReportCategories.Income.Sum(c => Math.Max(0, summary.IncomeOn(d, c).Minor))).ToArray();
        var max = NiceCeiling(Math.Max(1, totals.Max()));
        var plotWidth = ChartWidth - Left - Right;
        var plotHeight = ChartHeight - Top - Bottom;
        var slot = (double)plotWidth / days;
        var barWidth = Math.Max(2, slot * 0.72);
        var svg = new StringBuilder();
        var label = $"Earnings by day in {summary.Currency.Code}, {ReportFormatting.Month(header)}: {summary.Income.Format()} in total";
        svg.Append(CultureInfo.InvariantCulture, $"<h2>Earnings by day</h2><svg viewBox=\"0 0 {ChartWidth} {ChartHeight}\" width=\"{ChartWidth}\" height=\"{ChartHeight}\" role=\"img\" aria-label=\"{E(label)}\" xmlns=\"http://www.w3.org/2000/svg\"><title>{E(label)}</title>");
        for (var tick = 0; tick <= 4; tick++)
        {
            var value = max * tick / 4;
            var y = Top + plotHeight - (double)plotHeight * tick / 4;
            svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{ChartWidth - Right}\" y1=\"{y:0.#}\" y2=\"{y:0.#}\" stroke=\"#eaeef2\"/>")
               .Append(CultureInfo.InvariantCulture, $"<text x=\"{Left - 6}\" y=\"{y + 4:0.#}\" text-anchor=\"end\">{E(ReportFormatting.Decimal(value))}</text>");
        }

        for (var day = 0; day < days; day++)
        {
            var x = Left + (slot * day) + ((slot - barWidth) / 2);
            var baseline = (double)(Top + plotHeight);
            var date = header.Period.Start.AddDays(day);
            foreach (var category in ReportCategories.Income)
            {
                var amount = summary.IncomeOn(day, category).Minor;
                if (amount <= 0)
                {
                    continue;
                }

                var height = (double)plotHeight * amount / max;
                baseline -= height;
                svg.Append(CultureInfo.InvariantCulture, $"<rect x=\"{x:0.##}\" y=\"{baseline:0.##}\" width=\"{barWidth:0.##}\" height=\"{height:0.##}\" fill=\"{Colours[category]}\">")
                   .Append(CultureInfo.InvariantCulture, $"<title>{date:d MMM}: {E(ReportCategories.Label(category))} {E(summary.IncomeOn(day, category).Format())}</title></rect>");
            }

            if (day == 0 || (day + 1) % 5 == 0)
            {
                svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + (slot * day) + (slot / 2):0.#}\" y=\"{ChartHeight - Bottom + 16}\" text-anchor=\"middle\">{day + 1}</text>");
            }
        }

        svg.Append(CultureInfo.InvariantCulture, $"<line x1=\"{Left}\" x2=\"{ChartWidth - Right}\" y1=\"{Top + plotHeight}\" y2=\"{Top + plotHeight}\" stroke=\"#8c959f\"/>")
           .Append(CultureInfo.InvariantCulture, $"<text x=\"{Left + (plotWidth / 2)}\" y=\"{ChartHeight - 6}\" text-anchor=\"middle\">Day of {E(header.Period.Start.ToString("MMMM", CultureInfo.InvariantCulture))} ({summary.Currency.Code})</text></svg>")
           .Append("<div class=\"legend\">");
        foreach (var category in ReportCategories.Income)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<span style=\"--c:{Colours[category]}\">{E(ReportCategories.Label(category))}: {E(summary.Total(category).Format())}</span>");
        }

        return svg.Append("</div></section>\n").ToString();
    }

    /// <summary>1, 2 or 5 times a power of ten, at or above the value, so the axis reads in round amounts.</summary>
    private static long NiceCeiling(long value)
    {
        var power = 1L;
        while (power * 10 <= value)
        {
            power *= 10;
        }

        foreach (var step in new[] { 1, 2, 5, 10 })
        {
            if (step * power >= value)
            {
                return step * power;
            }
        }

        return 10 * power;
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
