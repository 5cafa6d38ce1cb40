using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Headstore.Domain.Common;
using Microsoft.Extensions.Options;

namespace Headstore.Infrastructure.Payments.Stripe;

/// <summary>An event Stripe sent to our webhook, after its signature was checked. De-duplicate on <see cref="Id"/>.</summary>
/// <param name="Account">The connected account the event happened on, for Connect events; null for our own account.</param>
/// <param name="PreviousAttributes">For updates, the changed fields' values before the event (e.g. <c>amount_refunded</c>).</param>
public sealed record StripeEvent(string Id, string Type, DateTimeOffset Created, bool LiveMode, string? Account, JsonElement DataObject, JsonElement? PreviousAttributes = null);

/// <summary>
/// Checks the <c>Stripe-Signature</c> header of a webhook request: a hex HMAC-SHA256 of <c>"{t}.{raw body}"</c>
/// keyed with the whole endpoint secret, and a timestamp within the tolerance so a captured request cannot be replayed
/// later. Several <c>v1</c> values appear while a secret is being rolled; any one matching is enough.
/// </summary>
public sealed class StripeWebhookVerifier
{
    public const string SignatureHeader = "Stripe-Signature";

    private readonly byte[] secret;
    private readonly TimeSpan tolerance;
    private readonly TimeProvider timeProvider;

    public StripeWebhookVerifier(IOptions<StripeOptions> options, TimeProvider timeProvider)
        : this(options.Value.WebhookSecret, options.Value.WebhookTolerance, timeProvider)
    {
    }

    public StripeWebhookVerifier(string webhookSecret, TimeSpan tolerance, TimeProvider timeProvider)
    {
        ArgumentException.ThrowIfNullOrEmpty(webhookSecret);
        secret = Encoding.UTF8.GetBytes(webhookSecret);
        this.tolerance = tolerance;
        this.timeProvider = timeProvider;
    }

    /// <summary>Verifies the signature over the exact bytes received (never a re-serialised body) and parses the event.</summary>
    public Result<StripeEvent> VerifyAndParse(string? signatureHeader, ReadOnlySpan<byte> rawBody)
    {
        var verified = Verify(signatureHeader, rawBody);
        return verified.IsSuccess ? StripeEventParser.Parse(rawBody) : verified.Error!;
    }

    public Result<Unit> Verify(string? signatureHeader, ReadOnlySpan<byte> rawBody)
    {
        if (!TryParseHeader(signatureHeader, out var timestamp, out var signatures))
        {
            return Invalid("webhook-signature-malformed", "The Stripe-Signature header is missing or malformed.");
        }

        var signedAt = DateTimeOffset.FromUnixTimeSeconds(timestamp);
        if ((timeProvider.GetUtcNow() - signedAt).Duration() > tolerance)
        {
            return Invalid("webhook-timestamp-out-of-tolerance", "The webhook's timestamp is too far from the current time.");
        }

        var prefix = Encoding.UTF8.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + ".");
        var payload = new byte[prefix.Length + rawBody.Length];
        prefix.CopyTo(payload, 0);
        rawBody.CopyTo(payload.AsSpan(prefix.Length));
        var expected = HMACSHA256.HashData(secret, payload);

        foreach (var signature in signatures)
        {
            // Constant time, so response timing does not reveal how much of a forged signature was right.
            if (CryptographicOperations.FixedTimeEquals(expected, signature))
            {
                return Unit.Value;
            }
        }

        return Invalid("webhook-signature-invalid", "No signature in the Stripe-Signature header matches the body.");
    }

    private static bool TryParseHeader(string? header, out long timestamp, out List<byte[]> signatures)
    {
        timestamp = 0;
        signatures = [];
        if (string.IsNullOrWhiteSpace(header))
        {
            return false;
        }

        var hasTimestamp = false;
        foreach (var part in header.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var key = part[..equals];
            var value = part[(equals + 1)..];
            if (key == "t")
            {
                hasTimestamp = long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out timestamp);
            }
            else if (key == "v1" && value.Length == 64)
            {
                // Other schemes (v0 is Stripe's test-only scheme) are ignored on purpose: only v1 is trusted.
                try
                {
                    signatures.Add(Convert.FromHexString(value));
                }
                catch (FormatException)
                {
                    // A malformed candidate cannot match; the others may still.
                }
            }
        }

        return hasTimestamp && signatures.Count > 0;
    }

    private static Error Invalid(string code, string detail) => new(ErrorKind.Validation, code, detail);
}

public static class StripeEventParser
{
    /// <summary>Reads the fields every handler needs; <c>data.object</c> stays JSON for the handler of that event type.</summary>
    public static Result<StripeEvent> Parse(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("id", out var id) && id.ValueKind == JsonValueKind.String
                && root.TryGetProperty("type", out var type) && type.ValueKind == JsonValueKind.String
                && root.TryGetProperty("created", out var created) && created.TryGetInt64(out var createdSeconds)
                && root.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
                && data.TryGetProperty("object", out var dataObject) && dataObject.ValueKind == JsonValueKind.Object)
            {
                var liveMode = root.TryGetProperty("livemode", out var live) && live.ValueKind == JsonValueKind.True;
                var account = root.TryGetProperty("account", out var accountElement) && accountElement.ValueKind == JsonValueKind.String
                    ? accountElement.GetString()
                    : null;
                return new StripeEvent(
                    id.GetString()!,
                    type.GetString()!,
                    DateTimeOffset.FromUnixTimeSeconds(createdSeconds),
                    liveMode,
                    account,
                    // Cloned, because the element must outlive the document disposed here.
                    dataObject.Clone(),
                    data.TryGetProperty("previous_attributes", out var previous) && previous.ValueKind == JsonValueKind.Object ? previous.Clone() : null);
            }
        }
        catch (JsonException)
        {
            // Falls through to the same answer as a well-formed body of the wrong shape.
        }

        return new Error(ErrorKind.Validation, "webhook-event-malformed", "The webhook body is not a Stripe event.");
    }
}
