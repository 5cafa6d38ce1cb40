using System.Net;
using Headstore.Api.Tests.Support;

namespace Headstore.Api.Tests.Questions;

public sealed class QuestionJourneyTests : IDisposable
{
    private readonly ApiFactory api = new();
    private readonly TestUser carol = TestUser.Customer("carol");
    private readonly TestUser dan = TestUser.Customer("dan");
    private readonly TestUser alice = TestUser.Expert("alice");

    [Fact]
    public async Task AskAnswerRateVote_EndToEnd_UpdatesReputationRatingAndMailsTheAsker()
    {
        await Scenario.CreateExpertAsync(api, alice);
        var question = await Scenario.AskAsync(api, carol, body: "Reach me at carol.smith@example.com or 020 7946 0958. Can I claim my spare room?");
        var questionId = question.GetProperty("id").GetString()!;
        Assert.DoesNotContain("7946", question.GetProperty("body").GetString());
        Assert.DoesNotContain("carol.smith@example.com", question.GetProperty("body").GetString());
        Assert.True(question.GetProperty("contactDetailsMasked").GetBoolean());

        var answer = await Scenario.AnswerAsync(api, alice, questionId);
        var answerId = answer.GetProperty("id").GetString()!;
        await (await api.ClientFor(carol).PostJson($"/api/answers/{answerId}/rating", new { stars = 5 })).Json(HttpStatusCode.OK);
        await (await api.ClientFor(dan).PutJson($"/api/answers/{answerId}/vote", new { direction = "up" })).Json(HttpStatusCode.OK);
        await api.DrainOutboxAsync();

        var reputation = await (await api.ClientFor(null).GetAsync("/api/experts/expert-alice/reputation")).Json(HttpStatusCode.OK);
        Assert.Equal(2 + 15 + 10, reputation.GetProperty("total").GetInt64());
        var profile = await (await api.ClientFor(null).GetAsync("/api/experts/expert-alice")).Json(HttpStatusCode.OK);
        Assert.Equal(5.0m, profile.GetProperty("rating").GetDecimal());
        var stats = await (await api.ClientFor(alice).GetAsync("/api/experts/me/statistics")).Json(HttpStatusCode.OK);
        Assert.Equal(1, stats.GetProperty("answers").GetInt32());

        var mail = Assert.Single(api.MailFiles(), m => m.Contains("To: Carol Customer <carol@example.com>"));
        Assert.Contains("Subject: Your question has a new answer", mail);
        Assert.Contains(questionId, mail);
    }

    [Fact]
    public async Task Similar_FindsAnsweredQuestionsBestFirst_WithSnippet_AndIgnoresUnanswered()
    {
        await Scenario.CreateExpertAsync(api, alice);
        var printer = await Scenario.AskAsync(api, carol, "Printer offline after Windows update", "My network printer shows offline since the update.", "computers-it");
        var wifi = await Scenario.AskAsync(api, carol, "Laptop Wi-Fi keeps dropping", "The Wi-Fi disconnects every few minutes on my laptop.", "computers-it");
        await Scenario.AskAsync(api, dan, "Printer jams on thick paper", "Unanswered question about printer paper.", "computers-it");
        await Scenario.AnswerAsync(api, alice, printer.GetProperty("id").GetString()!, "Re-add the printer by IP address.");
        await Scenario.AnswerAsync(api, alice, wifi.GetProperty("id").GetString()!, "Disable adapter power saving.");

        var found = await (await api.ClientFor(null).GetAsync("/api/questions/similar?q=printer%20says%20offline")).Json(HttpStatusCode.OK);
        var items = found.GetProperty("items").EnumerateArray().ToArray();
        Assert.Single(items);
        Assert.Equal(printer.GetProperty("id").GetString(), items[0].GetProperty("id").GetString());
        Assert.Contains("offline", items[0].GetProperty("snippet").GetString(), StringComparison.OrdinalIgnoreCase);

        var injection = await (await api.ClientFor(null).GetAsync("/api/questions/similar?q=%22printer%22%20OR%20NEAR(*)")).Json(HttpStatusCode.OK);
        Assert.NotEmpty(injection.GetProperty("items").EnumerateArray());
        await (await api.ClientFor(null).GetAsync("/api/questions/similar?q=a")).Problem(HttpStatusCode.BadRequest, "q");
    }

