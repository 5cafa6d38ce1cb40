using System.Net;
using Headstore.Api.Tests.Support;

namespace Headstore.Api.Tests.Offers;

/// <summary>Secure remote assistance: only under an accepted offer for it; every session logged for the parties and admins.</summary>
public sealed class RemoteSessionTests : IDisposable
{
    private readonly ApiFactory api = new();
    private readonly TestUser carol = TestUser.Customer("carol");
    private readonly TestUser dan = TestUser.Customer("dan");
    private readonly TestUser alice = TestUser.Expert("alice");
    private readonly TestUser ada = TestUser.Admin();

    [Fact]
    public async Task RemoteSessions_AreAllowedOnlyUnderAnAcceptedRemoteAssistanceOffer()
    {
        var (questionId, _, phoneOffer) = await OfferScenario.OfferedAsync(api, carol, alice);
        var remoteOffer = await OfferScenario.SentAsync(api, alice, questionId, "remote-assistance", 7500);

        var notAccepted = await (await api.ClientFor(alice).PostAsync($"/api/offers/{remoteOffer}/remote-sessions", null)).Problem(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("offer-not-in-progress", notAccepted.GetProperty("code").GetString());

        await OfferScenario.AcceptedAsync(api, carol, phoneOffer);
        var wrongService = await (await api.ClientFor(alice).PostAsync($"/api/offers/{phoneOffer}/remote-sessions", null)).Problem(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("not-remote-assistance", wrongService.GetProperty("code").GetString());

        await OfferScenario.AcceptedAsync(api, carol, remoteOffer);
        await (await api.ClientFor(dan).PostAsync($"/api/offers/{remoteOffer}/remote-sessions", null)).Problem(HttpStatusCode.NotFound);
        await (await api.ClientFor(ada).PostAsync($"/api/offers/{remoteOffer}/remote-sessions", null)).Problem(HttpStatusCode.Forbidden);
        await (await api.ClientFor(null).PostAsync($"/api/offers/{remoteOffer}/remote-sessions", null)).Problem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task EachSession_IsLoggedWithWhoStartAndEndDurationAndOutcome_OneAtATime_AndReadableByPartiesAndAdmins()
    {
        var (questionId, _) = await OfferScenario.AnsweredAsync(api, carol, alice);
        await MoneyScenario.SaveCardAsync(api, carol);
        var offerId = await OfferScenario.SentAsync(api, alice, questionId, "remote-assistance", 7500);
        await OfferScenario.AcceptedAsync(api, carol, offerId);

        var started = await (await api.ClientFor(alice).PostAsync($"/api/offers/{offerId}/remote-sessions", null)).Json(HttpStatusCode.Created);
        var sessionId = started.GetProperty("id").GetString()!;
        Assert.True(started.GetProperty("running").GetBoolean());
        Assert.Equal("expert-alice", started.GetProperty("startedBy").GetString());
        Assert.Equal(sessionId, (await OfferScenario.GetAsync(api, carol, offerId)).GetProperty("runningRemoteSession").GetString());
        var twice = await (await api.ClientFor(carol).PostAsync($"/api/offers/{offerId}/remote-sessions", null)).Problem(HttpStatusCode.Conflict);
        Assert.Equal("remote-session-running", twice.GetProperty("code").GetString());

        api.Clock.Advance(TimeSpan.FromMinutes(25));
        await (await api.ClientFor(carol).PostJson($"/api/remote-sessions/{sessionId}/end", new { outcome = "fixed-ish" })).Problem(HttpStatusCode.BadRequest, "outcome");
        await (await api.ClientFor(dan).PostJson($"/api/remote-sessions/{sessionId}/end", new { outcome = "resolved" })).Problem(HttpStatusCode.NotFound);
        var ended = await (await api.ClientFor(carol).PostJson($"/api/remote-sessions/{sessionId}/end", new { outcome = "resolved", note = "Printer works again." })).Json(HttpStatusCode.OK);
        Assert.Equal(1500, ended.GetProperty("durationSeconds").GetInt64());
        Assert.Equal("resolved", ended.GetProperty("outcome").GetString());
        Assert.Equal("customer-carol", ended.GetProperty("endedBy").GetString());
        await (await api.ClientFor(alice).PostJson($"/api/remote-sessions/{sessionId}/end", new { outcome = "resolved" })).Problem(HttpStatusCode.Conflict);

        var second = await (await api.ClientFor(carol).PostAsync($"/api/offers/{offerId}/remote-sessions", null)).Json(HttpStatusCode.Created);
        api.Clock.Advance(TimeSpan.FromMinutes(5));
        await (await OfferScenario.PostAsync(api, alice, offerId, "complete")).Json(HttpStatusCode.OK);
        var closedWithOffer = await (await api.ClientFor(ada).GetAsync($"/api/remote-sessions/{second.GetProperty("id").GetString()}")).Json(HttpStatusCode.OK);
        Assert.Equal("offer-closed", closedWithOffer.GetProperty("outcome").GetString());
        Assert.Equal(300, closedWithOffer.GetProperty("durationSeconds").GetInt64());

        foreach (var reader in new[] { carol, alice, ada })
        {
            var log = (await (await api.ClientFor(reader).GetAsync($"/api/offers/{offerId}/remote-sessions")).Json(HttpStatusCode.OK)).GetProperty("items");
            Assert.Equal([sessionId, second.GetProperty("id").GetString()], log.EnumerateArray().Select(s => s.GetProperty("id").GetString()));
        }

        await (await api.ClientFor(dan).GetAsync($"/api/offers/{offerId}/remote-sessions")).Problem(HttpStatusCode.NotFound);
        await (await api.ClientFor(dan).GetAsync($"/api/remote-sessions/{sessionId}")).Problem(HttpStatusCode.NotFound);
        await (await api.ClientFor(carol).PostAsync($"/api/offers/{offerId}/remote-sessions", null)).Problem(HttpStatusCode.UnprocessableEntity);
    }

    public void Dispose() => api.Dispose();
}
