using Headstore.Application.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Headstore.Infrastructure.Scheduling;

public sealed class SchedulerOptions
{
    public const string Section = "Scheduler";

    public bool Enabled { get; set; } = true;

    /// <summary>How often the scheduler looks for jobs that are due.</summary>
    public TimeSpan Tick { get; set; } = TimeSpan.FromSeconds(1);
}

/// <summary>
/// The local host's scheduler: runs each periodic job at its interval, each run in its own scope. A failing job is
/// logged and runs again at its next time; it never stops the others. In Azure, timer triggers take this role.
/// </summary>
public sealed class LocalScheduler(IServiceScopeFactory scopes, TimeProvider clock, IOptions<SchedulerOptions> options, ILogger<LocalScheduler> logger) : BackgroundService
{
    private readonly Dictionary<string, DateTimeOffset> nextRun = new(StringComparer.Ordinal);

    /// <summary>Runs every job that is due now (tests call this with a fake clock).</summary>
    public async Task RunDueJobsAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var now = clock.GetUtcNow();
        foreach (var job in scope.ServiceProvider.GetServices<IPeriodicJob>())
        {
            if (nextRun.TryGetValue(job.Name, out var due) && due > now)
            {
                continue;
            }

            nextRun[job.Name] = now + job.Interval;
            try
            {
                await job.RunAsync(cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "Scheduled job {Job} failed; it runs again at its next interval", job.Name);
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.Tick, clock);
        do
        {
            await RunDueJobsAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
