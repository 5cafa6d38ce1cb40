using System.Text.Json.Serialization;
using Headstore.Domain.Common;

namespace Headstore.Domain.Payments;

/// <summary>A customer's payment in Headstore (not the provider's payment intent id).</summary>
[JsonConverter(typeof(TypedIdJsonConverter<PaymentId>))]
public readonly record struct PaymentId(string Value) : ITypedId<PaymentId>
{
    public static PaymentId From(string value) => new(value);
    public static PaymentId New(DateTimeOffset now) => new(IdGenerator.New("pay", now));

    /// <summary>
    /// A paid question has one payment, named after it (as a plan period's payment is named after its subscription):
    /// the business key finds it from the question, and a store can keep it beside the question (docs/cosmos.md, "Money").
    /// </summary>
    public static PaymentId ForQuestion(QuestionId question) => new($"pay_{question.Value}");

    /// <summary>A payment for something sold on a question (an offer made on it): named after both, kept beside the question too.</summary>
    public static PaymentId ForQuestion(QuestionId question, string sold) => new($"pay_{question.Value}_{sold}");
    public override string ToString() => Value;
}

/// <summary>One weekly payout to one expert in one currency: <c>po_{expert}_{yyyy-Www}_{currency}</c>, so a week is paid once.</summary>
[JsonConverter(typeof(TypedIdJsonConverter<PayoutId>))]
public readonly record struct PayoutId(string Value) : ITypedId<PayoutId>
{
    public static PayoutId From(string value) => new(value);
    public static PayoutId For(ExpertId expert, string week, Currency currency) => new($"po_{expert.Value}_{week}_{currency.Code}");
    public override string ToString() => Value;
}

/// <summary>A customer's plan subscription; one per customer, so its id is the customer's.</summary>
[JsonConverter(typeof(TypedIdJsonConverter<SubscriptionId>))]
public readonly record struct SubscriptionId(string Value) : ITypedId<SubscriptionId>
{
    public static SubscriptionId From(string value) => new(value);
    public static SubscriptionId For(UserId customer) => new($"sub_{customer.Value}");
    public override string ToString() => Value;
}
