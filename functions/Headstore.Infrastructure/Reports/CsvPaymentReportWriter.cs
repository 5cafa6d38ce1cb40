using Headstore.Application.Reports;
using Headstore.Domain.Reports;
using CsvWriter = CsvHelper.CsvWriter;
using CsvWriterOptions = CsvHelper.CsvWriterOptions;

namespace Headstore.Infrastructure.Reports;

/// <summary>
/// The report as one CSV table for spreadsheets (RFC 4180, UTF-8): an opening-balance row per currency, every line
/// (date, kind, category, description, memo, amount, balance after), then a closing-balance row per currency. Written
/// record by record with CsvHelper; text that a spreadsheet would run as a formula is escaped.
/// </summary>
public sealed class CsvPaymentReportWriter : IPaymentReportWriter
{
    private static readonly CsvWriterOptions Options = CsvWriterOptions.Default with { Injection = CsvHelper.CsvInjection.Escape };

    private static readonly string[] Columns = ["date", "transactionId", "line", "kind", "category", "description", "memo", "account", "currency", "amount", "amountMinor", "balanceAfter"];

    public PaymentReportFormat Format => PaymentReportFormat.Csv;

    public string ContentType => "text/csv; charset=utf-8";

    public async Task WriteAsync(PaymentReportHeader header, IAsyncEnumerable<PaymentReportRow> rows, Stream output, CancellationToken cancellationToken)
    {
        await using var csv = CsvWriter.Create(output, Options, leaveOpen: true);
        foreach (var column in Columns)
        {
            csv.WriteField(column);
        }

        await csv.EndRecordAsync(cancellationToken);
        foreach (var summary in header.Currencies)
        {
            await BalanceAsync(csv, header.Period.Start, "opening-balance", "Opening balance", summary.Currency.Code, summary.Opening.Minor, cancellationToken);
        }

        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            var line = row.Line;
            csv.WriteField(ReportFormatting.Time(line.OccurredAt));
            csv.WriteField(line.TransactionId);
            csv.WriteField(line.Sequence, default);
            csv.WriteField(ReportFormatting.Kebab(line.Kind.ToString()));
            csv.WriteField(ReportCategories.Name(row.Category));
            csv.WriteField(line.Description);
            csv.WriteField(line.Memo);
            csv.WriteField(line.Account.Key);
            csv.WriteField(line.Owed.Currency.Code);
            csv.WriteField(line.Owed.Minor / 100m, "0.00");
            csv.WriteField(line.Owed.Minor, default);
            csv.WriteField(row.BalanceAfter.Minor / 100m, "0.00");
            await csv.EndRecordAsync(cancellationToken);
        }

        foreach (var summary in header.Currencies)
        {
            await BalanceAsync(csv, header.Period.End.AddSeconds(-1), "closing-balance", "Closing balance", summary.Currency.Code, summary.Closing.Minor, cancellationToken);
        }

        await csv.FlushAsync(cancellationToken);
    }

    private static async Task BalanceAsync(CsvWriter csv, DateTimeOffset at, string kind, string description, string currency, long minor, CancellationToken cancellationToken)
    {
        foreach (var text in new[] { ReportFormatting.Time(at), "", "", kind, "balance", description, "", "", currency })
        {
            csv.WriteField(text);
        }

        csv.WriteField(minor / 100m, "0.00");
        csv.WriteField(minor, default);
        csv.WriteField(minor / 100m, "0.00");
        await csv.EndRecordAsync(cancellationToken);
    }
}
