using System.Net;
using Headstore.Api.Tests.Support;

namespace Headstore.Api.Tests.Admin;

public sealed class ModerationAndReputationAdminTests : IDisposable
{
    private readonly ApiFactory api = new();

    [Fact]
    public async Task PersonalInfoReports_QueueForModeration_AheadOfOthers()
    {
        var carol = TestUser.Customer();
        var question = await Scenario.AskAsync(api, carol);
        var id = question.GetProperty("id").GetString();
        var dan = api.ClientFor(TestUser.Customer("dan"));
        await (await dan.PostJson("/api/reports", new { targetType = "question", targetId = id, reason = "spam" })).Json(HttpStatusCode.Created);
        api.Clock.Advance(TimeSpan.FromMinutes(1));
        await (await dan.PostJson("/api/reports", new { targetType = "question", targetId = id, reason = "personal-info", note = "It shows a name" })).Json(HttpStatusCode.Created);
        await (await dan.PostJson("/api/reports", new { targetType = "question", targetId = "q_nope", reason = "spam" })).Problem(HttpStatusCode.NotFound);
        await (await dan.PostJson("/api/reports", new { targetType = "planet", targetId = id, reason = "weird" })).Problem(HttpStatusCode.BadRequest, "targetType");

        var queue = await (await api.ClientFor(TestUser.Admin()).GetAsync("/api/admin/reports")).Json(HttpStatusCode.OK);
        Assert.Equal(["personal-info", "spam"], queue.GetProperty("items").EnumerateArray().Select(r => r.GetProperty("reason").GetString()!).ToArray());
        await (await dan.GetAsync("/api/admin/reports")).Problem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Recompute_ReportsNoDifference_ForConsistentHistory_AndIsAdminOnly()
    {
        var alice = TestUser.Expert();
        await Scenario.CreateExpertAsync(api, alice);
        var questionId = (await Scenario.AskAsync(api, TestUser.Customer())).GetProperty("id").GetString()!;
        await Scenario.AnswerAsync(api, alice, questionId);
        await api.DrainOutboxAsync();
        var result = await (await api.ClientFor(TestUser.Admin()).PostJson("/api/admin/reputation/recompute", new { apply = false })).Json(HttpStatusCode.OK);
        Assert.Equal(1, result.GetProperty("expertsChecked").GetInt32());
        Assert.Empty(result.GetProperty("differences").EnumerateArray());
        await (await api.ClientFor(alice).PostJson("/api/admin/reputation/recompute", new { apply = false })).Problem(HttpStatusCode.Forbidden);
    }

    public void Dispose() => api.Dispose();
}
