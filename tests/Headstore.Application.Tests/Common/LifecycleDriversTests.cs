using Headstore.Application.Common;

namespace Headstore.Application.Tests.Common;

public sealed class LifecycleDriversTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 20, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Deliver_GoesToTheDriverOfThatAggregateType()
    {
        var offers = new RecordingDriver("offer", new LifecycleStep(Now.AddHours(1), false));
        var sessions = new RecordingDriver("session", LifecycleStep.Final);
        var drivers = new LifecycleDrivers([offers, sessions]);

        var step = await drivers.DeliverAsync("session", "ses_1", new LifecycleSignal("ended"), CancellationToken.None);

        Assert.True(step.IsFinal);
        Assert.Equal([("ses_1", "ended")], sessions.Delivered);
        Assert.Empty(offers.Delivered);
        Assert.Equal(["offer", "session"], drivers.AggregateTypes.Order());
    }

    [Fact]
    public async Task Deliver_ToAnUnknownAggregateType_Fails()
    {
        var drivers = new LifecycleDrivers([new RecordingDriver("offer", LifecycleStep.Final)]);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => drivers.DeliverAsync("sessions", "ses_1", null, CancellationToken.None));
        Assert.Contains("sessions", error.Message);
    }

    [Fact]
    public void WakeAt_IsTheDueTime_CappedByTheMaximumWait()
    {
        var dueSoon = new LifecycleStep(Now.AddMinutes(5), false);
        var dueLate = new LifecycleStep(Now.AddDays(3), false);
        var nothingDue = new LifecycleStep(null, false);

        Assert.Equal(Now.AddMinutes(5), dueSoon.WakeAt(Now, TimeSpan.FromHours(1)));
        Assert.Equal(Now.AddHours(1), dueLate.WakeAt(Now, TimeSpan.FromHours(1)));
        Assert.Equal(Now.AddDays(3), dueLate.WakeAt(Now, maxWait: null));
        Assert.Equal(Now.AddHours(1), nothingDue.WakeAt(Now, TimeSpan.FromHours(1)));
        Assert.Null(nothingDue.WakeAt(Now, maxWait: null));
    }

    [Fact]
    public void WakeAt_AFinalStep_IsNever()
    {
        Assert.Null(new LifecycleStep(Now.AddMinutes(5), IsFinal: true).WakeAt(Now, TimeSpan.FromHours(1)));
    }

    private sealed class RecordingDriver(string aggregateType, LifecycleStep answer) : ILifecycleDriver
    {
        public List<(string Id, string? Signal)> Delivered { get; } = [];

        public string AggregateType => aggregateType;

        public Task<LifecycleStep> DeliverAsync(string id, LifecycleSignal? signal, CancellationToken cancellationToken)
        {
            Delivered.Add((id, signal?.Name));
            return Task.FromResult(answer);
        }
    }
}