    [Fact]
    public async Task Refusals_WrongRole_WrongOwner_BadFields_Missing()
    {
        await Scenario.CreateExpertAsync(api, alice);
        await (await api.ClientFor(alice).PostJson("/api/questions", new { categoryId = "law", title = "Experts cannot ask here", body = "x" })).Problem(HttpStatusCode.Forbidden);
        await (await api.ClientFor(carol).PostJson("/api/questions", new { categoryId = "nope", title = "short", body = "" })).Problem(HttpStatusCode.BadRequest, "title");
        var question = await Scenario.AskAsync(api, carol);
        var questionId = question.GetProperty("id").GetString()!;
        await (await api.ClientFor(dan).PostJson($"/api/questions/{questionId}/answers", new { body = "I am not an expert" })).Problem(HttpStatusCode.Forbidden);
        await (await api.ClientFor(TestUser.Expert("nobody")).PostJson($"/api/questions/{questionId}/answers", new { body = "No profile yet" })).Problem(HttpStatusCode.UnprocessableEntity);
        var answerId = (await Scenario.AnswerAsync(api, alice, questionId)).GetProperty("id").GetString()!;
        await (await api.ClientFor(dan).PostJson($"/api/answers/{answerId}/rating", new { stars = 5 })).Problem(HttpStatusCode.Forbidden);
        await (await api.ClientFor(carol).PostJson($"/api/answers/{answerId}/rating", new { stars = 0 })).Problem(HttpStatusCode.BadRequest, "stars");
        await (await api.ClientFor(alice).PutJson($"/api/answers/{answerId}/vote", new { direction = "up" })).Problem(HttpStatusCode.UnprocessableEntity);
        await (await api.ClientFor(dan).PutJson($"/api/answers/{answerId}/vote", new { direction = "sideways" })).Problem(HttpStatusCode.BadRequest, "direction");
        await (await api.ClientFor(null).GetAsync("/api/questions/q_missing")).Problem(HttpStatusCode.NotFound);
        await (await api.ClientFor(dan).PostJson("/api/answers/garbage/rating", new { stars = 3 })).Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Votes_AreOnePerUser_ChangeableAndPrivate()
    {
        await Scenario.CreateExpertAsync(api, alice);
        var questionId = (await Scenario.AskAsync(api, carol)).GetProperty("id").GetString()!;
        var answerId = (await Scenario.AnswerAsync(api, alice, questionId)).GetProperty("id").GetString()!;
        var client = api.ClientFor(dan);
        await client.PutJson($"/api/answers/{answerId}/vote", new { direction = "up" });
        await client.PutJson($"/api/answers/{answerId}/vote", new { direction = "up" });
        var down = await (await client.PutJson($"/api/answers/{answerId}/vote", new { direction = "down" })).Json(HttpStatusCode.OK);
        Assert.Equal(0, down.GetProperty("upvotes").GetInt32());
        Assert.Equal(1, down.GetProperty("downvotes").GetInt32());
        Assert.Equal("down", down.GetProperty("myVote").GetString());
        await api.DrainOutboxAsync();

        var publicView = await (await api.ClientFor(null).GetAsync($"/api/questions/{questionId}")).Json(HttpStatusCode.OK);
        var raw = publicView.GetRawText();
        Assert.DoesNotContain("customer-dan", raw);
        Assert.Equal("none", publicView.GetProperty("answers")[0].GetProperty("myVote").GetString());

        var reputation = await (await api.ClientFor(null).GetAsync("/api/experts/expert-alice/reputation")).Json(HttpStatusCode.OK);
        Assert.Equal(2 - 2, reputation.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task ConcurrentVotes_FromManyUsers_AreAllCounted()
    {
        await Scenario.CreateExpertAsync(api, alice);
        var questionId = (await Scenario.AskAsync(api, carol)).GetProperty("id").GetString()!;
        var answerId = (await Scenario.AnswerAsync(api, alice, questionId)).GetProperty("id").GetString()!;
        var responses = await Task.WhenAll(Enumerable.Range(0, 25).Select(i => api.ClientFor(TestUser.Customer($"voter{i}")).PutJson($"/api/answers/{answerId}/vote", new { direction = "up" })));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var view = await (await api.ClientFor(null).GetAsync($"/api/questions/{questionId}")).Json(HttpStatusCode.OK);
        Assert.Equal(25, view.GetProperty("answers")[0].GetProperty("upvotes").GetInt32());
        await api.DrainOutboxAsync();
        var reputation = await (await api.ClientFor(null).GetAsync("/api/experts/expert-alice/reputation")).Json(HttpStatusCode.OK);
        Assert.Equal(2 + 200, reputation.GetProperty("total").GetInt64());
    }

    [Fact]
    public async Task ListQuestions_ByCategoryAndStatus_Pages()
    {
        for (var i = 0; i < 5; i++)
        {
            api.Clock.Advance(TimeSpan.FromMinutes(1));
            await Scenario.AskAsync(api, carol, $"Question number {i} about tax returns", category: i % 2 == 0 ? "tax-accounting" : "law");
        }

        var client = api.ClientFor(null);
        var page1 = await (await client.GetAsync("/api/questions?category=tax-accounting&status=open&limit=2")).Json(HttpStatusCode.OK);
        Assert.Equal(["Question number 4 about tax returns", "Question number 2 about tax returns"], page1.GetProperty("items").EnumerateArray().Select(q => q.GetProperty("title").GetString()!).ToArray());
        var page2 = await (await client.GetAsync($"/api/questions?category=tax-accounting&status=open&limit=2&cursor={page1.GetProperty("nextCursor").GetString()}")).Json(HttpStatusCode.OK);
        Assert.Equal("Question number 0 about tax returns", Assert.Single(page2.GetProperty("items").EnumerateArray()).GetProperty("title").GetString());
        await (await client.GetAsync("/api/questions?status=weird")).Problem(HttpStatusCode.BadRequest, "status");
        await (await client.GetAsync("/api/questions?mine=true")).Problem(HttpStatusCode.Unauthorized);
    }

    public void Dispose() => api.Dispose();
}
