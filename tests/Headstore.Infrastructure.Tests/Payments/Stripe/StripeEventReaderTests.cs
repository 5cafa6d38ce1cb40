using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Headstore.Application.Payments;
using Headstore.Domain.Common;
using Headstore.Infrastructure.Payments.Stripe;
using Headstore.Infrastructure.Tests.Testing;
using Microsoft.Extensions.Options;

namespace Headstore.Infrastructure.Tests.Payments.Stripe;

public sealed class StripeEventReaderTests
{
    private const string Secret = "whsec_reader_test";
    private static readonly ManualTimeProvider Clock = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
    private readonly StripeEventReader reader = new(Options.Create(new StripeOptions { WebhookSecret = Secret }), Clock);

    private static string Event(string type, JsonObject data, JsonObject? previous = null, string? account = null)
    {
        var envelope = new JsonObject
        {
            ["id"] = "evt_1", ["object"] = "event", ["type"] = type, ["created"] = 1_790_000_000, ["livemode"] = false,
            ["data"] = previous is null ? new JsonObject { ["object"] = data } : new JsonObject { ["object"] = data, ["previous_attributes"] = previous },
        };
        if (account is not null)
        {
            envelope["account"] = account;
        }

        return envelope.ToJsonString();
    }

    private PaymentProviderEvent Read(string json) => reader.Read(Encoding.UTF8.GetBytes(json)).Value;

    [Fact]
    public void ChargeRefunded_CarriesTheCumulativeAmounts()
    {
        var e = Assert.IsType<ChargeRefunded>(Read(Event("charge.refunded",
            new JsonObject { ["id"] = "ch_1", ["payment_intent"] = "pi_1", ["amount_captured"] = 9000, ["amount_refunded"] = 5000, ["currency"] = "gbp" },
            new JsonObject { ["amount_refunded"] = 3000 })));
        Assert.Equal(("pi_1", 9000L, 5000L, 3000L), (e.PaymentId, e.Captured.Minor, e.Refunded.Minor, e.RefundedBefore!.Value.Minor));
        Assert.Equal(Currency.GBP, e.Refunded.Currency);
    }

    [Fact]
    public void ExpandedReferences_AreReadAsIds()
    {
        var e = Assert.IsType<DisputeChanged>(Read(Event("charge.dispute.closed",
            new JsonObject { ["id"] = "dp_1", ["payment_intent"] = new JsonObject { ["id"] = "pi_1" }, ["charge"] = "ch_1", ["amount"] = 100, ["currency"] = "eur", ["status"] = "lost", ["reason"] = "fraudulent" })));
        Assert.Equal(("pi_1", DisputeChange.Closed, "lost"), (e.PaymentId, e.Change, e.Status));
    }

    [Fact]
    public void ConnectedAccountEvents_NameTheAccount()
    {
        var payout = Assert.IsType<ConnectedPayoutChanged>(Read(Event("payout.paid", new JsonObject { ["id"] = "po_1", ["amount"] = 8100, ["currency"] = "usd", ["created"] = 1_790_000_100 }, account: "acct_1")));
        Assert.Equal(("acct_1", true, 8100L), (payout.AccountId, payout.Paid, payout.Amount.Minor));
        Assert.IsType<UnhandledProviderEvent>(Read(Event("payout.paid", new JsonObject { ["id"] = "po_2", ["amount"] = 1, ["currency"] = "usd" })));
    }

    [Theory]
    [InlineData("{\"id\":\"pi_1\",\"amount\":100,\"currency\":\"jpy\"}")]
    [InlineData("{\"amount\":100,\"currency\":\"usd\"}")]
    public void AnEventLackingWhatHeadstoreNeeds_IsMalformed(string data)
    {
        var result = reader.Read(Encoding.UTF8.GetBytes(Event("payment_intent.succeeded", JsonNode.Parse(data)!.AsObject())));
        Assert.Equal("webhook-event-malformed", result.Error!.Code);
    }

    [Fact]
    public void Webhooks_AreVerifiedWithTheConfiguredSecret_AndClosedWithoutOne()
    {
        var json = Event("customer.created", new JsonObject { ["id"] = "cus_1" });
        var timestamp = Clock.GetUtcNow().ToUnixTimeSeconds();
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes($"{timestamp}.{json}")));
        Assert.IsType<UnhandledProviderEvent>(reader.VerifyWebhook($"t={timestamp},v1={signature}", Encoding.UTF8.GetBytes(json)).Value);
        Assert.Equal("webhook-signature-invalid", reader.VerifyWebhook($"t={timestamp},v1={new string('0', 64)}", Encoding.UTF8.GetBytes(json)).Error!.Code);

        var closed = new StripeEventReader(Options.Create(new StripeOptions()), Clock);
        Assert.Equal((ErrorKind.Unavailable, "webhooks-not-configured"), (closed.VerifyWebhook($"t={timestamp},v1={signature}", Encoding.UTF8.GetBytes(json)).Error!.Kind, closed.VerifyWebhook(null, default).Error!.Code));
    }
}
