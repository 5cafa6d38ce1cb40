using Microsoft.Extensions.Options;

namespace Headstore.Infrastructure.Calls.Acs;

/// <summary>Azure Communication Services, bound from the "Acs" configuration section.</summary>
public sealed class AcsOptions
{
    public const string SectionName = "Acs";

    /// <summary>Where ACS publishes the keys that sign Call Automation callbacks.</summary>
    public const string DefaultCallbackMetadataUrl = "https://acscallautomation.communication.azure.com/calling/.well-known/acsopenidconfiguration";

    /// <summary><c>endpoint=https://…/;accesskey=…</c>. Leave empty to use <see cref="Endpoint"/> with managed identity.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The resource endpoint, used with Entra ID (managed identity) when there is no connection string.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>Client id of a user-assigned managed identity; empty for the system-assigned one.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>The resource's immutable id: the audience of the JWT on each Call Automation callback.</summary>
    public string ResourceId { get; set; } = "";

    /// <summary>Our public URL that receives Call Automation callbacks.</summary>
    public Uri? CallbackBaseUrl { get; set; }

    /// <summary>An unguessable value put in the callback URL and checked on every callback.</summary>
    public string CallbackSecret { get; set; } = "";

    public Uri CallbackMetadataUrl { get; set; } = new(DefaultCallbackMetadataUrl);

    /// <summary>The verified sender address, e.g. <c>DoNotReply@mail.headstore.example</c>.</summary>
    public string EmailSender { get; set; } = "";

    /// <summary>The endpoint from the connection string, or <see cref="Endpoint"/>, ending in a slash so relative paths resolve under it.</summary>
    public Uri ResolveEndpoint()
    {
        var endpoint = AcsConnectionString.TryParse(ConnectionString, out var parsed)
            ? parsed.Endpoint
            : Endpoint ?? throw new InvalidOperationException("ACS has neither a connection string nor an endpoint.");
        return endpoint.AbsoluteUri.EndsWith('/') ? endpoint : new Uri(endpoint.AbsoluteUri + "/");
    }

    /// <summary>The callback URL handed to ACS: the base URL with the secret added to its query.</summary>
    public Uri CallbackUri() => CallbackUri(null);

    /// <summary>
    /// The callback URL for one session's call: the secret and the session id in the query, so every event of that
    /// call connection names its session without a lookup (ACS echoes an operation context only on some events).
    /// </summary>
    public Uri CallbackUri(string? sessionId)
    {
        var baseUrl = CallbackBaseUrl ?? throw new InvalidOperationException("ACS has no callback base URL.");
        var separator = string.IsNullOrEmpty(baseUrl.Query) ? "?" : "&";
        var session = string.IsNullOrEmpty(sessionId) ? "" : $"&{SessionQueryParameter}={Uri.EscapeDataString(sessionId)}";
        return new Uri($"{baseUrl.AbsoluteUri}{separator}{AcsCallbackAuthenticator.SecretQueryParameter}={Uri.EscapeDataString(CallbackSecret)}{session}");
    }

    /// <summary>The query parameter of the callback URL that names the session.</summary>
    public const string SessionQueryParameter = "session";
}

internal sealed class AcsOptionsValidator : IValidateOptions<AcsOptions>
{
    /// <summary>32 characters keep a random secret out of reach of guessing.</summary>
    private const int MinimumSecretLength = 32;

    public ValidateOptionsResult Validate(string? name, AcsOptions options)
    {
        var failures = new List<string>();
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            if (!AcsConnectionString.TryParse(options.ConnectionString, out _))
            {
                failures.Add("Acs:ConnectionString must look like 'endpoint=https://…/;accesskey=<base64>'.");
            }
        }
        else if (options.Endpoint is not { IsAbsoluteUri: true })
        {
            failures.Add("Acs needs a ConnectionString, or an absolute Endpoint for managed identity.");
        }

        if (string.IsNullOrWhiteSpace(options.ResourceId))
        {
            failures.Add("Acs:ResourceId (the callback token audience) is required.");
        }

        if (options.CallbackBaseUrl is not { IsAbsoluteUri: true })
        {
            failures.Add("Acs:CallbackBaseUrl must be an absolute URL.");
        }

        if (options.CallbackSecret.Length < MinimumSecretLength)
        {
            failures.Add($"Acs:CallbackSecret must be at least {MinimumSecretLength} characters.");
        }

        if (options.CallbackMetadataUrl is not { IsAbsoluteUri: true })
        {
            failures.Add("Acs:CallbackMetadataUrl must be an absolute URL.");
        }

        if (string.IsNullOrWhiteSpace(options.EmailSender) || !options.EmailSender.Contains('@'))
        {
            failures.Add("Acs:EmailSender must be an e-mail address.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
