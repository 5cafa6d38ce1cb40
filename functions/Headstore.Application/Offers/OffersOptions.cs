using System.ComponentModel.DataAnnotations;
using Headstore.Domain.Common;
using Headstore.Domain.Offers;
using Validator = Headstore.Domain.Common.Validator;

namespace Headstore.Application.Offers;

/// <summary>The premium-service rules that are settings, bound from the "Offers" section and checked at start-up.</summary>
public sealed class OffersOptions
{
    public const string Section = "Offers";

    /// <summary>The customer is reminded of an offer they neither accepted nor declined this long after it was sent.</summary>
    public TimeSpan ReminderAfter { get; set; } = TimeSpan.FromHours(48);

    /// <summary>An offer nobody answered expires this long after it was sent.</summary>
    public TimeSpan OpenFor { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The expert is prompted when an accepted offer is still not completed this long after acceptance.</summary>
    public TimeSpan CompletionPromptAfter { get; set; } = TimeSpan.FromDays(7);

    /// <summary>The customer may ask for a full refund of a completed offer for this long after completion.</summary>
    public TimeSpan RefundWindow { get; set; } = TimeSpan.FromDays(30);

    /// <summary>An acceptance whose request did not finish (crash, timeout) is repeated with the same keys after this long.</summary>
    public TimeSpan AcceptRetryAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A refund the provider could not make now is tried again after this long.</summary>
    public TimeSpan RefundRetryAfter { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>The lowest and highest offer price, in minor units of the expert's currency.</summary>
    [Range(50, 10_000_000)]
    public long MinimumPriceMinor { get; set; } = 500;

    [Range(50, 10_000_000)]
    public long MaximumPriceMinor { get; set; } = 500_000;

    /// <summary>Customer care: told when an expert cannot complete an offer or a refund cannot be made.</summary>
    [EmailAddress]
    public string CareEmail { get; set; } = "care@headstore.local";

    public OfferPolicy Policy => new(ReminderAfter, OpenFor, CompletionPromptAfter, RefundWindow, AcceptRetryAfter, RefundRetryAfter);

    /// <summary>Checks an offer or catalogue price: within the bounds and in the expert's currency.</summary>
    public void ValidatePrice(Money? price, Currency? expertCurrency, Validator validator, bool required, string field = "price")
    {
        if (price is not { } value)
        {
            validator.Require(!required, field, "Required: { amount, currency }.");
            return;
        }

        if (expertCurrency is { } currency && value.Currency != currency)
        {
            validator.Add(field, $"Offers are in your profile's currency, {currency.Code}.");
            return;
        }

        validator.Require(value.Minor >= MinimumPriceMinor && value.Minor <= MaximumPriceMinor, field,
            $"A price is between {new Money(MinimumPriceMinor, value.Currency).Format()} and {new Money(MaximumPriceMinor, value.Currency).Format()}.");
    }
}
