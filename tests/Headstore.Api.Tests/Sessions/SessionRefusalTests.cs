using System.Net;
using Headstore.Api.Tests.Support;
using static Headstore.Api.Tests.Support.SessionScenario;

namespace Headstore.Api.Tests.Sessions;

/// <summary>What a session start or action refuses, with a clear problem, and that a refusal leaves nothing behind.</summary>
public sealed class SessionRefusalTests : IDisposable
{
    private readonly ApiFactory api = new();
    private readonly TestUser carol = TestUser.Customer();
    private readonly TestUser dan = TestUser.Customer("dan");
    private readonly TestUser alice = TestUser.Expert();

    [Fact]
    public async Task AnOfflineExpert_CannotBeCalled()
    {
        await Scenario.CreateExpertAsync(api, alice);
        await MoneyScenario.SaveCardAsync(api, carol);

        var problem = await (await StartAsync(api, carol, new { expertId = alice.Subject, mode = "voice" })).Problem(HttpStatusCode.UnprocessableEntity);

        Assert.Equal("expert-offline", problem.GetProperty("code").GetString());
        Assert.Empty(await MoneyScenario.TrialBalanceAsync(api));
    }

    [Fact]
    public async Task ABusyExpert_CannotBeCalledBySomeoneElse_AndTheSecondCallersCardIsNotHeld()
    {
        await ReadyAsync(api, alice, carol);
        await MoneyScenario.SaveCardAsync(api, dan);
        await StartedAsync(api, carol, alice);

        var problem = await (await StartAsync(api, dan, new { expertId = alice.Subject, mode = "voice" })).Problem(HttpStatusCode.Conflict);

        Assert.Equal("expert-busy", problem.GetProperty("code").GetString());
        var dansSessions = await (await api.ClientFor(dan).GetAsync("/api/sessions")).Json(HttpStatusCode.OK);
        Assert.Empty(dansSessions.GetProperty("items").EnumerateArray());
    }

