using System.Net;
using Headstore.Api.Tests.Support;

namespace Headstore.Api.Tests.Offers;

/// <summary>A question's private information: opens on acceptance, for its two parties, admins read it audited.</summary>
public sealed class PrivateInfoTests : IDisposable
{
    private readonly ApiFactory api = new();
    private readonly TestUser carol = TestUser.Customer("carol");
    private readonly TestUser dan = TestUser.Customer("dan");
    private readonly TestUser alice = TestUser.Expert("alice");
    private readonly TestUser bob = TestUser.Expert("bob");
    private readonly TestUser ada = TestUser.Admin();

    private static object Contact(string phone = "+44 20 7946 0958") => new { phone, messenger = "telegram: @carol_c", email = "carol.private@example.com", notes = "Call after 6 pm; the door code is 4711." };

    [Fact]
    public async Task ItOpensOnlyAfterAcceptance_ForTheCustomerAndTheAcceptedExpert_AndBothCanWriteIt()
    {
        var (questionId, _, offerId) = await OfferScenario.OfferedAsync(api, carol, alice);
        await Scenario.CreateExpertAsync(api, bob, Scenario.ExpertProfile("Bob Expert"));
        await Scenario.AnswerAsync(api, bob, questionId, "Another answer from Bob.");
        var url = $"/api/questions/{questionId}/private-info";

        var notOpen = await (await api.ClientFor(carol).GetAsync(url)).Problem(HttpStatusCode.UnprocessableEntity);
        Assert.Equal("private-info-not-open", notOpen.GetProperty("code").GetString());
        await (await api.ClientFor(alice).PutJson(url, Contact())).Problem(HttpStatusCode.UnprocessableEntity);
        await (await api.ClientFor(dan).GetAsync(url)).Problem(HttpStatusCode.Forbidden);

        await OfferScenario.AcceptedAsync(api, carol, offerId);
        var empty = await (await api.ClientFor(carol).GetAsync(url)).Json(HttpStatusCode.OK);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, empty.GetProperty("phone").ValueKind);

        var written = await (await api.ClientFor(carol).PutJson(url, Contact())).Json(HttpStatusCode.OK);
        Assert.Equal("+44 20 7946 0958", written.GetProperty("phone").GetString());
        Assert.Equal("customer-carol", written.GetProperty("updatedBy").GetString());
        var read = await (await api.ClientFor(alice).GetAsync(url)).Json(HttpStatusCode.OK);
        Assert.Equal("carol.private@example.com", read.GetProperty("email").GetString());
        Assert.Equal("Call after 6 pm; the door code is 4711.", read.GetProperty("notes").GetString());

        var byExpert = await (await api.ClientFor(alice).PutJson(url, new { phone = "+1 555 0100", notes = "Alice's direct line" })).Json(HttpStatusCode.OK);
        Assert.Equal("expert-alice", byExpert.GetProperty("updatedBy").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, byExpert.GetProperty("email").ValueKind);

