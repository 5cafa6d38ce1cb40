using System.Text.Json.Nodes;

namespace Headstore.Infrastructure.Tests.Payments.Stripe;

/// <summary>The contract checker itself: it must reject what Stripe would reject, or the gateway tests prove nothing.</summary>
public sealed class StripeContractTests
{
    private static readonly StripeContract Contract = StripeContract.Load();

    [Fact]
    public void ConformingRequest_HasNoViolations()
    {
        Assert.Empty(Validate(PaymentIntentForm()));
    }

    [Fact]
    public void MisspeltParameter_IsAViolation()
    {
        var violations = Validate([.. PaymentIntentForm(), new("capture_mode", "manual")]);

        Assert.Contains(violations, violation => violation.Contains("'capture_mode' is not a parameter", StringComparison.Ordinal));
    }

    [Fact]
    public void UnknownNestedParameter_IsAViolation()
    {
        var violations = Validate([.. PaymentIntentForm(), new("automatic_payment_methods[enabled]", "true"), new("automatic_payment_methods[turbo]", "true")]);

        Assert.Contains(violations, violation => violation.Contains("automatic_payment_methods[turbo]", StringComparison.Ordinal));
    }

    [Fact]
    public void MissingNestedRequiredParameter_IsAViolation()
    {
        var violations = Validate([.. PaymentIntentForm(), new("automatic_payment_methods[allow_redirects]", "never")]);

        Assert.Contains(violations, violation => violation.Contains("required 'automatic_payment_methods[enabled]'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("amount", "50.00", "not an integer")]
    [InlineData("confirm", "True", "not a boolean")]
    [InlineData("capture_method", "later", "not one of")]
    public void WrongType_IsAViolation(string key, string value, string expected)
    {
        var form = PaymentIntentForm().Where(pair => pair.Key != key).Append(new(key, value)).ToList();

        Assert.Contains(Validate(form), violation => violation.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void MissingRequiredParameter_IsAViolation()
    {
        var violations = Validate([.. PaymentIntentForm().Where(pair => pair.Key != "currency")]);

        Assert.Contains(violations, violation => violation.Contains("required 'currency' is missing", StringComparison.Ordinal));
    }

    [Fact]
    public void MetadataAndListsInBrackets_AreAccepted()
    {
        Assert.Empty(Validate([.. PaymentIntentForm(), new("metadata[session_id]", "s_1"), new("expand[]", "latest_charge"), new("payment_method_types[0]", "card")]));
    }

    [Fact]
    public void ParameterSentTwice_IsAViolation()
    {
        Assert.NotEmpty(Validate([.. PaymentIntentForm(), new("amount", "10")]));
    }

    [Fact]
    public void MissingHeaders_AreViolations()
    {
        var request = new RecordedRequest("POST", "/v1/payment_intents", new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Content-Type"] = "application/x-www-form-urlencoded",
        }, [], PaymentIntentForm());

        var violations = Contract.ValidateRequest(request, out _);

        Assert.Contains(violations, violation => violation.Contains("Authorization", StringComparison.Ordinal));
        Assert.Contains(violations, violation => violation.Contains("Stripe-Version", StringComparison.Ordinal));
        Assert.Contains(violations, violation => violation.Contains("Idempotency-Key", StringComparison.Ordinal));
    }

    [Fact]
    public void UnknownOperation_IsAViolation()
    {
        var request = new RecordedRequest("POST", "/v1/payment_intents/pi_1/approve", Headers(), [], []);

        Assert.NotEmpty(Contract.ValidateRequest(request, out var operation));
        Assert.Null(operation);
    }

    [Fact]
    public void PathTemplates_Match()
    {
        Assert.Equal("PostPaymentIntentsIntentCapture", Contract.Find("POST", "/v1/payment_intents/pi_1/capture")?.OperationId);
        Assert.Equal("GetAccountsAccount", Contract.Find("GET", "/v1/accounts/acct_1")?.OperationId);
        Assert.Null(Contract.Find("DELETE", "/v1/accounts/acct_1"));
    }

    [Fact]
    public void UnknownQueryParameter_OnAGet_IsAViolation()
    {
        var request = new RecordedRequest("GET", "/v1/accounts/acct_1", Headers(), [new("expand[]", "capabilities"), new("include", "all")], []);

        var violations = Contract.ValidateRequest(request, out _);

        Assert.Equal(["GetAccountsAccount query: 'include' is not a parameter of this operation."], violations);
    }

    [Fact]
    public void GeneratedResponses_OfEveryOperation_ConformToTheirSchemas()
    {
        foreach (var operation in Contract.Operations)
        {
            var schema = Contract.ResponseSchema(operation, 200);
            var generated = Contract.Generate(schema, 1_700_000_000);

            Assert.True(Contract.ValidateResponse(generated, schema).Count == 0, $"{operation.OperationId}: {string.Join("; ", Contract.ValidateResponse(generated, schema))}");
        }
    }

    [Fact]
    public void ResponseValidation_CatchesWrongTypesUnknownFieldsAndMissingRequired()
    {
        var schema = Contract.ResponseSchema(Contract.Find("GET", "/v1/payment_intents/pi_1")!, 200);
        var response = Contract.Generate(schema, 1_700_000_000)!.AsObject();
        response["amount"] = "5000";
        response["amont"] = 5000;
        response.Remove("currency");

        var violations = Contract.ValidateResponse(response, schema);

        Assert.Equal(3, violations.Count);
    }

    private static IReadOnlyList<string> Validate(List<KeyValuePair<string, string>> form) =>
        Contract.ValidateRequest(new RecordedRequest("POST", "/v1/payment_intents", Headers(), [], form), out _);

    private static Dictionary<string, string> Headers() => new(StringComparer.OrdinalIgnoreCase)
    {
        ["Authorization"] = "Bearer sk_test_1",
        ["Stripe-Version"] = StripeContract.ApiVersion,
        ["Idempotency-Key"] = "authorise:s_1",
        ["Content-Type"] = "application/x-www-form-urlencoded",
    };

    private static List<KeyValuePair<string, string>> PaymentIntentForm() =>
    [
        new("amount", "5000"),
        new("currency", "usd"),
        new("capture_method", "manual"),
        new("confirm", "true"),
    ];
}
