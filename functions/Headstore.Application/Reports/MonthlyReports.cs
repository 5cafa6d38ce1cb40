using System.Text;
using Headstore.Application.Common;
using Headstore.Application.Notifications;
using Headstore.Application.Scheduling;
using Headstore.Application.Users;
using Headstore.Domain.Common;
using Headstore.Domain.Reports;
using Headstore.Domain.Scheduling;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Headstore.Application.Reports;

/// <summary>A payee's report for a month is due: the unit of work the monthly run hands out, one per payee.</summary>
public sealed record PaymentReportDue(UserId Owner, string Period, int Attempt) : IntegrationEvent
{
    public static PaymentReportDue For(UserId owner, string period, int attempt, DateTimeOffset now) =>
        new(owner, period, attempt) { EventId = $"report-due:{period}:{attempt}:{owner.Value}", OccurredAt = now };
}

/// <summary>
/// On the configured day of each month (the 1st at 02:00 UTC by default) hands out one <see cref="PaymentReportDue"/>
/// per payee with a line in the previous month or money owed at its end, checkpointed like the weekly payouts.
/// </summary>
public sealed class MonthlyReportJob(ScheduledRuns runs, IPaymentReportSource source, IOptions<ReportOptions> options, TimeProvider clock, ILogger<MonthlyReportJob> logger) : IPeriodicJob
{
    public const string JobName = "monthly-reports";

    public string Name => JobName;

    public TimeSpan Interval => TimeSpan.FromMinutes(10);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var due = options.Value.Schedule.LatestAtOrBefore(clock.GetUtcNow());
        var period = MonthPeriod.Of(due).Previous;
        var run = await runs.EnsureAsync(JobName, period.ToString(), due, cancellationToken);
        if (!run.IsEnumerated)
        {
            run = await runs.EnumerateAsync(run, NextPageAsync, cancellationToken);
            logger.LogInformation("Payment reports {Period}: {Count} payees handed out", run.Slot, run.Enumerated);
        }

        await runs.ResumeUnfinishedAsync(JobName, NextPageAsync, cancellationToken);
    }

    public async Task<EnumerationPage> NextPageAsync(ScheduledRun run, CancellationToken cancellationToken)
    {
        var period = MonthPeriod.Parse(run.Slot) ?? throw new InvalidOperationException($"Run {run.Id} has no month.");
        var (owners, cursor, isLast) = await source.OwnersAsync(period, run.Cursor, runs.PageSize(options.Value.PageSize), cancellationToken);
        var now = clock.GetUtcNow();
        return new EnumerationPage(owners.Distinct().Select(o => (IntegrationEvent)PaymentReportDue.For(o, run.Slot, run.Attempt, now)).ToArray(), cursor, isLast);
    }
}

/// <summary>
/// Generates one payee's report for a month: adds the month up by streaming its lines, records the figures
/// (<see cref="PaymentReport"/>) and e-mails the payee that it is ready, with the figures and the download links.
/// Idempotent: the record is rewritten with the same figures and the e-mail's id is the payee and month.
/// </summary>
public sealed class PaymentReportWorker(
    PaymentReportBuilder builder,
    IDocumentStore store,
    UserDirectory users,
    IEmailSender email,
    IOptions<NotificationOptions> notifications,
    TimeProvider clock) : IEventHandler<PaymentReportDue>
{
    public async Task HandleAsync(PaymentReportDue integrationEvent, CancellationToken cancellationToken)
    {
        var period = MonthPeriod.Parse(integrationEvent.Period) ?? throw new InvalidOperationException($"'{integrationEvent.Period}' is not a month.");
        var summaries = await builder.SummariseAsync(integrationEvent.Owner, period, cancellationToken);
        var report = PaymentReport.From(integrationEvent.Owner, period.ToString(), summaries, clock.GetUtcNow());
        var work = store.BeginWork();
        work.Upsert(report);
        var commit = await work.CommitAsync(cancellationToken);
        if (!commit.IsSuccess)
        {
            throw new InvalidOperationException($"Report {report.Id} could not be recorded: {commit.Error!.Code}");
        }

        var account = await users.FindAsync(integrationEvent.Owner, cancellationToken);
        if (account?.Email is not { Length: > 0 } address)
        {
            return;
        }

        await email.SendAsync(new EmailMessage($"payment-report:{integrationEvent.Owner.Value}:{period}", address, account.Name,
            $"Your payment report for {period.Start:MMMM yyyy} is ready", Text(account.Name, period, summaries)), cancellationToken);
    }

    private string Text(string name, MonthPeriod period, IReadOnlyList<ReportCurrencySummary> summaries)
    {
        var link = $"{notifications.Value.PublicBaseUrl.TrimEnd('/')}/experts/me/reports/{period}";
        var text = new StringBuilder().Append("Hello ").Append(name).Append(",\n\nYour payment report for ").Append(period.Start.ToString("MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture)).Append(" is ready.\n");
        foreach (var summary in summaries)
        {
            text.Append('\n').Append(summary.Currency.Code).Append('\n')
                .Append("  Opening balance: ").Append(summary.Opening.Format()).Append('\n');
            foreach (var category in ReportCategories.All.Where(c => summary.Total(c).Minor != 0))
            {
                text.Append("  ").Append(ReportCategories.Label(category)).Append(": ").Append(summary.Total(category).Format()).Append('\n');
            }

            text.Append("  Closing balance: ").Append(summary.Closing.Format()).Append('\n');
        }

        return text.Append("\nRead it with its chart: ").Append(link).Append(".html\nDownload it: ").Append(link).Append(".csv or ").Append(link).Append(".json\n\nHeadstore").ToString();
    }
}
