namespace Headstore.Infrastructure.Payments.Sandbox;

/// <summary>How a test payment method behaves, by Stripe's documented test ids.</summary>
public enum TestCardBehaviour
{
    Succeeds,

    /// <summary>Declined when saved and when charged (Stripe verifies a card when it is attached).</summary>
    Declines,

    /// <summary>Saved fine; every charge is declined (Stripe's pm_card_chargeCustomerFail).</summary>
    SavesButChargesFail,

    /// <summary>Charges succeed, then the cardholder disputes the charge (pm_card_createDispute).</summary>
    Disputed,
}

public sealed record TestCard(string PaymentMethodId, TestCardBehaviour Behaviour, string? Code = null, string? DeclineCode = null, string? Message = null);

/// <summary>
/// Stripe's test payment methods that the sandbox knows (https://docs.stripe.com/testing). Any other id is "no such
/// payment method", as it would be in Stripe's test mode.
/// </summary>
public static class SandboxTestCards
{
    private static readonly TestCard[] Cards =
    [
        new("pm_card_visa", TestCardBehaviour.Succeeds),
        new("pm_card_visa_debit", TestCardBehaviour.Succeeds),
        new("pm_card_mastercard", TestCardBehaviour.Succeeds),
        new("pm_card_mastercard_debit", TestCardBehaviour.Succeeds),
        new("pm_card_amex", TestCardBehaviour.Succeeds),
        new("pm_card_discover", TestCardBehaviour.Succeeds),
        new("pm_card_us", TestCardBehaviour.Succeeds),
        new("pm_card_gb", TestCardBehaviour.Succeeds),
        new("pm_card_de", TestCardBehaviour.Succeeds),
        new("pm_card_fr", TestCardBehaviour.Succeeds),
        new("pm_card_ca", TestCardBehaviour.Succeeds),
        new("pm_card_ch", TestCardBehaviour.Succeeds),
        new("pm_card_chargeDeclined", TestCardBehaviour.Declines, "card_declined", "generic_decline", "Your card was declined."),
        new("pm_card_chargeDeclinedInsufficientFunds", TestCardBehaviour.Declines, "card_declined", "insufficient_funds", "Your card has insufficient funds."),
        new("pm_card_chargeDeclinedLostCard", TestCardBehaviour.Declines, "card_declined", "lost_card", "Your card was declined."),
        new("pm_card_chargeDeclinedStolenCard", TestCardBehaviour.Declines, "card_declined", "stolen_card", "Your card was declined."),
        new("pm_card_chargeDeclinedFraudulent", TestCardBehaviour.Declines, "card_declined", "fraudulent", "Your card was declined."),
        new("pm_card_chargeDeclinedExpiredCard", TestCardBehaviour.Declines, "expired_card", null, "Your card has expired."),
        new("pm_card_chargeDeclinedIncorrectCvc", TestCardBehaviour.Declines, "incorrect_cvc", null, "Your card's security code is incorrect."),
        new("pm_card_chargeDeclinedProcessingError", TestCardBehaviour.Declines, "processing_error", null, "An error occurred while processing your card. Try again in a little bit."),
        new("pm_card_chargeCustomerFail", TestCardBehaviour.SavesButChargesFail, "card_declined", "generic_decline", "Your card was declined."),
        new("pm_card_createDispute", TestCardBehaviour.Disputed),
    ];

    private static readonly Dictionary<string, TestCard> Lookup = Cards.ToDictionary(c => c.PaymentMethodId, StringComparer.Ordinal);

    public static IReadOnlyList<TestCard> All => Cards;

    public static TestCard? Find(string? paymentMethodId) => paymentMethodId is not null && Lookup.TryGetValue(paymentMethodId, out var card) ? card : null;
}
