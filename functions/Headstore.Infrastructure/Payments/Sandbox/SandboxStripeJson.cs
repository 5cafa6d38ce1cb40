using System.Text.Json.Nodes;
using Headstore.Domain.Common;

namespace Headstore.Infrastructure.Payments.Sandbox;

/// <summary>
/// Stripe-shaped JSON of the sandbox's objects and events (API version 2024-04-10), so the sandbox's events are read by
/// the same <see cref="Stripe.StripeEventReader"/> as real webhooks.
/// </summary>
internal static class SandboxStripeJson
{
    public static JsonObject PaymentIntent(SandboxPaymentIntent intent) => new()
    {
        ["id"] = intent.Id,
        ["object"] = "payment_intent",
        ["amount"] = intent.Amount,
        ["amount_capturable"] = intent.AmountCapturable,
        ["amount_received"] = intent.AmountReceived,
        ["currency"] = intent.Currency,
        ["status"] = intent.Status,
        ["capture_method"] = intent.ManualCapture ? "manual" : "automatic",
        ["customer"] = intent.CustomerId,
        ["payment_method"] = intent.PaymentMethod,
        ["latest_charge"] = intent.Status is "succeeded" or "requires_capture" or "canceled" ? intent.ChargeId : null,
        ["transfer_group"] = intent.TransferGroup,
        ["cancellation_reason"] = intent.CancellationReason,
        ["created"] = intent.Created.ToUnixTimeSeconds(),
        ["livemode"] = false,
        ["metadata"] = Metadata(intent.Metadata),
        ["last_payment_error"] = intent.FailureCode is null ? null : new JsonObject { ["type"] = "card_error", ["code"] = "card_declined", ["decline_code"] = intent.FailureCode },
    };

    public static JsonObject Charge(SandboxPaymentIntent intent) => new()
    {
        ["id"] = intent.ChargeId,
        ["object"] = "charge",
        ["amount"] = intent.Amount,
        ["amount_captured"] = intent.AmountReceived,
        ["amount_refunded"] = intent.AmountRefunded,
        ["captured"] = intent.AmountReceived > 0,
        ["refunded"] = intent.AmountReceived > 0 && intent.AmountRefunded >= intent.AmountReceived,
        ["disputed"] = intent.DisputeId is not null,
        ["currency"] = intent.Currency,
        ["customer"] = intent.CustomerId,
        ["payment_intent"] = intent.Id,
        ["payment_method"] = intent.PaymentMethod,
        ["status"] = "succeeded",
        ["paid"] = true,
        ["transfer_group"] = intent.TransferGroup,
        ["created"] = intent.Created.ToUnixTimeSeconds(),
        ["livemode"] = false,
        ["metadata"] = Metadata(intent.Metadata),
    };

    public static JsonObject Dispute(SandboxPaymentIntent intent, string status, DateTimeOffset created) => new()
    {
        ["id"] = intent.DisputeId,
        ["object"] = "dispute",
        ["amount"] = intent.AmountReceived - intent.AmountRefunded,
        ["currency"] = intent.Currency,
        ["charge"] = intent.ChargeId,
        ["payment_intent"] = intent.Id,
        ["reason"] = "fraudulent",
        ["status"] = status,
        ["is_charge_refundable"] = false,
        ["created"] = created.ToUnixTimeSeconds(),
        ["livemode"] = false,
        ["metadata"] = new JsonObject(),
    };

    public static JsonObject Account(SandboxAccount account) => new()
    {
        ["id"] = account.Id,
        ["object"] = "account",
        ["type"] = "express",
        ["country"] = account.Country,
        ["charges_enabled"] = account.ChargesEnabled,
        ["payouts_enabled"] = account.PayoutsEnabled,
        ["details_submitted"] = account.DetailsSubmitted,
        ["created"] = account.Created.ToUnixTimeSeconds(),
        ["metadata"] = new JsonObject { ["expert_id"] = account.ExpertId },
    };

    public static JsonObject Transfer(SandboxTransfer transfer) => new()
    {
        ["id"] = transfer.Id,
        ["object"] = "transfer",
        ["amount"] = transfer.Amount,
        ["amount_reversed"] = transfer.AmountReversed,
        ["reversed"] = transfer.AmountReversed >= transfer.Amount,
        ["currency"] = transfer.Currency,
        ["destination"] = transfer.Destination,
        ["transfer_group"] = transfer.TransferGroup,
        ["created"] = transfer.Created.ToUnixTimeSeconds(),
        ["livemode"] = false,
        ["metadata"] = Metadata(transfer.Metadata),
    };

    public static JsonObject Payout(string id, long amount, string currency, string status, DateTimeOffset created, string? failureCode) => new()
    {
        ["id"] = id,
        ["object"] = "payout",
        ["amount"] = amount,
        ["currency"] = currency,
        ["status"] = status,
        ["type"] = "bank_account",
        ["method"] = "standard",
        ["created"] = created.ToUnixTimeSeconds(),
        ["arrival_date"] = created.ToUnixTimeSeconds(),
        ["failure_code"] = failureCode,
        ["livemode"] = false,
        ["metadata"] = new JsonObject(),
    };

    public static JsonObject SetupIntent(string id, string customer, string? paymentMethod, string status, DateTimeOffset created) => new()
    {
        ["id"] = id,
        ["object"] = "setup_intent",
        ["customer"] = customer,
        ["payment_method"] = paymentMethod,
        ["status"] = status,
        ["usage"] = "off_session",
        ["created"] = created.ToUnixTimeSeconds(),
        ["livemode"] = false,
    };

    /// <summary>An event envelope as Stripe sends it; <paramref name="account"/> is set for events on a connected account.</summary>
    public static string Event(string type, JsonObject dataObject, DateTimeOffset created, JsonObject? previousAttributes = null, string? account = null)
    {
        var data = new JsonObject { ["object"] = dataObject };
        if (previousAttributes is not null)
        {
            data["previous_attributes"] = previousAttributes;
        }

        var envelope = new JsonObject
        {
            ["id"] = IdGenerator.New("evt", created),
            ["object"] = "event",
            ["api_version"] = Stripe.StripeOptions.DefaultApiVersion,
            ["created"] = created.ToUnixTimeSeconds(),
            ["livemode"] = false,
            ["pending_webhooks"] = 0,
            ["type"] = type,
            ["data"] = data,
        };
        if (account is not null)
        {
            envelope["account"] = account;
        }

        return envelope.ToJsonString();
    }

    private static JsonObject Metadata(IReadOnlyDictionary<string, string> metadata)
    {
        var node = new JsonObject();
        foreach (var (key, value) in metadata)
        {
            node[key] = value;
        }

        return node;
    }
}
