using Headstore.Application.Common;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Headstore.Functions.Lifecycles;

/// <summary>Settings for lifecycle orchestrations, bound from the "Lifecycles" section.</summary>
public sealed class LifecycleOptions
{
    public const string Section = "Lifecycles";

    /// <summary>The longest an orchestration sleeps without asking its aggregate again, in case a due time moved without a signal.</summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromHours(6);
}

/// <summary>What an orchestration runs with; it carries its configuration, so the orchestrator reads nothing else.</summary>
public sealed record LifecycleInput(string AggregateType, string AggregateId, LifecycleSignal? Signal, TimeSpan? MaxWait);

/// <summary>
/// One orchestration per aggregate with a lifecycle (offer, session), instance id = the aggregate's id. It decides
/// nothing: it hands the pending signal (or "time passed") to the application through an activity, which runs the
/// domain state machine and answers with the next due time; then it waits for whichever comes first, a new signal
/// (an external event raised by an HTTP or callback function) or the durable timer, and starts over with
/// ContinueAsNew so its history stays short. It ends when the lifecycle says the aggregate is final.
/// Deterministic: only the context's clock, inputs and activity results; activities are named with nameof.
/// </summary>
public static class LifecycleOrchestration
{
    /// <summary>The external event that carries a <see cref="LifecycleSignal"/> to a running orchestration.</summary>
    public const string SignalEvent = "signal";

    [Function(nameof(RunLifecycle))]
    public static async Task RunLifecycle([OrchestrationTrigger] TaskOrchestrationContext context)
    {
        var input = context.GetInput<LifecycleInput>() ?? throw new InvalidOperationException("A lifecycle orchestration needs its input.");
        var step = await context.CallActivityAsync<LifecycleStep>(nameof(DeliverLifecycleSignal), input);
        if (step.IsFinal)
        {
            return;
        }

        using var waiting = new CancellationTokenSource();
        var signal = context.WaitForExternalEvent<LifecycleSignal>(SignalEvent, waiting.Token);
        var wakeAt = step.WakeAt(new DateTimeOffset(context.CurrentUtcDateTime, TimeSpan.Zero), input.MaxWait);
        var winner = wakeAt is { } at
            ? await Task.WhenAny(signal, context.CreateTimer(at.UtcDateTime, waiting.Token))
            : await Task.WhenAny(signal);

        // Cancels the loser: a timer left running would keep the instance alive; a cancelled wait still buffers a
        // signal that arrives later, and ContinueAsNew carries buffered signals into the next execution. Cancel, not
        // CancelAsync: orchestrator code stays on the orchestration thread.
#pragma warning disable CA1849
        waiting.Cancel();
#pragma warning restore CA1849
        context.ContinueAsNew(input with { Signal = winner == signal ? await signal : null });
    }

    /// <summary>The one activity: deliver to the aggregate through the application's lifecycle drivers.</summary>
    [Function(nameof(DeliverLifecycleSignal))]
    public static Task<LifecycleStep> DeliverLifecycleSignal([ActivityTrigger] LifecycleInput input, FunctionContext context) =>
        context.InstanceServices.GetRequiredService<LifecycleDrivers>().DeliverAsync(input.AggregateType, input.AggregateId, input.Signal, context.CancellationToken);
}

/// <summary>
/// How HTTP, callback and event functions talk to lifecycles: send a signal to the aggregate's orchestration,
/// starting it when none is running (a new aggregate, or one whose orchestration ended or failed). Starting is
/// idempotent by instance id; raising an event to a running instance queues it.
/// </summary>
public sealed class LifecycleSignals(IOptions<LifecycleOptions> options)
{
    public async Task SendAsync(DurableTaskClient client, string aggregateType, string aggregateId, LifecycleSignal? signal, CancellationToken cancellationToken)
    {
        var instance = await client.GetInstanceAsync(aggregateId, getInputsAndOutputs: false, cancellationToken);
        if (instance is null || instance.IsCompleted)
        {
            var input = new LifecycleInput(aggregateType, aggregateId, signal, options.Value.MaxWait);
            await client.ScheduleNewOrchestrationInstanceAsync(nameof(LifecycleOrchestration.RunLifecycle), input, new StartOrchestrationOptions(aggregateId), cancellationToken);
        }
        else if (signal is not null)
        {
            await client.RaiseEventAsync(aggregateId, LifecycleOrchestration.SignalEvent, signal, cancellationToken);
        }
    }
}
