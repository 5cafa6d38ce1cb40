using System.Text;
using Headstore.Domain.Questions;
using Headstore.Infrastructure.Persistence.Sqlite;
using Microsoft.Azure.Cosmos;

namespace Headstore.Infrastructure.Persistence.Cosmos;

/// <summary>What the question list and similar-question search need of a question, kept in the "questions" view partition.</summary>
public sealed record QuestionListItem(string Id, string CategoryId, string Title, string Body, int AnswerCount, DateTimeOffset AskedAt);

/// <summary>
/// The question summary view and the two ways of searching it: Cosmos full-text search (production) and shared-word
/// matching over a stored term list (any Cosmos-protocol server, including the test server).
/// </summary>
public static class CosmosQuestionViews
{
    /// <summary>Full-text and term fields are capped so a question with fifty long answers stays a small view document.</summary>
    public const int MaxSearchTextLength = 20_000;
    public const int MaxTerms = 400;
    public const int MaxQueryTerms = 16;

    public static CosmosView Summary(Question question)
    {
        var answered = question.Status == QuestionStatus.Answered;
        var text = Cap(string.Join("\n", new[] { question.Title, question.Body }.Concat(question.Answers.Select(a => a.Body))));
        return new CosmosView(
            "QuestionListEntry",
            CosmosDocumentTypes.QuestionListPartition,
            question.Id.Value,
            new QuestionListItem(question.Id.Value, question.CategoryId.Value, question.Title, question.Body, question.Answers.Count, question.AskedAt),
            [
                ("categoryId", question.CategoryId.Value),
                ("status", question.Status.ToString()),
                ("askerId", question.AskerId.Value),
                ("answered", answered),
                ("sort", CosmosDocumentTypes.Time(question.AskedAt) + "|" + question.Id.Value),
                ("terms", answered ? Stems(text, MaxTerms) : Array.Empty<string>()),
                ("titleTerms", answered ? Stems(question.Title, 64) : Array.Empty<string>()),
                ("text", answered ? text : ""),
            ]);
    }

    /// <summary>The search words of free text: meaningful words (as the SQLite index sees them) reduced to a crude stem.</summary>
    public static string[] Stems(string text, int limit) =>
        QuestionSearchIndex.Terms(text, int.MaxValue).Select(Stem).Distinct(StringComparer.Ordinal).Take(limit).ToArray();

    /// <summary>
    /// Cosmos full-text search: answered questions containing any of the words, best BM25 score first. Every word is a
    /// parameter, so user text never becomes query syntax. Null when the text has no meaningful word.
    /// </summary>
    public static QueryDefinition? FullTextQuery(string text, int limit)
    {
        var terms = QuestionSearchIndex.Terms(text, MaxQueryTerms);
        if (terms.Count == 0)
        {
            return null;
        }

        var names = terms.Select((_, i) => $"@t{i}").ToArray();
        var list = string.Join(", ", names);
        var query = new QueryDefinition(
            $"SELECT TOP @limit c.body, c.idx.terms, c.idx.titleTerms FROM c WHERE c.pk = @pk AND c.type = @type AND c.idx.answered = true " +
            $"AND FullTextContainsAny(c.idx.text, {list}) ORDER BY RANK FullTextScore(c.idx.text, {list})")
            .WithParameter("@limit", limit)
            .WithParameter("@pk", CosmosDocumentTypes.QuestionListPartition)
            .WithParameter("@type", CosmosDocuments.ViewType("QuestionListEntry"));
        for (var i = 0; i < terms.Count; i++)
        {
            query = query.WithParameter(names[i], terms[i]);
        }

        return query;
    }

    /// <summary>
    /// The fallback: answered questions sharing at least one stem (ARRAY_CONTAINS on the stored term list), ranked here.
    /// Null when the text has no meaningful word.
    /// </summary>
    public static QueryDefinition? TermQuery(string text, int candidates)
    {
        var stems = Stems(text, MaxQueryTerms);
        if (stems.Length == 0)
        {
            return null;
        }

        var conditions = string.Join(" OR ", stems.Select((_, i) => $"ARRAY_CONTAINS(c.idx.terms, @t{i})"));
        var query = new QueryDefinition(
            $"SELECT TOP @limit c.body, c.idx.terms, c.idx.titleTerms FROM c WHERE c.pk = @pk AND c.type = @type AND c.idx.answered = true AND ({conditions})")
            .WithParameter("@limit", candidates)
            .WithParameter("@pk", CosmosDocumentTypes.QuestionListPartition)
            .WithParameter("@type", CosmosDocuments.ViewType("QuestionListEntry"));
        for (var i = 0; i < stems.Length; i++)
        {
            query = query.WithParameter($"@t{i}", stems[i]);
        }

        return query;
    }

    /// <summary>
    /// Shared-word relevance: each shared stem counts once, four times when it is in the title (the weights of the
    /// SQLite BM25 ranking), rarer words are not weighted. Good enough to order a handful of candidates.
    /// </summary>
    public static double Relevance(string text, IReadOnlyCollection<string> terms, IReadOnlyCollection<string> titleTerms)
    {
        var score = 0.0;
        foreach (var stem in Stems(text, MaxQueryTerms))
        {
            if (titleTerms.Contains(stem))
            {
                score += 4;
            }
            else if (terms.Contains(stem))
            {
                score += 1;
            }
        }

        return score;
    }

    /// <summary>About 24 words of the body around the first word of the search, with an ellipsis where it was cut (like SQLite's snippet()).</summary>
    public static string Snippet(string body, string text)
    {
        var words = body.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (words.Length <= 24)
        {
            return string.Join(' ', words);
        }

        var stems = Stems(text, MaxQueryTerms).ToHashSet(StringComparer.Ordinal);
        var first = Array.FindIndex(words, w => Stems(w, 1) is [var s] && stems.Contains(s));
        var start = Math.Clamp(first < 0 ? 0 : first - 8, 0, words.Length - 24);
        var builder = new StringBuilder();
        if (start > 0)
        {
            builder.Append('…');
        }

        builder.AppendJoin(' ', words.Skip(start).Take(24));
        if (start + 24 < words.Length)
        {
            builder.Append('…');
        }

        return builder.ToString();
    }

    /// <summary>A crude English suffix strip, so "claims" finds "claim" and "filing" finds "file" (SQLite uses the Porter stemmer).</summary>
    internal static string Stem(string word)
    {
        foreach (var (suffix, replacement) in Suffixes)
        {
            if (word.Length - suffix.Length >= 3 && word.EndsWith(suffix, StringComparison.Ordinal))
            {
                return word[..^suffix.Length] + replacement;
            }
        }

        return word;
    }

    private static readonly (string Suffix, string Replacement)[] Suffixes =
        [("ies", "y"), ("ing", ""), ("ed", ""), ("es", ""), ("s", ""), ("e", "")];

    private static string Cap(string text) => text.Length <= MaxSearchTextLength ? text : text[..MaxSearchTextLength];
}
