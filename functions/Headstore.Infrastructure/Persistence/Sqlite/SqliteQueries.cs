using System.Globalization;
using System.Text;
using System.Text.Json;
using Headstore.Application.Common;
using Headstore.Infrastructure.Serialization;
using Microsoft.Data.Sqlite;

namespace Headstore.Infrastructure.Persistence.Sqlite;

/// <summary>Shared helpers for the read-side queries: reading documents and keyset-paging cursors.</summary>
internal static class SqliteQueries
{
    public static async Task<IReadOnlyList<T>> ReadDocumentsAsync<T>(SqliteCommand command, CancellationToken cancellationToken)
    {
        var items = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(JsonSerializer.Deserialize<T>(reader.GetString(0), JsonDefaults.Options)!);
        }

        return items;
    }

    /// <summary>A cursor is the sort key and id of the last item, opaque to clients.</summary>
    public static string EncodeCursor(string sortKey, string id) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{sortKey}\n{id}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static (string SortKey, string Id)? DecodeCursor(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor))
        {
            return null;
        }

        try
        {
            var padded = cursor.Replace('-', '+').Replace('_', '/');
            padded += new string('=', (4 - (padded.Length % 4)) % 4);
            var parts = Encoding.UTF8.GetString(Convert.FromBase64String(padded)).Split('\n');
            return parts.Length == 2 ? (parts[0], parts[1]) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    /// <summary>Reads one page of documents with keyset paging; the query must select (body, sort_key, id) ordered by sort key, with LIMIT limit + 1.</summary>
    public static async Task<Page<T>> ReadPageAsync<T>(SqliteCommand command, int limit, CancellationToken cancellationToken)
    {
        var items = new List<T>(limit);
        string? next = null;
        var more = false;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (items.Count == limit)
            {
                more = true;
                break;
            }

            items.Add(JsonSerializer.Deserialize<T>(reader.GetString(0), JsonDefaults.Options)!);
            next = EncodeCursor(Convert.ToString(reader.GetValue(1), CultureInfo.InvariantCulture)!, reader.GetString(2));
        }

        return new Page<T>(items, more ? next : null);
    }
}
