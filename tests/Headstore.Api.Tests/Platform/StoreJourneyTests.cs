using System.Net;
using System.Text.Json;
using Headstore.Api.Tests.Support;

namespace Headstore.Api.Tests.Platform;

/// <summary>
/// Journeys that cross every persistence port (documents, outbox and handlers, reputation, views and lists, sweeps,
/// moderation): run on SQLite by default and on Cosmos DB with HEADSTORE_TEST_STORE=Cosmos (tests/run-cosmos-journeys.sh).
/// </summary>
public sealed class StoreJourneyTests : IDisposable
{
    private readonly ApiFactory api = new();

    private static string Id(JsonElement element) => element.GetProperty("id").GetString()!;

    [Fact]
    public async Task AnsweredQuestion_EarnsReputation_IsListed_AndFoundAsSimilar()
    {
        var alice = TestUser.Expert("alice");
        var carol = TestUser.Customer("carol");
        await Scenario.CreateExpertAsync(api, alice);
        var question = await Scenario.AskAsync(api, carol, "Can I claim my home office as a freelancer?", "I work from a spare bedroom at home.");
        await Scenario.AnswerAsync(api, alice, Id(question));
        Assert.True(await api.DrainOutboxAsync() >= 2);

        var reputation = await (await api.ClientFor(null).GetAsync("/api/experts/expert-alice/reputation")).Json(HttpStatusCode.OK);
        Assert.True(reputation.GetProperty("total").GetInt64() > 0);
        var profile = await (await api.ClientFor(null).GetAsync("/api/experts/expert-alice")).Json(HttpStatusCode.OK);
        Assert.Equal(reputation.GetProperty("total").GetInt64(), profile.GetProperty("reputation").GetInt64());

        // Handling the same events again changes nothing.
        Assert.Equal(0, await api.DrainOutboxAsync());

        var mine = await (await api.ClientFor(carol).GetAsync("/api/questions?mine=true")).Json(HttpStatusCode.OK);
        Assert.Equal(1, Assert.Single(mine.GetProperty("items").EnumerateArray()).GetProperty("answerCount").GetInt32());
        var answered = await (await api.ClientFor(null).GetAsync("/api/questions?status=answered&category=tax-accounting")).Json(HttpStatusCode.OK);
        Assert.Equal(Id(question), Id(Assert.Single(answered.GetProperty("items").EnumerateArray())));

        var similar = await (await api.ClientFor(null).GetAsync("/api/questions/similar?q=home%20office%20claims")).Json(HttpStatusCode.OK);
        Assert.Equal(Id(question), Id(similar.GetProperty("items").EnumerateArray().First()));
    }

    [Fact]
    public async Task Conversation_IsListedForBothParties_AndAnUnansweredOne_IsFlaggedOverdue()
    {
        var alice = TestUser.Expert("alice");
        var carol = TestUser.Customer("carol");
        await Scenario.CreateExpertAsync(api, alice);
        var thread = await (await api.ClientFor(carol).PostJson("/api/experts/expert-alice/messages", new { subject = "VAT registration", body = "Do I need to register?" })).Json(HttpStatusCode.Created);
        api.Clock.Advance(TimeSpan.FromMinutes(1));
        await (await api.ClientFor(alice).PostJson($"/api/messages/{Id(thread)}/replies", new { body = "Only above the threshold." })).Json(HttpStatusCode.Created);
        api.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await (await api.ClientFor(carol).PostJson("/api/experts/expert-alice/messages", new { subject = "Payroll", body = "How do I run payroll?" })).Json(HttpStatusCode.Created);
        await api.DrainOutboxAsync();

        var carolsList = await (await api.ClientFor(carol).GetAsync("/api/me/messages?limit=1")).Json(HttpStatusCode.OK);
        Assert.Equal(Id(second), Id(Assert.Single(carolsList.GetProperty("items").EnumerateArray())));
        var next = await (await api.ClientFor(carol).GetAsync($"/api/me/messages?limit=1&cursor={carolsList.GetProperty("nextCursor").GetString()}")).Json(HttpStatusCode.OK);
        Assert.Equal(Id(thread), Id(Assert.Single(next.GetProperty("items").EnumerateArray())));
        var alicesList = await (await api.ClientFor(alice).GetAsync("/api/me/messages")).Json(HttpStatusCode.OK);
        Assert.Equal(2, alicesList.GetProperty("items").GetArrayLength());

        api.Clock.Advance(TimeSpan.FromHours(25));
        await api.RunDueJobsAsync();
        await api.DrainOutboxAsync();

        var overdue = await (await api.ClientFor(TestUser.Admin()).GetAsync("/api/admin/overdue-requests")).Json(HttpStatusCode.OK);
        var flagged = Assert.Single(overdue.GetProperty("items").EnumerateArray());
        Assert.Equal(Id(second), flagged.GetProperty("requestId").GetString());
    }

    [Fact]
    public async Task Reports_ReachTheModerationQueue_PersonalInfoFirst()
    {
        var carol = TestUser.Customer("carol");
        var question = await Scenario.AskAsync(api, carol);
        await (await api.ClientFor(carol).PostJson("/api/reports", new { targetType = "question", targetId = Id(question), reason = "spam" })).Json(HttpStatusCode.Created);
        await (await api.ClientFor(TestUser.Customer("dan")).PostJson("/api/reports", new { targetType = "question", targetId = Id(question), reason = "personal-info" })).Json(HttpStatusCode.Created);

        var queue = await (await api.ClientFor(TestUser.Admin()).GetAsync("/api/admin/reports")).Json(HttpStatusCode.OK);

        Assert.Equal(["personal-info", "spam"], queue.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("reason").GetString()));
    }

    public void Dispose() => api.Dispose();
}
