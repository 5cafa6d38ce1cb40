using System.Net;
using Headstore.Api.Tests.Support;
using static Headstore.Api.Tests.Support.SessionScenario;

namespace Headstore.Api.Tests.Sessions;

/// <summary>The expert's permanent paid link and one-time free links.</summary>
public sealed class SessionLinkTests : IDisposable
{
    private readonly ApiFactory api = new();
    private readonly TestUser carol = TestUser.Customer();
    private readonly TestUser dan = TestUser.Customer("dan");
    private readonly TestUser alice = TestUser.Expert();

    [Fact]
    public async Task ThePaidLink_IsPermanent_AndStartsANormalPaidSession()
    {
        await ReadyAsync(api, alice, carol);
        var first = await (await api.ClientFor(alice).PostJson("/api/experts/me/session-links", new { kind = "paid" })).Json(HttpStatusCode.Created);
        var second = await (await api.ClientFor(alice).PostJson("/api/experts/me/session-links", new { kind = "paid" })).Json(HttpStatusCode.Created);
        var token = first.GetProperty("token").GetString()!;
        Assert.Equal(token, second.GetProperty("token").GetString());
        Assert.StartsWith("pl_", token);
        Assert.EndsWith($"/call/{token}", first.GetProperty("url").GetString());

        var session = await (await StartAsync(api, carol, new { link = first.GetProperty("url").GetString(), mode = "voice" })).Json(HttpStatusCode.Created);

        Assert.Equal("paid-link", session.GetProperty("origin").GetString());
        Assert.False(session.GetProperty("free").GetBoolean());
        Assert.Equal(25500, Amount(session.GetProperty("maximumCharge")));
    }

    [Fact]
    public async Task AFreeLink_StartsOneFreeCappedSession_AndCannotBeUsedAgain()
    {
        await Scenario.CreateExpertAsync(api, alice);
        await GoOnlineAsync(api, alice);
        var link = await (await api.ClientFor(alice).PostJson("/api/experts/me/session-links", new { kind = "free" })).Json(HttpStatusCode.Created);
        var token = link.GetProperty("token").GetString()!;

        // No card needed: a free session holds nothing.
        var session = await (await StartAsync(api, carol, new { link = token, mode = "video" })).Json(HttpStatusCode.Created);
        var sessionId = session.GetProperty("id").GetString()!;
        await api.DrainOutboxAsync();
        Assert.True(session.GetProperty("free").GetBoolean());
        Assert.Equal(0, Amount(session.GetProperty("maximumCharge")));
        Assert.Null(await PaymentAsync(api, sessionId));

        var reused = await (await StartAsync(api, dan, new { link = token, mode = "video" })).Problem(HttpStatusCode.Conflict);
        Assert.Equal("link-used", reused.GetProperty("code").GetString());

        await ActAsync(api, alice, sessionId, "accept");
        await MoveAsync(api, carol, sessionId, "customer", join: true);
        await MoveAsync(api, alice, sessionId, "expert", join: true);
        await PassAsync(api, TimeSpan.FromMinutes(95), TimeSpan.FromMinutes(5));

        var ended = await GetAsync(api, carol, sessionId);
        Assert.Equal("time-limit", ended.GetProperty("endReason").GetString());
        Assert.Equal(0, Amount(ended.GetProperty("bill").GetProperty("amount")));
        Assert.Equal("no-payment", ended.GetProperty("settlement").GetString());
        Assert.Empty(await MoneyScenario.TrialBalanceAsync(api));
        Assert.Contains(api.MailFiles(), m => m.Contains("This was a free session: nothing was charged.", StringComparison.Ordinal));
        var links = await (await api.ClientFor(alice).GetAsync("/api/experts/me/session-links")).Json(HttpStatusCode.OK);
        Assert.True(Assert.Single(links.EnumerateArray()).GetProperty("used").GetBoolean());
    }

    [Fact]
    public async Task AFreeLinkWhoseSessionNeverConnected_CanBeUsedAgain()
    {
        await Scenario.CreateExpertAsync(api, alice);
        await GoOnlineAsync(api, alice);
        var token = (await (await api.ClientFor(alice).PostJson("/api/experts/me/session-links", new { kind = "free" })).Json(HttpStatusCode.Created)).GetProperty("token").GetString()!;
        var sessionId = (await (await StartAsync(api, carol, new { link = token, mode = "video" })).Json(HttpStatusCode.Created)).GetProperty("id").GetString()!;
        await api.DrainOutboxAsync();

        await ActAsync(api, alice, sessionId, "decline");

        await (await StartAsync(api, carol, new { link = token, mode = "video" })).Json(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Links_AreForExperts_WithAKind()
    {
        await (await api.ClientFor(carol).GetAsync("/api/experts/me/session-links")).Problem(HttpStatusCode.Forbidden);
        await (await api.ClientFor(alice).PostJson("/api/experts/me/session-links", new { kind = "free" })).Problem(HttpStatusCode.UnprocessableEntity);
        await Scenario.CreateExpertAsync(api, alice);
        await (await api.ClientFor(alice).PostJson("/api/experts/me/session-links", new { kind = "gold" })).Problem(HttpStatusCode.BadRequest, "kind");
    }

    public void Dispose() => api.Dispose();
}
