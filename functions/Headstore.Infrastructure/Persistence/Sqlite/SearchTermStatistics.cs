using System.Collections.Concurrent;
using Microsoft.Data.Sqlite;

namespace Headstore.Infrastructure.Persistence.Sqlite;

/// <summary>
/// How many answered questions contain each search word, measured once per word and kept for a while. Words found in
/// a large share of all questions ("problem", "help", "week") carry almost no weight in BM25 but make every query walk
/// a long posting list; similar-question search leaves them out when rarer words are present.
/// </summary>
public sealed class SearchTermStatistics(TimeProvider clock)
{
    /// <summary>A word in more than this share of questions is too common to search by, when rarer words exist.</summary>
    public const double CommonShare = 0.05;

    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);
    private readonly ConcurrentDictionary<string, (long Documents, DateTimeOffset MeasuredAt)> frequencies = new(StringComparer.Ordinal);
    private (long Documents, DateTimeOffset MeasuredAt) total = (-1, DateTimeOffset.MinValue);

    /// <summary>The terms worth searching by: the selective ones, or the two rarest when all are common; never unknown words.</summary>
    public async Task<IReadOnlyList<string>> SelectiveTermsAsync(SqliteConnection connection, IReadOnlyList<string> terms, CancellationToken cancellationToken)
    {
        if (terms.Count == 0)
        {
            return terms;
        }

        var documents = await TotalAsync(connection, cancellationToken);
        var counted = new List<(string Term, long Documents)>(terms.Count);
        foreach (var term in terms)
        {
            var frequency = await FrequencyAsync(connection, term, cancellationToken);
            if (frequency > 0)
            {
                counted.Add((term, frequency));
            }
        }

        var threshold = Math.Max(50, (long)(documents * CommonShare));
        var selective = counted.Where(c => c.Documents <= threshold).Select(c => c.Term).ToArray();
        return selective.Length > 0 ? selective : counted.OrderBy(c => c.Documents).Take(2).Select(c => c.Term).ToArray();
    }

    private async Task<long> TotalAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (total.Documents >= 0 && now - total.MeasuredAt < Lifetime)
        {
            return total.Documents;
        }

        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM question_search";
        total = ((long)(await command.ExecuteScalarAsync(cancellationToken))!, now);
        return total.Documents;
    }

    private async Task<long> FrequencyAsync(SqliteConnection connection, string term, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (frequencies.TryGetValue(term, out var known) && now - known.MeasuredAt < Lifetime)
        {
            return known.Documents;
        }

        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM question_search WHERE question_search MATCH $term";
        command.Parameters.AddWithValue("$term", $"\"{term}\"");
        var documents = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        frequencies[term] = (documents, now);
        return documents;
    }
}
