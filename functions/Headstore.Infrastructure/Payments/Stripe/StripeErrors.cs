using System.Net;
using Headstore.Domain.Common;

namespace Headstore.Infrastructure.Payments.Stripe;

/// <summary>Turns Stripe's error responses into our <see cref="Error"/> values.</summary>
internal static class StripeErrors
{
    // invalid_request_error codes that say "not in this state" rather than "you sent a bad field":
    // the caller's request was well formed, the object has moved on (or the money is not there).
    private static readonly HashSet<string> StateConflictCodes = new(StringComparer.Ordinal)
    {
        "payment_intent_unexpected_state",
        "setup_intent_unexpected_state",
        "charge_already_captured",
        "charge_already_refunded",
        "charge_expired_for_capture",
        "charge_disputed",
        "balance_insufficient",
        "insufficient_funds",
        "transfers_not_allowed",
        "account_invalid",
        "lock_timeout",
        "resource_already_exists",
    };

    public static Error Map(HttpStatusCode status, StripeApiError? error)
    {
        var type = error?.Type;
        var message = string.IsNullOrWhiteSpace(error?.Message) ? "The payment provider refused the request." : error.Message;

        if (type == "card_error" || status == HttpStatusCode.PaymentRequired)
        {
            // Stripe words card errors for the cardholder, so the message can be shown; the decline reason
            // (insufficient_funds, expired_card, authentication_required…) is what the application branches on.
            var reason = error?.DeclineCode ?? error?.Code ?? "card_declined";
            return new Error(ErrorKind.PaymentRequired, Kebab(reason), $"{message} (decline reason: {reason})");
        }

        if (type == "idempotency_error")
        {
            return Error.Conflict("idempotency-key-reused", "This operation was already requested with different details.");
        }

        switch (status)
        {
            case HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden:
                // Our key is wrong or lacks a permission: a deployment bug, not something the user can fix.
                throw new InvalidOperationException($"Stripe rejected the API key ({(int)status}); check Stripe:SecretKey and its permissions.");
            case HttpStatusCode.NotFound:
                return new Error(ErrorKind.NotFound, Kebab(error?.Code ?? "resource_missing"), "The payment provider has no such object.");
            case HttpStatusCode.TooManyRequests:
                return new Error(ErrorKind.Unavailable, "payment-provider-busy", "The payment provider is busy; try again shortly.");
            case >= HttpStatusCode.InternalServerError:
                return new Error(ErrorKind.Unavailable, "payment-provider-unavailable", "The payment provider is unavailable; try again shortly.");
        }

        if (status == HttpStatusCode.Conflict || (error?.Code is { } code && StateConflictCodes.Contains(code)))
        {
            return Error.Conflict(Kebab(error?.Code ?? "conflict"), message);
        }

        return new Error(
            ErrorKind.Validation,
            Kebab(error?.Code ?? "invalid-request"),
            message,
            new Dictionary<string, string[]>(StringComparer.Ordinal) { [error?.Param ?? "request"] = [message] });
    }

    public static Error Unreachable() =>
        new(ErrorKind.Unavailable, "payment-provider-unreachable", "The payment provider could not be reached; try again shortly.");

    /// <summary>Stripe's snake_case codes in our kebab-case, e.g. insufficient_funds → insufficient-funds.</summary>
    public static string Kebab(string code) => code.Replace('_', '-').ToLowerInvariant();
}
