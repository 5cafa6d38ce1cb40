using System.Net;
using Headstore.Api.Tests.Support;

namespace Headstore.Api.Tests.Ledger;

public sealed class ExpertLedgerTests : IDisposable
{
    private readonly ApiFactory api = new();
    private readonly TestUser carol = TestUser.Customer();
    private readonly TestUser alice = TestUser.Expert();

    [Fact]
    public async Task Ledger_PagesThroughEveryLine_WithOpeningAndClosingBalances()
    {
        await Scenario.CreateExpertAsync(api, alice);
        await MoneyScenario.SaveCardAsync(api, carol);
        for (var i = 0; i < 3; i++)
        {
            await MoneyScenario.PaidQuestionAcceptedAsync(api, carol, alice, 1000 + i);
            api.Clock.Advance(TimeSpan.FromHours(1));
        }

        var client = api.ClientFor(alice);
        var seen = new List<string>();
        string? cursor = null;
        do
        {
            var page = await (await client.GetAsync($"/api/experts/me/ledger?from=2026-11-01&to=2026-11-03&limit=4{(cursor is null ? "" : $"&cursor={cursor}")}")).Json(HttpStatusCode.OK);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(l => $"{l.GetProperty("transactionId").GetString()}#{l.GetProperty("line").GetInt32()}"));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);
        Assert.Equal(6, seen.Distinct().Count());

        var later = await (await client.GetAsync("/api/experts/me/ledger?from=2026-11-02T10:30:00Z&to=2026-11-03")).Json(HttpStatusCode.OK);
        Assert.Equal(900 + 901, later.GetProperty("openingBalances")[0].GetProperty("amount").GetInt64());
        Assert.Equal(900 + 901 + 902, later.GetProperty("closingBalances")[0].GetProperty("amount").GetInt64());
        Assert.Equal(2, later.GetProperty("items").GetArrayLength());
    }

    [Theory]
    [InlineData("from=yesterday", "from")]
    [InlineData("from=2026-11-03&to=2026-11-01", "from")]
    [InlineData("from=2025-01-01&to=2026-11-01", "to")]
    [InlineData("limit=0", "limit")]
    public async Task Ledger_WithABadRange_IsAFieldProblem(string query, string field)
    {
        await (await api.ClientFor(alice).GetAsync($"/api/experts/me/ledger?{query}")).Problem(HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task Ledger_IsOnlyForExperts()
    {
        await (await api.ClientFor(carol).GetAsync("/api/experts/me/ledger")).Problem(HttpStatusCode.Forbidden);
        await (await api.ClientFor(null).GetAsync("/api/experts/me/ledger")).Problem(HttpStatusCode.Unauthorized);
        var empty = await (await api.ClientFor(alice).GetAsync("/api/experts/me/ledger")).Json(HttpStatusCode.OK);
        Assert.Empty(empty.GetProperty("items").EnumerateArray());
    }

    public void Dispose() => api.Dispose();
}
