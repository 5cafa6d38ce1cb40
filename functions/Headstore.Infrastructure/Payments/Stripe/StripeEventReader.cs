using System.Text.Json;
using Headstore.Application.Payments;
using Headstore.Domain.Common;
using Microsoft.Extensions.Options;

namespace Headstore.Infrastructure.Payments.Stripe;

/// <summary>
/// Reads Stripe's events into <see cref="PaymentProviderEvent"/>s: webhook deliveries after <see cref="StripeWebhookVerifier"/>
/// has checked them, and the local sandbox's events (the same JSON shape, from inside the process). One reader, so the
/// sandbox exercises the very code that reads real webhooks.
/// </summary>
public sealed class StripeEventReader(IOptions<StripeOptions> options, TimeProvider clock) : IPaymentEventReader
{
    public Result<PaymentProviderEvent> VerifyWebhook(string? signatureHeader, ReadOnlySpan<byte> body)
    {
        var secret = options.Value.WebhookSecret;
        if (string.IsNullOrEmpty(secret))
        {
            // Never accept an unverifiable webhook: without a signing secret the endpoint is closed.
            return new Error(ErrorKind.Unavailable, "webhooks-not-configured", "Webhooks are not configured on this host.");
        }

        var verified = new StripeWebhookVerifier(secret, options.Value.WebhookTolerance, clock).VerifyAndParse(signatureHeader, body);
        return verified.IsSuccess ? Translate(verified.Value) : verified.Error!;
    }

    public Result<PaymentProviderEvent> Read(ReadOnlySpan<byte> body)
    {
        var parsed = StripeEventParser.Parse(body);
        return parsed.IsSuccess ? Translate(parsed.Value) : parsed.Error!;
    }

    /// <summary>Maps a Stripe event to ours; an event with the wrong shape for its type is a 400, so Stripe shows it as failed.</summary>
    public static Result<PaymentProviderEvent> Translate(StripeEvent e)
    {
        try
        {
            return Map(e);
        }
        catch (Exception exception) when (exception is KeyNotFoundException or InvalidOperationException or FormatException or ArgumentException)
        {
            return new Error(ErrorKind.Validation, "webhook-event-malformed", $"The {e.Type} event lacks fields Headstore needs.");
        }
    }

    private static PaymentProviderEvent Map(StripeEvent e)
    {
        var o = e.DataObject;
        var previous = e.PreviousAttributes;
        switch (e.Type)
        {
            case "payment_intent.amount_capturable_updated" or "payment_intent.succeeded" or "payment_intent.payment_failed" or "payment_intent.canceled":
                var currency = CurrencyOf(o);
                var change = e.Type switch
                {
                    "payment_intent.amount_capturable_updated" => PaymentIntentChange.AmountCapturableUpdated,
                    "payment_intent.succeeded" => PaymentIntentChange.Succeeded,
                    "payment_intent.payment_failed" => PaymentIntentChange.PaymentFailed,
                    _ => PaymentIntentChange.Canceled,
                };
                var failure = o.TryGetProperty("last_payment_error", out var error) && error.ValueKind == JsonValueKind.Object
                    ? (String(error, "decline_code") ?? String(error, "code"))?.Replace('_', '-')
                    : null;
                return new PaymentIntentChanged(e.Id, e.Type, e.Created, change, Required(o, "id"), Amount(o, "amount", currency),
                    Amount(o, "amount_capturable", currency), Amount(o, "amount_received", currency), failure);

            case "charge.refunded":
                var chargeCurrency = CurrencyOf(o);
                Money? before = previous is { } p && p.TryGetProperty("amount_refunded", out var was) && was.TryGetInt64(out var wasMinor)
                    ? new Money(wasMinor, chargeCurrency)
                    : null;
                return new ChargeRefunded(e.Id, e.Type, e.Created, Reference(o, "payment_intent") ?? throw new InvalidOperationException("No payment intent."),
                    Required(o, "id"), Amount(o, "amount_captured", chargeCurrency), Amount(o, "amount_refunded", chargeCurrency), before);

            case "charge.dispute.created" or "charge.dispute.updated" or "charge.dispute.closed" or "charge.dispute.funds_withdrawn" or "charge.dispute.funds_reinstated":
                var disputeCurrency = CurrencyOf(o);
                var disputeChange = e.Type switch
                {
                    "charge.dispute.created" => DisputeChange.Created,
                    "charge.dispute.closed" => DisputeChange.Closed,
                    _ => DisputeChange.Updated,
                };
                return new DisputeChanged(e.Id, e.Type, e.Created, disputeChange, Required(o, "id"),
                    Reference(o, "payment_intent") ?? throw new InvalidOperationException("No payment intent."), Reference(o, "charge"),
                    Amount(o, "amount", disputeCurrency), String(o, "reason") ?? "general", String(o, "status") ?? "needs_response");

            case "account.updated":
                return new ConnectedAccountUpdated(e.Id, e.Type, e.Created, Required(o, "id"), Bool(o, "details_submitted"), Bool(o, "payouts_enabled"), Bool(o, "charges_enabled"));

            case "transfer.reversed" or "transfer.updated":
                var transferCurrency = CurrencyOf(o);
                Money? reversedBefore = previous is { } q && q.TryGetProperty("amount_reversed", out var r) && r.TryGetInt64(out var rMinor)
                    ? new Money(rMinor, transferCurrency)
                    : null;
                return new TransferReversed(e.Id, e.Type, e.Created, Required(o, "id"), Amount(o, "amount", transferCurrency), Amount(o, "amount_reversed", transferCurrency), reversedBefore);

            case "payout.paid" or "payout.failed" when e.Account is { } account:
                var payoutCurrency = CurrencyOf(o);
                var created = o.TryGetProperty("created", out var c) && c.TryGetInt64(out var seconds) ? DateTimeOffset.FromUnixTimeSeconds(seconds) : e.Created;
                return new ConnectedPayoutChanged(e.Id, e.Type, e.Created, account, Required(o, "id"), e.Type == "payout.paid", Amount(o, "amount", payoutCurrency), created,
                    String(o, "failure_code")?.Replace('_', '-'));

            case "setup_intent.succeeded" when Reference(o, "customer") is { } customer && Reference(o, "payment_method") is { } method:
                return new CardSaved(e.Id, e.Type, e.Created, customer, method);

            default:
                return new UnhandledProviderEvent(e.Id, e.Type, e.Created);
        }
    }

    private static Currency CurrencyOf(JsonElement o) => Currency.Parse(Required(o, "currency"));

    private static Money Amount(JsonElement o, string name, Currency currency) =>
        o.TryGetProperty(name, out var value) && value.TryGetInt64(out var minor) ? new Money(minor, currency) : Money.Zero(currency);

    private static string Required(JsonElement o, string name) => String(o, name) ?? throw new KeyNotFoundException(name);

    private static string? String(JsonElement o, string name) => o.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool Bool(JsonElement o, string name) => o.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    private static string? Reference(JsonElement o, string name) => o.TryGetProperty(name, out var value) ? StripeReference.IdOf(value) : null;
}
