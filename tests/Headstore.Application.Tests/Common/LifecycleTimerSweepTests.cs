using Headstore.Application.Common;
using Headstore.Application.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;

namespace Headstore.Application.Tests.Common;

public sealed class LifecycleTimerSweepTests
{
    [Fact]
    public async Task DueTimers_AreDeliveredOnce_AndRescheduledOrClearedByWhatTheLifecycleAnswers()
    {
        await using var host = await AppHost.StartAsync();
        var timers = host.Get<ILifecycleTimers>();
        var now = host.Clock.GetUtcNow();
        var driver = new ScriptedDriver(new Dictionary<string, LifecycleStep>
        {
            ["a"] = new(now.AddMinutes(10), false),
            ["b"] = LifecycleStep.Final,
            ["boom"] = new(null, false),
        });
        var sweep = new LifecycleTimerSweep(timers, new LifecycleDrivers([driver]), host.Clock, NullLogger<LifecycleTimerSweep>.Instance);
        await host.Create<LifecycleTimerRecorder>().HandleAsync(new LifecycleScheduled("test", "a", now.AddMinutes(1), false), CancellationToken.None);
        await timers.SetAsync("test", "b", now.AddMinutes(2), CancellationToken.None);
        await timers.SetAsync("test", "boom", now.AddMinutes(2), CancellationToken.None);
        await timers.SetAsync("test", "later", now.AddHours(1), CancellationToken.None);

        await sweep.RunAsync(CancellationToken.None);
        Assert.Empty(driver.Delivered);

        host.Clock.Advance(TimeSpan.FromMinutes(3));
        await sweep.RunAsync(CancellationToken.None);
        Assert.Equal(["a", "b", "boom"], driver.Delivered.Order().ToArray());

        var due = await timers.DueAsync(host.Clock.GetUtcNow().AddDays(1), 10, CancellationToken.None);
        Assert.Equal([("a", now.AddMinutes(10)), ("boom", now.AddMinutes(2)), ("later", now.AddHours(1))], due.Select(d => (d.AggregateId, d.DueAt)).OrderBy(d => d.AggregateId).ToArray());
    }

    private sealed class ScriptedDriver(Dictionary<string, LifecycleStep> steps) : ILifecycleDriver
    {
        public List<string> Delivered { get; } = [];

        public string AggregateType => "test";

        public Task<LifecycleStep> DeliverAsync(string id, LifecycleSignal? signal, CancellationToken cancellationToken)
        {
            Delivered.Add(id);
            return id == "boom" ? throw new InvalidOperationException("a failing aggregate") : Task.FromResult(steps[id]);
        }
    }
}
