using System.Text.Json.Nodes;

namespace Headstore.Api.Tests.Support;

/// <summary>Stripe event JSON as Stripe sends it (API 2024-04-10), for webhook tests.</summary>
public static class StripeEventJson
{
    public static string Event(string id, string type, JsonObject dataObject, long created, JsonObject? previous = null, string? account = null)
    {
        var data = new JsonObject { ["object"] = dataObject };
        if (previous is not null)
        {
            data["previous_attributes"] = previous;
        }

        var envelope = new JsonObject
        {
            ["id"] = id, ["object"] = "event", ["api_version"] = "2024-04-10", ["created"] = created, ["livemode"] = false, ["pending_webhooks"] = 1,
            ["type"] = type, ["data"] = data,
        };
        if (account is not null)
        {
            envelope["account"] = account;
        }

        return envelope.ToJsonString();
    }

    public static JsonObject PaymentIntent(string id, long amount, string currency, string status, long capturable = 0, long received = 0) => new()
    {
        ["id"] = id, ["object"] = "payment_intent", ["amount"] = amount, ["amount_capturable"] = capturable, ["amount_received"] = received,
        ["currency"] = currency, ["status"] = status, ["capture_method"] = "manual", ["created"] = 1_790_000_000, ["metadata"] = new JsonObject(),
    };

    public static JsonObject Charge(string paymentIntent, long captured, long refunded, string currency) => new()
    {
        ["id"] = "ch_" + paymentIntent[3..], ["object"] = "charge", ["amount"] = captured, ["amount_captured"] = captured, ["amount_refunded"] = refunded,
        ["captured"] = true, ["refunded"] = refunded >= captured, ["currency"] = currency, ["payment_intent"] = paymentIntent, ["status"] = "succeeded",
    };

    public static JsonObject Dispute(string id, string paymentIntent, long amount, string currency, string status) => new()
    {
        ["id"] = id, ["object"] = "dispute", ["amount"] = amount, ["currency"] = currency, ["charge"] = "ch_" + paymentIntent[3..], ["payment_intent"] = paymentIntent,
        ["reason"] = "fraudulent", ["status"] = status, ["created"] = 1_790_000_000,
    };

    public static JsonObject Transfer(string id, string destination, long amount, long reversed, string currency) => new()
    {
        ["id"] = id, ["object"] = "transfer", ["amount"] = amount, ["amount_reversed"] = reversed, ["currency"] = currency, ["destination"] = destination,
        ["reversed"] = reversed >= amount, ["created"] = 1_790_000_000,
    };

    public static JsonObject Payout(string id, long amount, string currency, string status, long created) => new()
    {
        ["id"] = id, ["object"] = "payout", ["amount"] = amount, ["currency"] = currency, ["status"] = status, ["created"] = created, ["arrival_date"] = created,
    };

    public static JsonObject Account(string id, bool ready) => new()
    {
        ["id"] = id, ["object"] = "account", ["details_submitted"] = ready, ["payouts_enabled"] = ready, ["charges_enabled"] = ready, ["country"] = "US",
    };
}
