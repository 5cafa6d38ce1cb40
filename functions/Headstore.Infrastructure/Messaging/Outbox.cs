using System.Text.Json;
using Headstore.Application;
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

/// <summary>
/// Publishes what the outbox holds: in-process to the application's handlers (the local default). Failed events are
/// retried with exponential backoff; after <see cref="OutboxOptions.MaxAttempts"/> they stay parked for an operator.
/// </summary>
public sealed class OutboxDispatcher(
    SqliteDatabase database,
    IServiceScopeFactory scopes,
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
            var batch = await ReadDueAsync(now, cancellationToken);
            var dispatched = 0;
            foreach (var (seq, type, payload, attempts) in batch)
            {
                string? failure = null;
                try
                {
                    if (!Application.DependencyInjection.IntegrationEventTypes.TryGetValue(type, out var eventType))
                    {
                        throw new InvalidOperationException($"Unknown integration event type {type}");
                    }

                    var integrationEvent = (IntegrationEvent)JsonSerializer.Deserialize(payload, eventType, JsonDefaults.Options)!;
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<IntegrationEventDispatcher>().DispatchAsync(integrationEvent, cancellationToken);
                    dispatched++;
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // Only the exception type is stored: messages can carry user data.
                    failure = exception.GetType().Name;
                    logger.LogWarning(exception, "Handling outbox event {Seq} of type {Type} failed (attempt {Attempt})", seq, type, attempts + 1);
                }

                await MarkAsync(seq, attempts, failure, now, cancellationToken);
            }

            return dispatched;
        }
        finally
        {
            oneAtATime.Release();
        }
    }

    private async Task<List<(long Seq, string Type, string Payload, int Attempts)>> ReadDueAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT seq, type, payload, attempts FROM outbox WHERE dispatched_at IS NULL AND next_attempt_at <= $now AND attempts < $max ORDER BY next_attempt_at, seq LIMIT $limit";
        command.Parameters.AddWithValue("$now", SqliteDocumentTables.Time(now));
        command.Parameters.AddWithValue("$max", options.Value.MaxAttempts);
        command.Parameters.AddWithValue("$limit", options.Value.BatchSize);
        var batch = new List<(long, string, string, int)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            batch.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3)));
        }

        return batch;
    }

    private async Task MarkAsync(long seq, int attempts, string? failure, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        if (failure is null)
        {
            command.CommandText = "UPDATE outbox SET dispatched_at = $now, attempts = attempts + 1, last_error = NULL WHERE seq = $seq";
        }
        else
        {
            command.CommandText = "UPDATE outbox SET attempts = attempts + 1, next_attempt_at = $next, last_error = $error WHERE seq = $seq";
            command.Parameters.AddWithValue("$next", SqliteDocumentTables.Time(now + TimeSpan.FromSeconds(Math.Min(3600, Math.Pow(2, attempts + 1)))));
            command.Parameters.AddWithValue("$error", failure);
        }

        command.Parameters.AddWithValue("$now", SqliteDocumentTables.Time(now));
        command.Parameters.AddWithValue("$seq", seq);
        await command.ExecuteNonQueryAsync(cancellationToken);
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
