using System.Text.Json;
using Headstore.Application;
using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Ledger;
using Headstore.Domain.Questions;
using Headstore.Infrastructure.Messaging;
using Headstore.Infrastructure.Serialization;
using Microsoft.Data.Sqlite;

namespace Headstore.Infrastructure.Persistence.Sqlite;

/// <summary>
/// The SQLite adapter of the document store: one row per aggregate with its JSON body and version; a unit of work
/// writes its documents and outbox events in one IMMEDIATE transaction.
/// </summary>
public sealed class SqliteDocumentStore(SqliteDatabase database, OutboxSignal outboxSignal) : IDocumentStore
{
    public async Task<T?> FindAsync<T>(string id, CancellationToken cancellationToken)
        where T : class, IAggregate
    {
        if (string.IsNullOrEmpty(id))
        {
            return null;
        }

        var table = SqliteDocumentTables.For(typeof(T));
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT body FROM {table.Name} WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        var body = (string?)await command.ExecuteScalarAsync(cancellationToken);
        return body is null ? null : JsonSerializer.Deserialize<T>(body, JsonDefaults.Options);
    }

    public async Task<IReadOnlyList<T>> FindManyAsync<T>(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
        where T : class, IAggregate
    {
        if (ids.Count == 0)
        {
            return [];
        }

        var table = SqliteDocumentTables.For(typeof(T));
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var names = ids.Select((id, i) =>
        {
            command.Parameters.AddWithValue($"$p{i}", id);
            return $"$p{i}";
        }).ToArray();
        command.CommandText = $"SELECT body FROM {table.Name} WHERE id IN ({string.Join(",", names)})";
        return await SqliteQueries.ReadDocumentsAsync<T>(command, cancellationToken);
    }

    public IUnitOfWork BeginWork() => new SqliteUnitOfWork(database, outboxSignal);

    private sealed class SqliteUnitOfWork(SqliteDatabase database, OutboxSignal outboxSignal) : IUnitOfWork
    {
        private readonly List<(IAggregate Aggregate, WriteKind Kind)> writes = [];
        private readonly List<IntegrationEvent> events = [];

        private enum WriteKind
        {
            Insert,
            InsertIfAbsent,
            Update,
            Upsert,
        }

        public void Add<T>(T aggregate)
            where T : class, IAggregate => writes.Add((aggregate, WriteKind.Insert));

        public void AddIfAbsent<T>(T aggregate)
            where T : class, IAggregate => writes.Add((aggregate, WriteKind.InsertIfAbsent));

        public void Upsert<T>(T aggregate)
            where T : class, IAggregate => writes.Add((aggregate, WriteKind.Upsert));

        public void Update<T>(T aggregate)
            where T : class, IAggregate => writes.Add((aggregate, WriteKind.Update));

        public void Publish(IntegrationEvent integrationEvent) => events.Add(integrationEvent);

        public async Task<Result<Unit>> CommitAsync(CancellationToken cancellationToken)
        {
            await using var connection = await database.OpenAsync(cancellationToken);

            // BEGIN IMMEDIATE takes the write lock up front, so two writers queue instead of deadlocking on upgrade.
            await using (var begin = connection.CreateCommand())
            {
                begin.CommandText = "BEGIN IMMEDIATE";
                await begin.ExecuteNonQueryAsync(cancellationToken);
            }

            var committed = false;
            try
            {
                foreach (var (aggregate, kind) in writes)
                {
                    var error = await WriteAsync(connection, aggregate, kind, cancellationToken);
                    if (error is not null)
                    {
                        return error;
                    }
                }

                foreach (var integrationEvent in events)
                {
                    await OutboxWriter.InsertAsync(connection, integrationEvent, cancellationToken);
                }

                await using var commit = connection.CreateCommand();
                commit.CommandText = "COMMIT";
                await commit.ExecuteNonQueryAsync(cancellationToken);
                committed = true;
            }
            finally
            {
                if (!committed)
                {
                    await using var rollback = connection.CreateCommand();
                    rollback.CommandText = "ROLLBACK";
                    await rollback.ExecuteNonQueryAsync(CancellationToken.None);
                }
            }

            if (events.Count > 0)
            {
                outboxSignal.Notify();
            }

            return Unit.Value;
        }

        private static async Task<Error?> WriteAsync(SqliteConnection connection, IAggregate aggregate, WriteKind kind, CancellationToken cancellationToken)
        {
            var table = SqliteDocumentTables.For(aggregate.GetType());
            var columns = table.Columns(aggregate);
            var newVersion = kind == WriteKind.Update ? aggregate.Version + 1 : 1;
            var body = SerializeWithVersion(aggregate, newVersion);
            await using var command = connection.CreateCommand();
            command.Parameters.AddWithValue("$id", aggregate.Id);
            command.Parameters.AddWithValue("$body", body);
            command.Parameters.AddWithValue("$version", newVersion);
            for (var i = 0; i < columns.Count; i++)
            {
                command.Parameters.AddWithValue($"$c{i}", columns[i].Value ?? DBNull.Value);
            }

            var columnNames = string.Concat(columns.Select(c => ", " + c.Column));
            var columnValues = string.Concat(columns.Select((_, i) => $", $c{i}"));
            var assignments = string.Concat(columns.Select((c, i) => $", {c.Column} = $c{i}"));
            command.CommandText = kind switch
            {
                WriteKind.Insert => $"INSERT INTO {table.Name} (id, version, body{columnNames}) VALUES ($id, $version, $body{columnValues})",
                WriteKind.InsertIfAbsent => $"INSERT INTO {table.Name} (id, version, body{columnNames}) VALUES ($id, $version, $body{columnValues}) ON CONFLICT (id) DO NOTHING",
                WriteKind.Upsert => $"INSERT INTO {table.Name} (id, version, body{columnNames}) VALUES ($id, $version, $body{columnValues}) " +
                                    $"ON CONFLICT (id) DO UPDATE SET version = version + 1, body = json_set(excluded.body, '$.version', version + 1){assignments}",
                _ => $"UPDATE {table.Name} SET version = $version, body = $body{assignments} WHERE id = $id AND version = $expected",
            };
            if (kind == WriteKind.Update)
            {
                command.Parameters.AddWithValue("$expected", aggregate.Version);
            }

            if (aggregate is LedgerTransaction && kind is not (WriteKind.Insert or WriteKind.InsertIfAbsent))
            {
                throw new InvalidOperationException("Ledger transactions are immutable: add them, never update them.");
            }

            int affected;
            try
            {
                affected = await command.ExecuteNonQueryAsync(cancellationToken);
                if (kind == WriteKind.Update && affected == 0)
                {
                    return Error.ConcurrencyConflict();
                }
            }
            catch (SqliteException exception) when (exception.SqliteErrorCode == 19 && kind == WriteKind.Insert)
            {
                return Error.Conflict("duplicate", "It already exists.");
            }

            if (aggregate is Question question)
            {
                await QuestionSearchIndex.WriteAsync(connection, question, cancellationToken);
            }

            if (aggregate is LedgerTransaction ledgerTransaction && affected > 0)
            {
                await LedgerProjection.WriteAsync(connection, ledgerTransaction, cancellationToken);
            }

            return null;
        }

        private static string SerializeWithVersion(IAggregate aggregate, long version)
        {
            var node = JsonSerializer.SerializeToNode(aggregate, aggregate.GetType(), JsonDefaults.Options)!.AsObject();
            node["version"] = version;
            return node.ToJsonString(JsonDefaults.Options);
        }
    }
}
