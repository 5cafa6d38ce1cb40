using System.Text;
using System.Text.RegularExpressions;
using Headstore.Domain.Questions;
using Microsoft.Data.Sqlite;

namespace Headstore.Infrastructure.Persistence.Sqlite;

/// <summary>
/// Keeps the FTS5 index of answered questions in step with the questions table, in the same transaction.
/// Indexed by the question row's rowid, so an update replaces its entry with two indexed statements.
/// </summary>
internal static partial class QuestionSearchIndex
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "do", "does", "for", "from", "how", "i", "if", "in", "into", "is", "it",
        "its", "my", "me", "no", "not", "of", "on", "or", "our", "so", "such", "that", "the", "their", "then", "there", "these", "they",
        "this", "to", "was", "we", "what", "when", "where", "which", "who", "why", "will", "with", "you", "your", "should", "would", "could",
        "have", "has", "had", "get", "any", "some", "about", "after", "before",
    };

    public static async Task WriteAsync(SqliteConnection connection, Question question, CancellationToken cancellationToken)
    {
        await using var rowid = connection.CreateCommand();
        rowid.CommandText = "SELECT rowid FROM questions WHERE id = $id";
        rowid.Parameters.AddWithValue("$id", question.Id.Value);
        var row = (long)(await rowid.ExecuteScalarAsync(cancellationToken))!;

        await using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM question_search WHERE rowid = $rowid";
        delete.Parameters.AddWithValue("$rowid", row);
        await delete.ExecuteNonQueryAsync(cancellationToken);

        if (question.Status != QuestionStatus.Answered)
        {
            return;
        }

        await using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO question_search (rowid, title, body, answers) VALUES ($rowid, $title, $body, $answers)";
        insert.Parameters.AddWithValue("$rowid", row);
        insert.Parameters.AddWithValue("$title", question.Title);
        insert.Parameters.AddWithValue("$body", question.Body);
        insert.Parameters.AddWithValue("$answers", string.Join("\n", question.Answers.Select(a => a.Body)));
        await insert.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The meaningful words of a text: lower-cased, no stop words, at most 16, in order.</summary>
    public static IReadOnlyList<string> Terms(string text) => Words().Matches(text.ToLowerInvariant())
        .Select(m => m.Value)
        .Where(w => w.Length > 1 && !StopWords.Contains(w))
        .Distinct()
        .Take(16)
        .ToArray();

    /// <summary>
    /// A safe FTS5 query: each word quoted (no operator injection), joined by OR, so BM25 ranks questions sharing more
    /// and rarer words first. Null when nothing meaningful is left.
    /// </summary>
    public static string? ToMatchQuery(IReadOnlyList<string> terms)
    {
        if (terms.Count == 0)
        {
            return null;
        }

        var builder = new StringBuilder();
        foreach (var term in terms)
        {
            if (builder.Length > 0)
            {
                builder.Append(" OR ");
            }

            builder.Append('"').Append(term).Append('"');
        }

        return builder.ToString();
    }

    public static string? ToMatchQuery(string text) => ToMatchQuery(Terms(text));

    /// <summary>The meaningful words of a text, lower-cased, without stop words, in order of first appearance (shared with the Cosmos store).</summary>
    internal static IReadOnlyList<string> Terms(string text, int limit) =>
        Words().Matches(text.ToLowerInvariant())
            .Select(m => m.Value)
            .Where(w => w.Length > 1 && !StopWords.Contains(w))
            .Distinct()
            .Take(limit)
            .ToArray();

    [GeneratedRegex(@"[\p{L}\p{N}]+", RegexOptions.CultureInvariant)]
    private static partial Regex Words();
}
