using System.Text.Json.Serialization;

namespace Headstore.Domain.Common;

/// <summary>An ISO 4217 currency that Headstore accepts. All of them have two decimal places.</summary>
[JsonConverter(typeof(CurrencyJsonConverter))]
public readonly record struct Currency
{
    private static readonly string[] SupportedCodes = ["USD", "GBP", "EUR", "CAD", "CHF"];

    public static readonly Currency USD = new("USD");
    public static readonly Currency GBP = new("GBP");
    public static readonly Currency EUR = new("EUR");
    public static readonly Currency CAD = new("CAD");
    public static readonly Currency CHF = new("CHF");

    private Currency(string code) => Code = code;

    public string Code { get; }

    public int MinorDigits => 2;

    public static IReadOnlyList<string> Supported => SupportedCodes;

    public static bool TryParse(string? code, out Currency currency)
    {
        var upper = code?.Trim().ToUpperInvariant();
        if (upper is not null && SupportedCodes.Contains(upper))
        {
            currency = new Currency(upper);
            return true;
        }

        currency = default;
        return false;
    }

    public static Currency Parse(string code) =>
        TryParse(code, out var currency) ? currency : throw new ArgumentException($"Unsupported currency '{code}'.", nameof(code));

    public override string ToString() => Code ?? "";
}

/// <summary>
/// An amount of money in integer minor units (cents) of one currency. Never floating point.
/// On the wire and in storage: { "amount": 8100, "currency": "USD" }.
/// </summary>
[JsonConverter(typeof(MoneyJsonConverter))]
public readonly record struct Money(long Minor, Currency Currency)
{
    public static Money Zero(Currency currency) => new(0, currency);

    public static Money operator +(Money left, Money right)
    {
        EnsureSameCurrency(left, right);
        return new Money(checked(left.Minor + right.Minor), left.Currency);
    }

    public static Money operator -(Money left, Money right)
    {
        EnsureSameCurrency(left, right);
        return new Money(checked(left.Minor - right.Minor), left.Currency);
    }

    public static Money operator -(Money value) => new(-value.Minor, value.Currency);

    public Money Add(Money other) => this + other;

    public Money Subtract(Money other) => this - other;

    public Money Multiply(long factor) => new(checked(Minor * factor), Currency);

    public bool IsPositive => Minor > 0;

    public bool IsNegative => Minor < 0;

    /// <summary>
    /// The one rounding rule for every split: the share is <paramref name="basisPoints"/>/10,000 of the amount
    /// rounded half away from zero, and the remainder goes to the other party, so share + rest == amount exactly.
    /// </summary>
    public (Money Share, Money Remainder) Split(int basisPoints)
    {
        if (basisPoints is < 0 or > 10_000)
        {
            throw new ArgumentOutOfRangeException(nameof(basisPoints), basisPoints, "A share is between 0 and 10000 basis points.");
        }

        var numerator = checked(Minor * basisPoints);
        var share = numerator / 10_000;
        var remainder = numerator % 10_000;
        if (Math.Abs(remainder) * 2 >= 10_000)
        {
            share += Math.Sign(numerator);
        }

        return (new Money(share, Currency), new Money(Minor - share, Currency));
    }

    /// <summary>Formats for people, e.g. "81.00 USD".</summary>
    public string Format()
    {
        var sign = Minor < 0 ? "-" : "";
        var absolute = Math.Abs(Minor);
        return $"{sign}{absolute / 100}.{absolute % 100:00} {Currency.Code}";
    }

    public override string ToString() => Format();

    private static void EnsureSameCurrency(Money left, Money right)
    {
        if (left.Currency != right.Currency)
        {
            throw new InvalidOperationException($"Cannot combine {left.Currency} with {right.Currency} without an explicit conversion.");
        }
    }
}

public sealed class CurrencyJsonConverter : JsonConverter<Currency>
{
    public override Currency Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options)
    {
        var code = reader.GetString();
        return Currency.TryParse(code, out var currency)
            ? currency
            : throw new System.Text.Json.JsonException($"Unsupported currency '{code}'. Use one of {string.Join(", ", Currency.Supported)}.");
    }

    public override void Write(System.Text.Json.Utf8JsonWriter writer, Currency value, System.Text.Json.JsonSerializerOptions options) =>
        writer.WriteStringValue(value.Code);
}

public sealed class MoneyJsonConverter : JsonConverter<Money>
{
    public override Money Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options)
    {
        if (reader.TokenType != System.Text.Json.JsonTokenType.StartObject)
        {
            throw new System.Text.Json.JsonException("Money is an object { amount, currency }.");
        }

        long? amount = null;
        Currency? currency = null;
        while (reader.Read() && reader.TokenType != System.Text.Json.JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            if (string.Equals(name, "amount", StringComparison.OrdinalIgnoreCase))
            {
                amount = reader.TokenType == System.Text.Json.JsonTokenType.Number && reader.TryGetInt64(out var minor)
                    ? minor
                    : throw new System.Text.Json.JsonException("The amount is an integer number of minor units (cents).");
            }
            else if (string.Equals(name, "currency", StringComparison.OrdinalIgnoreCase))
            {
                currency = new CurrencyJsonConverter().Read(ref reader, typeof(Currency), options);
            }
            else
            {
                reader.Skip();
            }
        }

        return amount is not null && currency is not null
            ? new Money(amount.Value, currency.Value)
            : throw new System.Text.Json.JsonException("Money needs both amount and currency.");
    }

    public override void Write(System.Text.Json.Utf8JsonWriter writer, Money value, System.Text.Json.JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteNumber("amount", value.Minor);
        writer.WriteString("currency", value.Currency.Code);
        writer.WriteEndObject();
    }
}