    [Fact]
    public async Task TwoCustomersCallingAtOnce_OnlyOneGetsThrough_AndTheOtherHoldIsReleased()
    {
        await ReadyAsync(api, alice, carol);
        await MoneyScenario.SaveCardAsync(api, dan);

        var responses = await Task.WhenAll(
            StartAsync(api, carol, new { expertId = alice.Subject, mode = "voice" }),
            StartAsync(api, dan, new { expertId = alice.Subject, mode = "voice" }));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Conflict);
        var loser = responses.Single(r => r.StatusCode == HttpStatusCode.Conflict);
        Assert.Equal("expert-busy", (await loser.Problem(HttpStatusCode.Conflict)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task AnotherCustomer_CannotSeeOrTouchTheSession_AndTheCustomerCannotAcceptIt()
    {
        await ReadyAsync(api, alice, carol);
        var sessionId = await StartedAsync(api, carol, alice);

        await (await api.ClientFor(dan).GetAsync($"/api/sessions/{sessionId}")).Problem(HttpStatusCode.NotFound);
        await (await api.ClientFor(dan).GetAsync($"/api/sessions/{sessionId}/meter")).Problem(HttpStatusCode.NotFound);
        await (await api.ClientFor(dan).GetAsync($"/api/sessions/{sessionId}/meter/stream")).Problem(HttpStatusCode.NotFound);
        await ActAsync(api, dan, sessionId, "end", HttpStatusCode.NotFound);
        await (await api.ClientFor(dan).PostJson($"/api/local-calls/{sessionId}/join", new { participant = "customer" })).Problem(HttpStatusCode.NotFound);
        await (await api.ClientFor(null).GetAsync($"/api/sessions/{sessionId}")).Problem(HttpStatusCode.Unauthorized);
        await ActAsync(api, carol, sessionId, "accept", HttpStatusCode.Forbidden);
        await ActAsync(api, carol, sessionId, "decline", HttpStatusCode.Forbidden);

        var admin = await (await api.ClientFor(TestUser.Admin()).GetAsync($"/api/sessions/{sessionId}")).Json(HttpStatusCode.OK);
        Assert.Equal("admin", admin.GetProperty("yourRole").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, admin.GetProperty("call").ValueKind);
        Assert.Equal("ringing", (await GetAsync(api, carol, sessionId)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task WithoutASavedCard_OrWithACardThatDeclines_NothingRings()
    {
        await Scenario.CreateExpertAsync(api, alice);
        await GoOnlineAsync(api, alice);

        var noCard = await (await StartAsync(api, carol, new { expertId = alice.Subject, mode = "voice" })).Problem(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("payment-method-required", noCard.GetProperty("code").GetString());

        await MoneyScenario.SaveCardAsync(api, carol, "pm_card_chargeCustomerFail");
        var declined = await (await StartAsync(api, carol, new { expertId = alice.Subject, mode = "voice" })).Problem(HttpStatusCode.PaymentRequired);
        Assert.Equal("generic-decline", declined.GetProperty("code").GetString());

        await api.DrainOutboxAsync();
        Assert.Equal("online", await ExpertStatusAsync(api, alice));
        Assert.Empty((await (await api.ClientFor(carol).GetAsync("/api/sessions")).Json(HttpStatusCode.OK)).GetProperty("items").EnumerateArray());
        Assert.Empty(await MoneyScenario.TrialBalanceAsync(api));
        Assert.DoesNotContain(api.MailFiles(), m => m.Contains("is calling you", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"mode":"video"}""", "expertId")]
    [InlineData("""{"expertId":"expert-alice","link":"pl_0123456789abcdefghjkmnpqrs","mode":"video"}""", "expertId")]
    [InlineData("""{"expertId":"expert-alice","mode":"hologram"}""", "mode")]
    [InlineData("""{"link":"not-a-link","mode":"video"}""", "link")]
    public async Task ABadStartRequest_NamesTheField(string body, string field)
    {
        await ReadyAsync(api, alice, carol);

        var response = await api.ClientFor(carol).PostAsync("/api/sessions", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        await response.Problem(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task UnknownExpertsAndLinks_AreNotFound_AndOnlyCustomersStartSessions()
    {
        await ReadyAsync(api, alice, carol);

        await (await StartAsync(api, carol, new { expertId = "expert-nobody", mode = "video" })).Problem(HttpStatusCode.NotFound);
        await (await StartAsync(api, carol, new { link = "fl_0123456789abcdefghjkmnpqrs", mode = "video" })).Problem(HttpStatusCode.NotFound);
        await (await StartAsync(api, TestUser.Expert("bob"), new { expertId = alice.Subject, mode = "video" })).Problem(HttpStatusCode.Forbidden);
        var both = new TestUser(alice.Subject, alice.Name, alice.Email, "expert", "customer");
        var self = await (await StartAsync(api, both, new { expertId = alice.Subject, mode = "video" })).Problem(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("own-profile", self.GetProperty("code").GetString());
    }

    [Fact]
    public async Task EndingOrJoiningAnEndedSession_IsHarmlessOrRefused_AndReviewsNeedAConnectedEndedSession()
    {
        await ReadyAsync(api, alice, carol);
        var sessionId = await StartedAsync(api, carol, alice);
        var early = await api.ClientFor(carol).PostJson($"/api/sessions/{sessionId}/review", new { stars = 5, text = "" });
        Assert.Equal("session-not-reviewable", (await early.Problem(HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString());
        await ActAsync(api, alice, sessionId, "decline");

        Assert.Equal("declined", (await ActAsync(api, carol, sessionId, "end")).GetProperty("state").GetString());
        var join = await api.ClientFor(carol).PostJson($"/api/local-calls/{sessionId}/join", new { participant = "customer" });
        Assert.Equal("call-closed", (await join.Problem(HttpStatusCode.UnprocessableEntity)).GetProperty("code").GetString());
        await (await api.ClientFor(carol).PostJson($"/api/sessions/{sessionId}/review", new { stars = 5, text = "" })).Problem(HttpStatusCode.UnprocessableEntity);
        await (await api.ClientFor(carol).PostJson($"/api/sessions/{sessionId}/review", new { text = "no stars" })).Problem(HttpStatusCode.BadRequest, "stars");
        await (await api.ClientFor(alice).PostJson($"/api/sessions/{sessionId}/review", new { stars = 5 })).Problem(HttpStatusCode.Forbidden);
        await (await api.ClientFor(carol).PostJson($"/api/local-calls/{sessionId}/join", new { participant = "someone" })).Problem(HttpStatusCode.BadRequest, "participant");
    }

    public void Dispose() => api.Dispose();
}
