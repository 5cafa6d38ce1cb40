using System.Text.Json;

namespace Headstore.Infrastructure.Payments.Stripe;

// The few fields of Stripe's objects that the gateway reads, named as Stripe names them (snake_case on the wire).
// Expandable references (latest_charge, destination, transfer) are an id string or, when expanded, an object.

internal sealed record StripeErrorEnvelope(StripeApiError? Error);

internal sealed record StripeApiError(string? Type, string? Code, string? DeclineCode, string? Message, string? Param);

internal sealed record StripeCustomer(string Id, bool? Deleted);

internal sealed record StripeSetupIntent(string Id, string? ClientSecret, string Status, JsonElement? PaymentMethod = null);

internal sealed record StripePaymentIntent(
    string Id,
    long Amount,
    long? AmountCapturable,
    long? AmountReceived,
    string Currency,
    string Status,
    long Created,
    JsonElement? LatestCharge,
    string? TransferGroup,
    string? ClientSecret);

internal sealed record StripeRefund(string Id, long Amount, string Currency, string? Status);

internal sealed record StripeAccount(string Id, string? Country, bool? ChargesEnabled, bool? PayoutsEnabled, bool? DetailsSubmitted);

internal sealed record StripeAccountLink(string Url, long ExpiresAt);

internal sealed record StripeTransfer(string Id, long Amount, long AmountReversed, string Currency, JsonElement? Destination, string? TransferGroup);

internal sealed record StripeTransferReversal(string Id, long Amount, string Currency, JsonElement Transfer);

internal static class StripeReference
{
    /// <summary>The id of an expandable field, whether Stripe sent the id or the expanded object.</summary>
    public static string? IdOf(JsonElement? reference) => reference switch
    {
        { ValueKind: JsonValueKind.String } element => element.GetString(),
        { ValueKind: JsonValueKind.Object } element when element.TryGetProperty("id", out var id) => id.GetString(),
        _ => null,
    };
}
