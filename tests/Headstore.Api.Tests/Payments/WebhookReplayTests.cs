using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Headstore.Api.Tests.Support;
using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Ledger;
using Headstore.Domain.Payments;

namespace Headstore.Api.Tests.Payments;

/// <summary>
/// Stripe delivers at least once and in any order. 1,000 deliveries of 100 events (each delivered ten times, shuffled,
/// eight at a time) must leave exactly the ledger that the 100 events delivered once, in order, leave.
/// </summary>
public sealed class WebhookReplayTests
{
    private static readonly string[] Currencies = ["usd", "gbp", "eur"];

    [Fact]
    public async Task ThousandShuffledDuplicatedDeliveries_LeaveTheSameLedgerAsOneOrderedDelivery()
    {
        using var ordered = MoneyScenario.WithWebhooks();
        using var shuffled = MoneyScenario.WithWebhooks();
        await SeedAsync(ordered);
        await SeedAsync(shuffled);
        var events = Events(ordered.Clock.GetUtcNow());
        Assert.Equal(100, events.Count);
        Assert.Equal(100, events.Select(e => JsonNode.Parse(e)!["id"]!.GetValue<string>()).Distinct().Count());

        foreach (var json in events)
        {
            await (await MoneyScenario.DeliverAsync(ordered, json)).Json(HttpStatusCode.OK);
        }

        var random = new Random(20261102);
        var deliveries = events.SelectMany(e => Enumerable.Repeat(e, 10)).OrderBy(_ => random.Next()).ToArray();
        Assert.Equal(1000, deliveries.Length);
        using var parallel = new SemaphoreSlim(8);
        var statuses = await Task.WhenAll(deliveries.Select(async json =>
        {
            await parallel.WaitAsync();
            try
            {
                return (await MoneyScenario.DeliverAsync(shuffled, json)).StatusCode;
            }
            finally
            {
                parallel.Release();
            }
        }));
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.OK, s));

        var expected = await LedgerAsync(ordered);
        var actual = await LedgerAsync(shuffled);
        Assert.True(expected.Count > 40, $"the events should move money: {expected.Count} transactions");
        Assert.Equal(expected, actual);
        var balances = await MoneyScenario.TrialBalanceAsync(ordered);
        Assert.Equal(balances, await MoneyScenario.TrialBalanceAsync(shuffled));
        foreach (var currency in new[] { "USD", "GBP", "EUR" })
        {
            Assert.Equal(0, balances.Where(b => b.Key.EndsWith("/" + currency, StringComparison.Ordinal)).Sum(b => b.Value));
        }

        // The newest account news wins whatever the order: ready (sent at +2h), not the stale "not ready" ones.
        var account = await MoneyScenario.Store(shuffled).FindAsync<PayoutAccount>("expert-r0", default);
        Assert.True(account!.CanReceivePayouts);
    }

    /// <summary>
    /// The same starting point in both hosts: three experts with a transfer in transit, and twelve card payments. Each
    /// expert's and each payment's documents are one commit, as the application writes them (one partition each on Cosmos).
    /// </summary>
    private static async Task SeedAsync(ApiFactory api)
    {
        var now = api.Clock.GetUtcNow();
        var store = MoneyScenario.Store(api);
        async Task CommitAsync(params IAggregate[] aggregates)
        {
            var work = store.BeginWork();
            foreach (var aggregate in aggregates)
            {
                work.Add(aggregate);
            }

            Assert.True((await work.CommitAsync(default)).IsSuccess);
        }

        for (var k = 0; k < 3; k++)
        {
            var expert = new ExpertId($"expert-r{k}");
            var (payout, reservation) = Payout.Reserve(expert, "2026-W45", [(LedgerAccount.ExpertPayable(expert), new Money(5000, Currency.USD))], $"acct_r{k}", now);
            await CommitAsync(new PayoutAccount(expert, $"acct_r{k}", "US", true, true, true, now, now, 0) { ReadinessAsOf = now }, payout.Sent($"tr_r{k}", now), reservation);
        }

        for (var i = 0; i < 12; i++)
        {
            var amount = new Money(1000 + (937 * i), Currency.Parse(Currencies[i % 3]));
            var expert = new ExpertId($"expert-r{i % 3}");
            var payment = CustomerPayment.Authorise(new PaymentId($"pay_r{i}"), PaymentPurpose.Session, $"s_r{i}", new UserId("customer-r"), $"Session r{i}", amount, $"pi_r{i}", now, null, expert);
            if (Disputed(i))
            {
                var (captured, charge) = payment.Capture(amount, Earner.ForExpert(expert, RevenueSplit.Commission(1000)), now).Value;
                await CommitAsync(captured, charge!);
            }
            else
            {
                await CommitAsync(payment);
            }
        }

        for (var j = 0; j < 4; j++)
        {
            await CommitAsync(CustomerPayment.Authorise(new PaymentId($"pay_c{j}"), PaymentPurpose.Session, $"s_c{j}", new UserId("customer-r"), "Session", new Money(2500, Currency.USD), $"pi_c{j}", now, null, new ExpertId("expert-r0")));
        }
    }

    private static bool Disputed(int i) => i % 3 == 1;

    private static List<string> Events(DateTimeOffset now)
    {
        var events = new List<string>();
        var t = now.ToUnixTimeSeconds();
        var n = 0;
        string Id() => $"evt_replay_{n++:000}";
        for (var i = 0; i < 12; i++)
        {
            var amount = 1000 + (937 * i);
            var currency = Currencies[i % 3];
            var captured = Disputed(i) ? amount : amount - (7 * i);
            if (!Disputed(i))
            {
                events.Add(StripeEventJson.Event(Id(), "payment_intent.amount_capturable_updated", StripeEventJson.PaymentIntent($"pi_r{i}", amount, currency, "requires_capture", capturable: amount), t));
                events.Add(StripeEventJson.Event(Id(), "payment_intent.succeeded", StripeEventJson.PaymentIntent($"pi_r{i}", amount, currency, "succeeded", received: captured), t));
            }

            var refunded = 0L;
            if (i % 2 == 0)
            {
                var (first, second) = (captured / 4, captured / 2);
                events.Add(StripeEventJson.Event(Id(), "charge.refunded", StripeEventJson.Charge($"pi_r{i}", captured, first, currency), t, new JsonObject { ["amount_refunded"] = 0 }));
                events.Add(StripeEventJson.Event(Id(), "charge.refunded", StripeEventJson.Charge($"pi_r{i}", captured, second, currency), t, new JsonObject { ["amount_refunded"] = first }));
                refunded = second;
            }

            if (Disputed(i))
            {
                var claimed = captured - refunded;
                var outcome = i is 1 or 7 ? "won" : "lost";
                events.Add(StripeEventJson.Event(Id(), "charge.dispute.created", StripeEventJson.Dispute($"dp_r{i}", $"pi_r{i}", claimed, currency, "needs_response"), t));
                events.Add(StripeEventJson.Event(Id(), "charge.dispute.funds_withdrawn", StripeEventJson.Dispute($"dp_r{i}", $"pi_r{i}", claimed, currency, "under_review"), t));
                events.Add(StripeEventJson.Event(Id(), "charge.dispute.closed", StripeEventJson.Dispute($"dp_r{i}", $"pi_r{i}", claimed, currency, outcome), t));
            }
        }

        for (var k = 0; k < 3; k++)
        {
            events.Add(StripeEventJson.Event(Id(), "transfer.reversed", StripeEventJson.Transfer($"tr_r{k}", $"acct_r{k}", 5000, 500, "usd"), t, new JsonObject { ["amount_reversed"] = 0 }));
            events.Add(StripeEventJson.Event(Id(), "transfer.reversed", StripeEventJson.Transfer($"tr_r{k}", $"acct_r{k}", 5000, 1200, "usd"), t, new JsonObject { ["amount_reversed"] = 500 }));
            events.Add(StripeEventJson.Event(Id(), "payout.paid", StripeEventJson.Payout($"po_r{k}", 3800, "usd", "paid", t + 86_400), t + 86_400, account: $"acct_r{k}"));
            events.Add(StripeEventJson.Event(Id(), "account.updated", StripeEventJson.Account($"acct_r{k}", ready: false), t + 3_600, account: $"acct_r{k}"));
            events.Add(StripeEventJson.Event(Id(), "account.updated", StripeEventJson.Account($"acct_r{k}", ready: true), t + 7_200, account: $"acct_r{k}"));
            events.Add(StripeEventJson.Event(Id(), "account.updated", StripeEventJson.Account($"acct_r{k}", ready: false), t + 1_800, account: $"acct_r{k}"));
        }

        for (var j = 0; j < 4; j++)
        {
            events.Add(StripeEventJson.Event(Id(), "payment_intent.amount_capturable_updated", StripeEventJson.PaymentIntent($"pi_c{j}", 2500, "usd", "requires_capture", capturable: 2500), t));
            events.Add(StripeEventJson.Event(Id(), "payment_intent.canceled", StripeEventJson.PaymentIntent($"pi_c{j}", 2500, "usd", "canceled"), t));
        }

        string[] unhandled = ["customer.created", "charge.succeeded", "payment_intent.created", "transfer.created", "balance.available", "invoice.paid", "payout.created"];
        while (events.Count < 100)
        {
            var type = unhandled[events.Count % unhandled.Length];
            events.Add(StripeEventJson.Event(Id(), type, new JsonObject { ["id"] = $"obj_{events.Count}", ["object"] = type.Split('.')[0] }, t));
        }

        return events;
    }

    /// <summary>Every ledger transaction, as id, kind and entries, in id order.</summary>
    private static async Task<List<string>> LedgerAsync(ApiFactory api) =>
        (await MoneyScenario.LedgerTransactionsAsync(api))
        .Select(t => $"{t.Id} {t.Kind} " + string.Join(";", t.Entries.Select(e => $"{e.Account.Key}={e.Amount.Minor}{e.Amount.Currency}")))
        .ToList();
}
