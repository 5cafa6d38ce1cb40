using System.Globalization;
using Headstore.Application.Ambassadors;
using Headstore.Application.Common;
using Headstore.Application.Users;
using Headstore.Domain.Common;
using Headstore.Domain.Scheduling;

namespace Headstore.Application.Reports;

/// <summary>A report ready to be streamed to the response: nothing has been written when the handler returns.</summary>
public sealed record PaymentReportDownload(string ContentType, string FileName, bool Attachment, Func<Stream, CancellationToken, Task> WriteToAsync);

/// <summary>
/// An expert (or ambassador) downloads their payment report for a month as JSON, CSV or HTML:
/// <c>GET /api/experts/me/reports/2026-10.csv</c>. Every income line by kind, commission, refunds, disputes, payouts,
/// opening and closing balances per currency; the current month is marked provisional. The figures are added up in a
/// first streamed pass, then the lines are streamed to the response.
/// </summary>
public sealed class GetPaymentReportHandler(PaymentReportBuilder builder, IEnumerable<IPaymentReportWriter> writers, UserDirectory users, TimeProvider clock)
{
    public async Task<Result<PaymentReportDownload>> HandleAsync(Actor actor, string periodAndFormat, CancellationToken cancellationToken)
    {
        if (actor.RequirePayee() is { } denied)
        {
            return denied;
        }

        var dot = periodAndFormat.LastIndexOf('.');
        var period = dot < 0 ? null : MonthPeriod.Parse(periodAndFormat[..dot]);
        var formatName = dot < 0 ? "" : periodAndFormat[(dot + 1)..];
        var writer = writers.FirstOrDefault(w => string.Equals(w.Format.ToString(), formatName, StringComparison.OrdinalIgnoreCase));
        if (period is null || writer is null)
        {
            return Error.Validation("period", "Ask for a month and a format, e.g. 2026-10.json, 2026-10.csv or 2026-10.html.");
        }

        var now = clock.GetUtcNow();
        var month = period.Value;
        if (month.Start > now)
        {
            return Error.Rule("report-not-started", $"{month} has not started yet.");
        }

        var summaries = await builder.SummariseAsync(actor.UserId, month, cancellationToken);
        var name = (await users.FindAsync(actor.UserId, cancellationToken))?.Name ?? actor.Name;
        var header = new PaymentReportHeader(actor.UserId, name, month, now, month.End > now, summaries);
        var fileName = string.Create(CultureInfo.InvariantCulture, $"headstore-report-{month}.{writer.Format.ToString().ToLowerInvariant()}");
        return new PaymentReportDownload(writer.ContentType, fileName, writer.Format == PaymentReportFormat.Csv,
            (stream, token) => writer.WriteAsync(header, builder.RowsAsync(actor.UserId, month, summaries, token), stream, token));
    }
}
