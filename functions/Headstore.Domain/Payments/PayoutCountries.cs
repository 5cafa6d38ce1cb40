namespace Headstore.Domain.Payments;

/// <summary>
/// The countries in which an expert can receive payouts: where our payment provider supports Express
/// connected accounts for this platform. An expert elsewhere can answer questions but cannot be paid,
/// so onboarding rejects them up front rather than after they have filled in a form.
/// </summary>
public static class PayoutCountries
{
    private static readonly string[] Codes =
    [
        "US", "GB", "AU", "CA", "DK", "FI", "IE", "NO", "SE", "AT", "BE", "FR",
        "DE", "IT", "JP", "LU", "NL", "ES", "BR", "MX", "PT", "SG", "CH",
    ];

    private static readonly HashSet<string> Lookup = new(Codes, StringComparer.Ordinal);

    /// <summary>ISO 3166-1 alpha-2 codes, upper case.</summary>
    public static IReadOnlyList<string> All => Codes;

    public static bool IsSupported(string? countryCode) =>
        countryCode is not null && Lookup.Contains(countryCode.Trim().ToUpperInvariant());

    /// <summary>The canonical (trimmed, upper case) code, or null when payouts are not supported there.</summary>
    public static string? Normalize(string? countryCode)
    {
        var upper = countryCode?.Trim().ToUpperInvariant();
        return upper is not null && Lookup.Contains(upper) ? upper : null;
    }
}
