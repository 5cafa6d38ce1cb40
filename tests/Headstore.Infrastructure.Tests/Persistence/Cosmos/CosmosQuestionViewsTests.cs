using Headstore.Infrastructure.Persistence.Cosmos;

namespace Headstore.Infrastructure.Tests.Persistence.Cosmos;

/// <summary>
/// Similar-question search on Cosmos DB. The full-text query cannot run against the test server (it has no full-text
/// search), so its text and parameters are checked here; the term fallback runs in the store contract tests.
/// </summary>
public sealed class CosmosQuestionViewsTests
{
    [Fact]
    public void FullTextQuery_SearchesAnsweredQuestions_RankedByBm25_WithEveryWordAParameter()
    {
        var query = CosmosQuestionViews.FullTextQuery("How do I claim my home office? \" OR 1=1 --", 5)!;

        Assert.Equal(
            "SELECT TOP @limit c.body, c.idx.terms, c.idx.titleTerms FROM c WHERE c.pk = @pk AND c.type = @type AND c.idx.answered = true " +
            "AND FullTextContainsAny(c.idx.text, @t0, @t1, @t2) ORDER BY RANK FullTextScore(c.idx.text, @t0, @t1, @t2)",
            query.QueryText);
        var parameters = query.GetQueryParameters().ToDictionary(p => p.Name, p => p.Value);
        // Stop words, one-letter words and quoting are gone: user text never becomes query syntax.
        Assert.Equal(["claim", "home", "office"], new[] { "@t0", "@t1", "@t2" }.Select(n => parameters[n]));
        Assert.Equal(5, parameters["@limit"]);
        Assert.Equal("questions", parameters["@pk"]);
        Assert.Equal("view:QuestionListEntry", parameters["@type"]);
    }

    [Fact]
    public void Queries_WithNoMeaningfulWord_AreNotRun()
    {
        Assert.Null(CosmosQuestionViews.FullTextQuery("how do I the", 5));
        Assert.Null(CosmosQuestionViews.TermQuery("  ?! ", 5));
    }

    [Fact]
    public void TermQuery_MatchesStoredStems()
    {
        var query = CosmosQuestionViews.TermQuery("Claims for freelancers", 50)!;
        Assert.Contains("(ARRAY_CONTAINS(c.idx.terms, @t0) OR ARRAY_CONTAINS(c.idx.terms, @t1))", query.QueryText, StringComparison.Ordinal);
        Assert.Equal(["claim", "freelancer"], query.GetQueryParameters().Where(p => p.Name.StartsWith("@t", StringComparison.Ordinal) && p.Name != "@type").Select(p => p.Value));
    }

    [Fact]
    public void Relevance_WeighsTitleWordsFourTimes()
    {
        var terms = CosmosQuestionViews.Stems("home office bedroom", 10).ToHashSet();
        var titleTerms = CosmosQuestionViews.Stems("Home offices", 10).ToHashSet();
        Assert.Equal(4 + 4 + 1, CosmosQuestionViews.Relevance("home office bedroom", terms, titleTerms));
        Assert.Equal(0, CosmosQuestionViews.Relevance("bicycle", terms, new HashSet<string>()));
    }

    [Fact]
    public void Snippet_IsAboutTwentyFourWordsAroundTheFirstMatch()
    {
        var body = string.Join(' ', Enumerable.Range(0, 60).Select(i => i == 40 ? "mortgage" : $"w{i}"));
        var snippet = CosmosQuestionViews.Snippet(body, "mortgage interest");
        Assert.StartsWith("…w32 ", snippet, StringComparison.Ordinal);
        Assert.Contains("mortgage", snippet, StringComparison.Ordinal);
        Assert.EndsWith("w55…", snippet, StringComparison.Ordinal);
        Assert.Equal("short body", CosmosQuestionViews.Snippet("short body", "x"));
    }

    [Fact]
    public void Summary_IndexesAnsweredQuestionsOnly()
    {
        var open = CosmosQuestionViews.Summary(Build.Question());
        var answered = CosmosQuestionViews.Summary(Build.Answered(Build.Question()));
        Assert.Empty((string[])open.Index.Single(f => f.Field == "terms").Value!);
        Assert.Contains("rent", (string[])answered.Index.Single(f => f.Field == "terms").Value!);
        Assert.Equal(true, answered.Index.Single(f => f.Field == "answered").Value);
    }
}
