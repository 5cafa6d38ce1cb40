using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Headstore.Infrastructure.Payments.Stripe;
using Headstore.Infrastructure.Tests.Testing;

namespace Headstore.Infrastructure.Tests.Payments.Stripe;

public sealed class StripeWebhookVerifierTests
{
    private static readonly JsonElement Vector = LoadVector();

    private static string Secret => Vector.GetProperty("endpoint_secret").GetString()!;

    private static long Timestamp => Vector.GetProperty("timestamp").GetInt64();

    private static byte[] Body => Encoding.UTF8.GetBytes(Vector.GetProperty("raw_body").GetString()!);

    private static string Header => Vector.GetProperty("header").GetString()!;

    [Fact]
    public void SharedVector_IsAccepted()
    {
        var result = Verifier(Timestamp).Verify(Header, Body);

        Assert.True(result.IsSuccess, result.Error?.Code);
    }

    [Fact]
    public void SharedVector_ParsesToTheEvent()
    {
        var result = Verifier(Timestamp).VerifyAndParse(Header, Body);

        // The vector's body has no created or data; it is a signature vector, not an event.
        Assert.Equal("webhook-event-malformed", result.Error?.Code);
    }

    [Fact]
    public void SignatureOfTheVector_IsTheExpectedHex()
    {
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), Encoding.UTF8.GetBytes(Vector.GetProperty("signed_payload").GetString()!));

        Assert.Equal(Vector.GetProperty("expected_v1_hex").GetString(), Convert.ToHexStringLower(signature));
    }

    [Fact]
    public void TamperedBody_IsRejected()
    {
        var tampered = Encoding.UTF8.GetBytes(Vector.GetProperty("raw_body").GetString()!.Replace("succeeded", "failed", StringComparison.Ordinal));

        Assert.Equal("webhook-signature-invalid", Verifier(Timestamp).Verify(Header, tampered).Error?.Code);
    }

    [Fact]
    public void OtherSecret_IsRejected()
    {
        var verifier = new StripeWebhookVerifier("whsec_other", TimeSpan.FromSeconds(300), new ManualTimeProvider(DateTimeOffset.FromUnixTimeSeconds(Timestamp)));

        Assert.Equal("webhook-signature-invalid", verifier.Verify(Header, Body).Error?.Code);
    }

    [Theory]
    [InlineData(300, true)]
    [InlineData(301, false)]
    [InlineData(-300, true)]
    [InlineData(-301, false)]
    public void Timestamp_MustBeWithinTheTolerance(int secondsFromSigning, bool accepted)
    {
        var result = Verifier(Timestamp + secondsFromSigning).Verify(Header, Body);

        Assert.Equal(accepted, result.IsSuccess);
        if (!accepted)
        {
            Assert.Equal("webhook-timestamp-out-of-tolerance", result.Error!.Code);
        }
    }

    [Fact]
    public void SeveralV1Signatures_AnyMatchingIsEnough()
    {
        var expected = Vector.GetProperty("expected_v1_hex").GetString();
        var header = $"t={Timestamp},v1={new string('0', 64)},v0=ignored,v1={expected}";

        Assert.True(Verifier(Timestamp).Verify(header, Body).IsSuccess);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("v1=f19ae5615d0ea95faad55d631ef9b1f0db5164d68566117a3acae8af0a19f9b0")]
    [InlineData("t=1700000000")]
    [InlineData("t=abc,v1=f19ae5615d0ea95faad55d631ef9b1f0db5164d68566117a3acae8af0a19f9b0")]
    public void MalformedHeader_IsRejected(string? header)
    {
        Assert.Equal("webhook-signature-malformed", Verifier(Timestamp).Verify(header, Body).Error?.Code);
    }

    [Fact]
    public void SignedEvent_IsParsedIntoItsTypedRecord()
    {
        var body = Encoding.UTF8.GetBytes(
            """{"id":"evt_1","object":"event","type":"payment_intent.amount_capturable_updated","created":1700000000,"livemode":false,"account":"acct_1","data":{"object":{"id":"pi_1","object":"payment_intent"}}}""");
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(Secret), (byte[])[.. Encoding.UTF8.GetBytes($"{Timestamp}."), .. body]));

        var result = Verifier(Timestamp).VerifyAndParse($"t={Timestamp},v1={signature}", body);

        var stripeEvent = result.Value;
        Assert.Equal(("evt_1", "payment_intent.amount_capturable_updated", "acct_1", false), (stripeEvent.Id, stripeEvent.Type, stripeEvent.Account, stripeEvent.LiveMode));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), stripeEvent.Created);
        Assert.Equal("pi_1", stripeEvent.DataObject.GetProperty("id").GetString());
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("""{"id":"evt_1","type":"x","created":1}""")]
    [InlineData("[]")]
    public void MalformedEvent_IsRejected(string json)
    {
        Assert.Equal("webhook-event-malformed", StripeEventParser.Parse(Encoding.UTF8.GetBytes(json)).Error?.Code);
    }

    private static StripeWebhookVerifier Verifier(long nowSeconds) =>
        new(Secret, TimeSpan.FromSeconds(Vector.GetProperty("tolerance_seconds").GetInt32()), new ManualTimeProvider(DateTimeOffset.FromUnixTimeSeconds(nowSeconds)));

    private static JsonElement LoadVector()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(SharedSpecs.PathOf("signing-test-vectors.json")));
        return document.RootElement.GetProperty("stripe").Clone();
    }
}
