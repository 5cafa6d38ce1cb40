using System.Net;
using Headstore.Api.Tests.Support;
using Headstore.Domain.Ledger;

namespace Headstore.Api.Tests.Offers;

/// <summary>Many parties acting on one offer at once: exactly one outcome, at most one charge, a balanced ledger.</summary>
public sealed class OfferRaceTests : IDisposable
{
    private readonly ApiFactory api = new();
    private readonly TestUser carol = TestUser.Customer("carol");
    private readonly TestUser alice = TestUser.Expert("alice");

    [Theory]
    [InlineData("mixed")]
    [InlineData("accept-only")]
    public async Task AHundredConcurrentAcceptsDeclinesAndWithdrawals_HaveExactlyOneOutcome_AndChargeAtMostOnce(string mix)
    {
        var (_, _, offerId) = await OfferScenario.OfferedAsync(api, carol, alice, questionPrice: 9000);
        var calls = Enumerable.Range(0, 100).Select(i => (mix, (i % 4)) switch
        {
            ("mixed", 1) => ("decline", carol),
            ("mixed", 2) => ("withdraw", alice),
            _ => ("accept", carol),
        }).ToArray();

        using var start = new SemaphoreSlim(0);
        var tasks = calls.Select(async call =>
        {
            var client = api.ClientFor(call.Item2);
            await start.WaitAsync();
            var response = await client.PostAsync($"/api/offers/{offerId}/{call.Item1}", null);
            return (Action: call.Item1, Status: response.StatusCode, Body: await response.Content.ReadAsStringAsync());
        }).ToArray();
        start.Release(calls.Length);
        var results = await Task.WhenAll(tasks);
        await api.DrainOutboxAsync();

        var winners = results.Where(r => r.Status == HttpStatusCode.OK).ToArray();
        var winner = Assert.Single(winners);
        Assert.All(results.Where(r => r.Status != HttpStatusCode.OK), r => Assert.True(r.Status == HttpStatusCode.Conflict, $"{r.Action} → {(int)r.Status}: {r.Body}"));

        var offer = await OfferScenario.GetAsync(api, carol, offerId);
        var expected = winner.Action switch { "accept" => "in-progress", "decline" => "declined", _ => "withdrawn" };
        Assert.Equal(expected, offer.GetProperty("status").GetString());

        // Accepting again afterwards changes nothing either.
        await (await OfferScenario.PostAsync(api, carol, offerId, "accept")).Problem(HttpStatusCode.Conflict);

        var trial = await MoneyScenario.TrialBalanceAsync(api);
        Assert.Equal(0, trial.Values.Sum());
        var charges = (await MoneyScenario.LedgerTransactionsAsync(api)).Count(t => t.Kind == LedgerTransactionKind.CustomerCharge);
        if (expected == "in-progress")
        {
            Assert.Equal(1, await OfferScenario.ChargesOfAsync(api, offerId));
            Assert.Equal(2, charges);
            Assert.Equal(13900, trial["customer-funds/USD"]);
            Assert.Equal(8100 + 4410, await MoneyScenario.OwedAsync(api, alice));
        }
        else
        {
            Assert.Equal(0, await OfferScenario.ChargesOfAsync(api, offerId));
            Assert.Equal(0, charges);
            Assert.Empty(trial);
        }
    }

    public void Dispose() => api.Dispose();
}
