using System.Text.Json;
using Headstore.Application.Reports;
using Headstore.Domain.Common;
using Headstore.Domain.Reports;

namespace Headstore.Infrastructure.Reports;

/// <summary>
/// The report as JSON: the figures per currency first (opening, totals by category, closing, earnings per day), then
/// "lines", written with a <see cref="Utf8JsonWriter"/> straight to the stream and flushed as it goes. Money is
/// <c>{ "amount": minor units, "currency": "USD" }</c> as everywhere in the API.
/// </summary>
public sealed class JsonPaymentReportWriter : IPaymentReportWriter
{
    // Small enough that the writer's buffer never reaches the large object heap.
    private const int FlushAt = 16 * 1024;

    public PaymentReportFormat Format => PaymentReportFormat.Json;

    public string ContentType => "application/json; charset=utf-8";

    public async Task WriteAsync(PaymentReportHeader header, IAsyncEnumerable<PaymentReportRow> rows, Stream output, CancellationToken cancellationToken)
    {
        await using var json = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = false });
        json.WriteStartObject();
        json.WriteString("ownerId", header.OwnerId.Value);
        json.WriteString("ownerName", header.OwnerName);
        json.WriteString("period", header.Period.ToString());
        json.WriteString("from", header.Period.Start);
        json.WriteString("to", header.Period.End);
        json.WriteString("generatedAt", header.GeneratedAt);
        json.WriteBoolean("provisional", header.Provisional);
        json.WriteStartArray("currencies");
        foreach (var summary in header.Currencies)
        {
            WriteSummary(json, summary, header);
        }

        json.WriteEndArray();
        json.WriteStartArray("lines");
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            var line = row.Line;
            json.WriteStartObject();
            json.WriteString("occurredAt", line.OccurredAt);
            json.WriteString("transactionId", line.TransactionId);
            json.WriteNumber("line", line.Sequence);
            json.WriteString("kind", ReportFormatting.Kebab(line.Kind.ToString()));
            json.WriteString("category", ReportCategories.Name(row.Category));
            json.WriteString("description", line.Description);
            json.WriteString("memo", line.Memo);
            json.WriteString("account", line.Account.Key);
            WriteMoney(json, "amount", line.Owed);
            WriteMoney(json, "balanceAfter", row.BalanceAfter);
            json.WriteEndObject();
            if (json.BytesPending > FlushAt)
            {
                await json.FlushAsync(cancellationToken);
            }
        }

        json.WriteEndArray();
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
    }

    private static void WriteSummary(Utf8JsonWriter json, ReportCurrencySummary summary, PaymentReportHeader header)
    {
        json.WriteStartObject();
        json.WriteString("currency", summary.Currency.Code);
        WriteMoney(json, "openingBalance", summary.Opening);
        WriteMoney(json, "income", summary.Income);
        json.WriteStartObject("totals");
        foreach (var category in ReportCategories.All)
        {
            WriteMoney(json, ToCamel(ReportCategories.Name(category)), summary.Total(category));
        }

        json.WriteEndObject();
        WriteMoney(json, "closingBalance", summary.Closing);
        json.WriteNumber("lines", summary.Lines);
        json.WriteStartArray("incomeByDay");
        for (var day = 0; day < summary.Days; day++)
        {
            json.WriteStartObject();
            json.WriteString("date", header.Period.Start.AddDays(day).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
            foreach (var category in ReportCategories.Income)
            {
                json.WriteNumber(ToCamel(ReportCategories.Name(category)), summary.IncomeOn(day, category).Minor);
            }

            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteMoney(Utf8JsonWriter json, string name, Money money)
    {
        json.WriteStartObject(name);
        json.WriteNumber("amount", money.Minor);
        json.WriteString("currency", money.Currency.Code);
        json.WriteEndObject();
    }

    private static string ToCamel(string kebab)
    {
        var parts = kebab.Split('-');
        return parts[0] + string.Concat(parts.Skip(1).Select(p => char.ToUpperInvariant(p[0]) + p[1..]));
    }
}
