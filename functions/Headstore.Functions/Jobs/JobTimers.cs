using Headstore.Application.Common;
using Headstore.Infrastructure.Messaging;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Headstore.Functions.Jobs;

/// <summary>
/// The local scheduler's role in Azure: one timer trigger per periodic job of the application, each running that job
/// by name in its own scope. Schedules are NCRONTAB expressions from app settings (<c>Jobs__{Job}__Schedule</c>), so
/// they change without a deployment. A test checks that every <see cref="IPeriodicJob"/> of the application has a
/// timer here and that every timer names a job.
/// </summary>
public sealed class JobTimers(IServiceScopeFactory scopes, ILogger<JobTimers> logger)
{
    [Function("OverdueRequestsJob")]
    public Task OverdueRequests([TimerTrigger("%Jobs:OverdueRequests:Schedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        RunAsync("overdue-requests", cancellationToken);

    [Function("AuthorisationSweepJob")]
    public Task AuthorisationSweep([TimerTrigger("%Jobs:AuthorisationSweep:Schedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        RunAsync("authorisation-sweep", cancellationToken);

    [Function("SubscriptionRenewalsJob")]
    public Task SubscriptionRenewals([TimerTrigger("%Jobs:SubscriptionRenewals:Schedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        RunAsync("subscription-renewals", cancellationToken);

    /// <summary>The safety net behind the lifecycle orchestrations: delivers any due timer an orchestration missed.</summary>
    [Function("LifecycleTimersJob")]
    public Task LifecycleTimers([TimerTrigger("%Jobs:LifecycleTimers:Schedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        RunAsync("lifecycle-timers", cancellationToken);

    /// <summary>Wakes the weekly payout run; the job itself decides whether its weekly slot (Payouts:Day, Payouts:TimeOfDay) has come.</summary>
    [Function("WeeklyPayoutsJob")]
    public Task WeeklyPayouts([TimerTrigger("%Jobs:WeeklyPayouts:Schedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        RunAsync("weekly-payouts", cancellationToken);

    /// <summary>Wakes the monthly report run; the job decides whether its monthly slot (Reports:DayOfMonth, Reports:TimeOfDay) has come.</summary>
    [Function("MonthlyReportsJob")]
    public Task MonthlyReports([TimerTrigger("%Jobs:MonthlyReports:Schedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        RunAsync("monthly-reports", cancellationToken);

    [Function("SlaBreachesJob")]
    public Task SlaBreaches([TimerTrigger("%Jobs:SlaBreaches:Schedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        RunAsync("sla-breaches", cancellationToken);

    /// <summary>
    /// Cosmos DB (the store in Azure): re-derives the views (lists, ledger entries) of everything changed since the last
    /// run, the safety net for an instance that stopped between a commit and its view writes (docs/cosmos.md, "Atomicity").
    /// </summary>
    [Function("CosmosViewRepairJob")]
    public Task CosmosViewRepair([TimerTrigger("%Jobs:CosmosViewRepair:Schedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        RunAsync("cosmos-view-repair", cancellationToken);

    /// <summary>
    /// The outbox is also dispatched right after each commit while an instance is warm; this timer publishes whatever
    /// an instance left behind when it was scaled in, so an event is delayed, never lost.
    /// </summary>
    [Function("DrainOutbox")]
    public async Task DrainOutbox([TimerTrigger("%Jobs:Outbox:Schedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var published = await scope.ServiceProvider.GetRequiredService<OutboxDispatcher>().DrainAsync(cancellationToken);
        if (published > 0)
        {
            logger.LogInformation("Published {Count} outbox events left behind", published);
        }
    }

    private async Task RunAsync(string jobName, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var job = scope.ServiceProvider.GetServices<IPeriodicJob>().SingleOrDefault(j => j.Name == jobName)
            ?? throw new InvalidOperationException($"No periodic job is named '{jobName}'.");
        logger.LogInformation("Running job {Job}", jobName);
        await job.RunAsync(cancellationToken);
    }
}
