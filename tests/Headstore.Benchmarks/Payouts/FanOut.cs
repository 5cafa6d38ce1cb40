using System.Text.Json;
using Headstore.Application.Common;
using Headstore.Infrastructure.Persistence.Sqlite;
using Headstore.Infrastructure.Serialization;
using Microsoft.Extensions.DependencyInjection;

namespace Headstore.Benchmarks.Payouts;

/// <summary>
/// Delivers the outbox's events the way the Functions app receives them from Service Bus: many at once (one instance's
/// <c>maxConcurrentCalls</c>), each in its own scope through <see cref="IntegrationEventDispatcher"/>, the same call the
/// Service Bus trigger makes. Events an event produces are picked up by the next round.
/// </summary>
public static class FanOut
{
    public static async Task<int> DrainAsync(IServiceProvider provider, int concurrency)
    {
        var database = provider.GetRequiredService<SqliteDatabase>();
        var total = 0;
        while (true)
        {
            var batch = new List<(long Seq, string Type, string Payload)>();
            await using (var connection = await database.OpenAsync(CancellationToken.None))
            await using (var command = connection.CreateCommand())
            {
                command.CommandText = "SELECT seq, type, payload FROM outbox WHERE dispatched_at IS NULL ORDER BY seq";
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    batch.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2)));
                }
            }

            if (batch.Count == 0)
            {
                return total;
            }

            await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (message, cancellationToken) =>
            {
                var integrationEvent = (IntegrationEvent)JsonSerializer.Deserialize(message.Payload, Application.DependencyInjection.IntegrationEventTypes[message.Type], JsonDefaults.Options)!;
                await using (var scope = provider.CreateAsyncScope())
                {
                    await scope.ServiceProvider.GetRequiredService<IntegrationEventDispatcher>().DispatchAsync(integrationEvent, cancellationToken);
                }

                // Completing the message.
                await using var connection = await database.OpenAsync(cancellationToken);
                await using var command = connection.CreateCommand();
                command.CommandText = "UPDATE outbox SET dispatched_at = $now, attempts = attempts + 1 WHERE seq = $seq";
                command.Parameters.AddWithValue("$now", SqliteDocumentTables.Time(DateTimeOffset.UtcNow));
                command.Parameters.AddWithValue("$seq", message.Seq);
                await command.ExecuteNonQueryAsync(cancellationToken);
            });
            total += batch.Count;
        }
    }
}