        // The other expert answered too, but their offer was not accepted; other customers and admins (on this route) are out.
        await (await api.ClientFor(bob).GetAsync(url)).Problem(HttpStatusCode.Forbidden);
        await (await api.ClientFor(bob).PutJson(url, Contact())).Problem(HttpStatusCode.Forbidden);
        await (await api.ClientFor(dan).GetAsync(url)).Problem(HttpStatusCode.Forbidden);
        await (await api.ClientFor(ada).GetAsync(url)).Problem(HttpStatusCode.Forbidden);
        await (await api.ClientFor(null).GetAsync(url)).Problem(HttpStatusCode.Unauthorized);
        await (await api.ClientFor(carol).GetAsync("/api/questions/q_missing/private-info")).Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ItIsBoundToItsQuestion_AnotherQuestionNeedsItsOwnAcceptedOffer()
    {
        var (first, _, offerId) = await OfferScenario.OfferedAsync(api, carol, alice);
        await OfferScenario.AcceptedAsync(api, carol, offerId);
        await (await api.ClientFor(carol).PutJson($"/api/questions/{first}/private-info", Contact())).Json(HttpStatusCode.OK);

        var (second, _) = await OfferScenario.AnsweredAsync(api, carol, alice, title: "A second question for the same expert");
        await (await api.ClientFor(carol).GetAsync($"/api/questions/{second}/private-info")).Problem(HttpStatusCode.UnprocessableEntity);
        await (await api.ClientFor(alice).GetAsync($"/api/questions/{second}/private-info")).Problem(HttpStatusCode.UnprocessableEntity);

        var secondOffer = await OfferScenario.SentAsync(api, alice, second, "research-report", 9900);
        await OfferScenario.AcceptedAsync(api, carol, secondOffer);
        var fresh = await (await api.ClientFor(alice).GetAsync($"/api/questions/{second}/private-info")).Json(HttpStatusCode.OK);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, fresh.GetProperty("phone").ValueKind);
    }

    [Fact]
    public async Task Writing_IsValidated_WithoutQuotingTheValues()
    {
        var (questionId, _, offerId) = await OfferScenario.OfferedAsync(api, carol, alice);
        await OfferScenario.AcceptedAsync(api, carol, offerId);
        var url = $"/api/questions/{questionId}/private-info";
        var tooLong = new string('9', 41);
        var problem = await (await api.ClientFor(carol).PutJson(url, new { phone = tooLong, email = "not-an-address" })).Problem(HttpStatusCode.BadRequest, "phone");
        Assert.True(problem.GetProperty("errors").TryGetProperty("email", out _));
        Assert.DoesNotContain(tooLong, problem.ToString());
        Assert.DoesNotContain("not-an-address", problem.ToString());
        await (await api.ClientFor(carol).PutJson(url, new { notes = 42 })).Problem(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task AdminsRead_OnlyThroughTheAuditedRoute_WithAReason_AndEveryReadIsKept()
    {
        var (questionId, _, offerId) = await OfferScenario.OfferedAsync(api, carol, alice);
        var url = $"/api/admin/questions/{questionId}/private-info";
        await (await api.ClientFor(ada).GetAsync($"{url}?reason=Dispute%20about%20the%20call")).Problem(HttpStatusCode.NotFound);

        await OfferScenario.AcceptedAsync(api, carol, offerId);
        await (await api.ClientFor(carol).PutJson($"/api/questions/{questionId}/private-info", Contact())).Json(HttpStatusCode.OK);

        await (await api.ClientFor(ada).GetAsync(url)).Problem(HttpStatusCode.BadRequest, "reason");
        await (await api.ClientFor(carol).GetAsync($"{url}?reason=curious")).Problem(HttpStatusCode.Forbidden);
        await (await api.ClientFor(alice).GetAsync($"{url}?reason=curious")).Problem(HttpStatusCode.Forbidden);

        var first = await (await api.ClientFor(ada).GetAsync($"{url}?reason=Dispute%20DP-17%3A%20no%20call%20held")).Json(HttpStatusCode.OK);
        Assert.Equal("+44 20 7946 0958", first.GetProperty("phone").GetString());
        var read = Assert.Single(first.GetProperty("adminReads").EnumerateArray());
        Assert.Equal("admin-ada", read.GetProperty("adminId").GetString());
        Assert.Equal("Dispute DP-17: no call held", read.GetProperty("reason").GetString());
        Assert.Equal(api.Clock.GetUtcNow(), read.GetProperty("at").GetDateTimeOffset());

        api.Clock.Advance(TimeSpan.FromHours(1));
        var second = await (await api.ClientFor(TestUser.Admin("max")).GetAsync($"{url}?reason=Care%20follow-up")).Json(HttpStatusCode.OK);
        Assert.Equal(["admin-ada", "admin-max"], second.GetProperty("adminReads").EnumerateArray().Select(r => r.GetProperty("adminId").GetString()));
        Assert.Contains(api.Logs.Lines, l => l.Contains("Admin admin-ada read the private information of question", StringComparison.Ordinal));

        // The parties' view does not carry the audit.
        var party = await (await api.ClientFor(carol).GetAsync($"/api/questions/{questionId}/private-info")).Json(HttpStatusCode.OK);
        Assert.False(party.TryGetProperty("adminReads", out _));
    }

    public void Dispose() => api.Dispose();
}
