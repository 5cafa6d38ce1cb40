using System.Text.Json;
using Headstore.Domain.Common;
using Headstore.Infrastructure.Persistence.Cosmos;
using Headstore.Infrastructure.Persistence.Sqlite;
using Headstore.Infrastructure.Serialization;
using Microsoft.Azure.Cosmos;
using Microsoft.Data.Sqlite;

namespace Headstore.Api.Tests.Support;

/// <summary>
/// Reads what the host stored, behind its ports, on whichever store the journeys run: the SQLite file, or the Cosmos
/// database on the test server (every container, across partitions). For assertions that no port answers.
/// </summary>
public static class StoreInspection
{
    /// <summary>Every stored aggregate of a type.</summary>
    public static async Task<IReadOnlyList<T>> AllAsync<T>(ApiFactory api)
        where T : class, IAggregate
    {
        if (ApiFactory.UsesCosmos)
        {
            var type = CosmosDocumentTypes.For(typeof(T));
            var documents = await CosmosDocumentsAsync(api, type.Container, new QueryDefinition("SELECT VALUE c.body FROM c WHERE c.type = @type").WithParameter("@type", type.Kind));
            return documents.Select(d => d.Deserialize<T>(JsonDefaults.Options)!).ToArray();
        }

        using var connection = Open(api);
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT body FROM \"{SqliteDocumentTables.For(typeof(T)).Name}\"";
        using var reader = command.ExecuteReader();
        var found = new List<T>();
        while (reader.Read())
        {
            found.Add(JsonSerializer.Deserialize<T>(reader.GetString(0), JsonDefaults.Options)!);
        }

        return found;
    }

    /// <summary>Where a text is stored: the SQLite tables holding it in any column, or the Cosmos document types holding it anywhere.</summary>
    public static async Task<IReadOnlyList<string>> PlacesHoldingAsync(ApiFactory api, string text)
    {
        var holding = new SortedSet<string>(StringComparer.Ordinal);
        if (ApiFactory.UsesCosmos)
        {
            foreach (var container in CosmosDocumentTypes.Containers)
            {
                foreach (var document in await CosmosDocumentsAsync(api, container, new QueryDefinition("SELECT * FROM c")))
                {
                    if (document.GetRawText().Contains(text, StringComparison.Ordinal))
                    {
                        holding.Add(document.GetProperty("type").GetString()!);
                    }
                }
            }

            return holding.ToArray();
        }

        using var connection = Open(api);
        var tables = new List<string>();
        using (var list = connection.CreateCommand())
        {
            list.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'";
            using var reader = list.ExecuteReader();
            while (reader.Read())
            {
                tables.Add(reader.GetString(0));
            }
        }

        foreach (var table in tables)
        {
            using var select = connection.CreateCommand();
            select.CommandText = $"SELECT * FROM \"{table}\"";
            using var reader = select.ExecuteReader();
            while (reader.Read())
            {
                if (Enumerable.Range(0, reader.FieldCount).Any(i => !reader.IsDBNull(i) && Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)!.Contains(text, StringComparison.Ordinal)))
                {
                    holding.Add(table);
                    break;
                }
            }
        }

        return holding.ToArray();
    }

    private static SqliteConnection Open(ApiFactory api)
    {
        var connection = new SqliteConnection($"Data Source={Path.Combine(api.DataDirectory, "headstore.db")};Pooling=False");
        connection.Open();
        return connection;
    }

    /// <summary>A query over a whole container (direct execution: the test server has no query plan).</summary>
    private static async Task<IReadOnlyList<JsonElement>> CosmosDocumentsAsync(ApiFactory api, string container, QueryDefinition query)
    {
        var database = MoneyScenario.Service<CosmosDatabase>(api);
        var documents = new List<JsonElement>();
        using var iterator = database.Container(container).GetItemQueryStreamIterator(query, requestOptions: new QueryRequestOptions { EnableOptimisticDirectExecution = true });
        while (iterator.HasMoreResults)
        {
            using var response = await iterator.ReadNextAsync();
            response.EnsureSuccessStatusCode();
            using var page = await JsonDocument.ParseAsync(response.Content);
            documents.AddRange(page.RootElement.GetProperty("Documents").EnumerateArray().Select(d => d.Clone()));
        }

        return documents;
    }
}
