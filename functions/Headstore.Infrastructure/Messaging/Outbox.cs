using System.Text.Json;
using Headstore.Application.Common;
using Headstore.Infrastructure.Persistence.Sqlite;
using Headstore.Infrastructure.Serialization;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Headstore.Infrastructure.Messaging;

/// <summary>Wakes the dispatcher as soon as a commit wrote events, instead of waiting for the next poll.</summary>
public sealed class OutboxSignal : IDisposable
{
    private readonly SemaphoreSlim signal = new(0, int.MaxValue);

    public void Notify()
    {
        if (signal.CurrentCount == 0)
        {
            signal.Release();
        }
    }

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => signal.WaitAsync(timeout, cancellationToken);

    public void Dispose() => signal.Dispose();
}

internal static class OutboxWriter
{
    public static async Task InsertAsync(SqliteConnection connection, IntegrationEvent integrationEvent, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO outbox (event_id, type, payload, occurred_at, next_attempt_at) VALUES ($id, $type, $payload, $occurred, $occurred) ON CONFLICT (event_id) DO NOTHING";
        command.Parameters.AddWithValue("$id", integrationEvent.EventId);
        command.Parameters.AddWithValue("$type", integrationEvent.GetType().Name);
        command.Parameters.AddWithValue("$payload", JsonSerializer.Serialize(integrationEvent, integrationEvent.GetType(), JsonDefaults.Options));
        command.Parameters.AddWithValue("$occurred", SqliteDocumentTables.Time(integrationEvent.OccurredAt));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

public sealed class OutboxOptions
{
    public const string Section = "Outbox";

    /// <summary>Run the background dispatcher (tests turn it off and drain explicitly).</summary>
    public bool RunInBackground { get; set; } = true;

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    public int BatchSize { get; set; } = 100;

    public int MaxAttempts { get; set; } = 10;
}

/// <summary>An event waiting in the outbox. <see cref="Key"/> locates it in its store (a row number, a document address).</summary>
public sealed record OutboxEntry(string Key, string EventId, string Type, string Payload, int Attempts);

/// <summary>Where the outbox lives: the same database as the documents, so events commit with the change that raised them.</summary>
public interface IOutboxStore
{
    /// <summary>Pending events due at <paramref name="now"/> that have not used up their attempts, oldest first.</summary>
    Task<IReadOnlyList<OutboxEntry>> ReadDueAsync(DateTimeOffset now, int maxAttempts, int limit, CancellationToken cancellationToken);

    Task MarkDispatchedAsync(OutboxEntry entry, DateTimeOffset now, CancellationToken cancellationToken);

    Task MarkFailedAsync(OutboxEntry entry, string error, DateTimeOffset nextAttemptAt, CancellationToken cancellationToken);

    /// <summary>Leaves a delayed event in the outbox until it is due, without counting an attempt.</summary>
    Task PostponeAsync(OutboxEntry entry, DateTimeOffset until, CancellationToken cancellationToken);
}

/// <summary>Where the dispatcher sends events: the application's handlers in this process, or a Service Bus topic.</summary>
public interface IOutboxPublisher
{
    /// <summary>True when the transport holds delayed events until due (Service Bus scheduled messages); else the outbox holds them.</summary>
    bool SchedulesDelayedEvents { get; }

    Task PublishAsync(IntegrationEventEnvelope envelope, IntegrationEvent integrationEvent, CancellationToken cancellationToken);
}

/// <summary>The local default: hands each event to <see cref="IntegrationEventDispatcher"/> in a scope of its own.</summary>
public sealed class InProcessOutboxPublisher(IServiceScopeFactory scopes) : IOutboxPublisher
{
    public bool SchedulesDelayedEvents => false;

    public async Task PublishAsync(IntegrationEventEnvelope envelope, IntegrationEvent integrationEvent, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<IntegrationEventDispatcher>().DispatchAsync(integrationEvent, cancellationToken);
    }
}

/// <summary>
/// Publishes what the outbox holds, through the configured <see cref="IOutboxPublisher"/>: in-process to the
/// application's handlers (the local default) or to Service Bus. Failed events are retried with exponential backoff;
/// after <see cref="OutboxOptions.MaxAttempts"/> they stay parked for an operator.
/// </summary>
public sealed class OutboxDispatcher(
    IOutboxStore outbox,
    IOutboxPublisher publisher,
    OutboxSignal signal,
    TimeProvider clock,
    IOptions<OutboxOptions> options,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private readonly SemaphoreSlim oneAtATime = new(1, 1);

    public override void Dispose()
    {
        oneAtATime.Dispose();
        base.Dispose();
    }

    /// <summary>Dispatches until nothing due is left. Returns how many events were published.</summary>
    public async Task<int> DrainAsync(CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            var dispatched = await DispatchBatchAsync(cancellationToken);
            total += dispatched;
            if (dispatched == 0)
            {
                return total;
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunInBackground)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await DrainAsync(stoppingToken);
                await signal.WaitAsync(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                logger.LogError(exception, "The outbox dispatcher failed; retrying after the poll interval");
                await Task.Delay(options.Value.PollInterval, stoppingToken);
            }
        }
    }

    private async Task<int> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        await oneAtATime.WaitAsync(cancellationToken);
        try
        {
            var now = clock.GetUtcNow();
            var batch = await outbox.ReadDueAsync(now, options.Value.MaxAttempts, options.Value.BatchSize, cancellationToken);
            var dispatched = 0;
            foreach (var entry in batch)
            {
                try
                {
                    var envelope = new IntegrationEventEnvelope(entry.EventId, entry.Type, entry.Payload);
                    var integrationEvent = envelope.ToEvent();
                    if (!publisher.SchedulesDelayedEvents && integrationEvent is IScheduledIntegrationEvent { DeliverAt: var deliverAt } && deliverAt > now)
                    {
                        await outbox.PostponeAsync(entry, deliverAt, cancellationToken);
                        continue;
                    }

                    await publisher.PublishAsync(envelope, integrationEvent, cancellationToken);
                    await outbox.MarkDispatchedAsync(entry, now, cancellationToken);
                    dispatched++;
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // Only the exception type is stored: messages can carry user data.
                    logger.LogWarning(exception, "Handling outbox event {EventId} of type {Type} failed (attempt {Attempt})", entry.EventId, entry.Type, entry.Attempts + 1);
                    var backoff = TimeSpan.FromSeconds(Math.Min(3600, Math.Pow(2, entry.Attempts + 1)));
                    await outbox.MarkFailedAsync(entry, exception.GetType().Name, now + backoff, cancellationToken);
                }
            }

            return dispatched;
        }
        finally
        {
            oneAtATime.Release();
        }
    }
}

public sealed class SqliteInbox(SqliteDatabase database, TimeProvider clock) : IInbox
{
    public async Task<bool> HasHandledAsync(string handler, string eventId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM inbox WHERE handler = $handler AND event_id = $id";
        command.Parameters.AddWithValue("$handler", handler);
        command.Parameters.AddWithValue("$id", eventId);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    public async Task MarkHandledAsync(string handler, string eventId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO inbox (handler, event_id, handled_at) VALUES ($handler, $id, $now) ON CONFLICT DO NOTHING";
        command.Parameters.AddWithValue("$handler", handler);
        command.Parameters.AddWithValue("$id", eventId);
        command.Parameters.AddWithValue("$now", SqliteDocumentTables.Time(clock.GetUtcNow()));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
