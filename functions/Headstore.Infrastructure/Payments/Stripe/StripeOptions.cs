using Microsoft.Extensions.Options;

namespace Headstore.Infrastructure.Payments.Stripe;

/// <summary>Settings of the Stripe adapter, bound from the "Stripe" configuration section.</summary>
public sealed class StripeOptions
{
    public const string SectionName = "Stripe";

    /// <summary>The API version our request and response shapes were written against; Stripe pins behaviour to it.</summary>
    public const string DefaultApiVersion = "2024-04-10";

    /// <summary>A secret (<c>sk_…</c>) or restricted (<c>rk_…</c>) key. Comes from Key Vault, never from a file in the repository.</summary>
    public string SecretKey { get; set; } = "";

    /// <summary>The signing secret of our webhook endpoint (<c>whsec_…</c>).</summary>
    public string WebhookSecret { get; set; } = "";

    public Uri BaseUrl { get; set; } = new("https://api.stripe.com");

    public string ApiVersion { get; set; } = DefaultApiVersion;

    /// <summary>
    /// The platform account's country. Connected accounts elsewhere are created under the recipient service agreement,
    /// which is what lets a platform pay experts across borders with separate transfers.
    /// </summary>
    public string PlatformCountry { get; set; } = "US";

    /// <summary>Retries after the first attempt, for requests that are safe to repeat.</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>The first back-off; it doubles per retry, with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>How far a webhook's signed timestamp may be from our clock before we treat it as a replay.</summary>
    public TimeSpan WebhookTolerance { get; set; } = TimeSpan.FromSeconds(300);
}

public sealed class StripeOptionsValidator : IValidateOptions<StripeOptions>
{
    public ValidateOptionsResult Validate(string? name, StripeOptions options)
    {
        var failures = new List<string>();
        if (!(options.SecretKey.StartsWith("sk_", StringComparison.Ordinal) || options.SecretKey.StartsWith("rk_", StringComparison.Ordinal)))
        {
            failures.Add("Stripe:SecretKey must be a secret (sk_…) or restricted (rk_…) key.");
        }

        if (!options.WebhookSecret.StartsWith("whsec_", StringComparison.Ordinal))
        {
            failures.Add("Stripe:WebhookSecret must be a webhook signing secret (whsec_…).");
        }

        if (options.BaseUrl is not { IsAbsoluteUri: true } || options.BaseUrl.Scheme is not ("https" or "http"))
        {
            failures.Add("Stripe:BaseUrl must be an absolute http(s) URL.");
        }
        else if (options.BaseUrl.Scheme == "http" && !options.BaseUrl.IsLoopback)
        {
            // A secret key must never travel in clear text; plain http is only for a local test server.
            failures.Add("Stripe:BaseUrl must use https unless it points to this machine.");
        }

        if (string.IsNullOrWhiteSpace(options.ApiVersion))
        {
            failures.Add("Stripe:ApiVersion is required.");
        }

        if (options.PlatformCountry is not { Length: 2 })
        {
            failures.Add("Stripe:PlatformCountry must be a two-letter country code.");
        }

        if (options.MaxRetries is < 0 or > 5)
        {
            failures.Add("Stripe:MaxRetries must be between 0 and 5.");
        }

        if (options.RetryDelay < TimeSpan.Zero || options.RetryDelay > TimeSpan.FromSeconds(30))
        {
            failures.Add("Stripe:RetryDelay must be between 0 and 30 seconds.");
        }

        if (options.WebhookTolerance <= TimeSpan.Zero || options.WebhookTolerance > TimeSpan.FromMinutes(15))
        {
            failures.Add("Stripe:WebhookTolerance must be positive and at most 15 minutes.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
