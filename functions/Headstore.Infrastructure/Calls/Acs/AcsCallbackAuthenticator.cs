using System.Security.Cryptography;
using System.Text;
using Headstore.Domain.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace Headstore.Infrastructure.Calls.Acs;

/// <summary>
/// Decides whether a Call Automation callback really comes from our ACS resource: its bearer JWT must be signed
/// with a key from ACS's OpenID configuration, be meant for our resource id and be current, and the callback URL
/// must carry our secret. Either check alone would let a leaked URL or a token for another resource through.
/// </summary>
public sealed class AcsCallbackAuthenticator
{
    public const string SecretQueryParameter = "secret";

    internal const string MetadataHttpClientName = "acs-callback-metadata";

    /// <summary>ACS signs callbacks with tokens that live minutes; a minute covers clock drift between the machines.</summary>
    private static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(1);

    private readonly IOptions<AcsOptions> options;
    private readonly TimeProvider timeProvider;
    private readonly ILogger<AcsCallbackAuthenticator> logger;
    private readonly ConfigurationManager<OpenIdConnectConfiguration> metadata;
    private readonly JsonWebTokenHandler tokenHandler = new();

    public AcsCallbackAuthenticator(
        IOptions<AcsOptions> options,
        IHttpClientFactory httpClientFactory,
        TimeProvider timeProvider,
        ILogger<AcsCallbackAuthenticator> logger)
    {
        this.options = options;
        this.timeProvider = timeProvider;
        this.logger = logger;
        var metadataUrl = options.Value.CallbackMetadataUrl;
        metadata = new ConfigurationManager<OpenIdConnectConfiguration>(
            metadataUrl.AbsoluteUri,
            new OpenIdConnectConfigurationRetriever(),
            new FactoryDocumentRetriever(httpClientFactory, requireHttps: !metadataUrl.IsLoopback));
    }

    /// <param name="authorizationHeader">The callback's Authorization header, <c>Bearer &lt;jwt&gt;</c>.</param>
    /// <param name="urlSecret">The value of the <see cref="SecretQueryParameter"/> query parameter of the callback URL.</param>
    public async Task<Result<Unit>> AuthenticateAsync(string? authorizationHeader, string? urlSecret, CancellationToken cancellationToken = default)
    {
        if (!SecretMatches(urlSecret))
        {
            return Reject("the URL secret does not match");
        }

        const string bearer = "Bearer ";
        if (authorizationHeader is null || !authorizationHeader.StartsWith(bearer, StringComparison.OrdinalIgnoreCase))
        {
            return Reject("there is no bearer token");
        }

        var token = authorizationHeader[bearer.Length..].Trim();
        var result = await ValidateAsync(token, cancellationToken);
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // ACS rotates its signing keys; a key we have not seen yet means our copy of the key set is stale.
            metadata.RequestRefresh();
            result = await ValidateAsync(token, cancellationToken);
        }

        return result.IsValid ? Unit.Value : Reject(result.Exception?.GetType().Name ?? "the token is invalid");
    }

    private async Task<TokenValidationResult> ValidateAsync(string token, CancellationToken cancellationToken)
    {
        var configuration = await metadata.GetConfigurationAsync(cancellationToken);
        var parameters = new TokenValidationParameters
        {
            ValidAudience = options.Value.ResourceId,
            ValidIssuer = configuration.Issuer,
            IssuerSigningKeys = configuration.SigningKeys,
            ValidateIssuerSigningKey = true,
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ValidateLifetime = true,
            LifetimeValidator = IsCurrent,
        };
        return await tokenHandler.ValidateTokenAsync(token, parameters);
    }

    /// <summary>Lifetime against the injected clock, so tests and the service agree on what "now" is.</summary>
    private bool IsCurrent(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = timeProvider.GetUtcNow().UtcDateTime;
        return expires is { } expiry && now <= expiry + ClockSkew && (notBefore is null || notBefore.Value - ClockSkew <= now);
    }

    private bool SecretMatches(string? urlSecret)
    {
        var expected = options.Value.CallbackSecret;
        if (string.IsNullOrEmpty(urlSecret) || string.IsNullOrEmpty(expected))
        {
            return false;
        }

        // Hashing first gives equal lengths, so the comparison time tells nothing about the secret either.
        return CryptographicOperations.FixedTimeEquals(
            SHA256.HashData(Encoding.UTF8.GetBytes(urlSecret)),
            SHA256.HashData(Encoding.UTF8.GetBytes(expected)));
    }

    private Error Reject(string reason)
    {
        logger.LogWarning("Rejected an ACS callback: {Reason}.", reason);
        return Error.Unauthorized();
    }

    /// <summary>Takes a client from the factory for each download, so the singleton never pins one connection pool.</summary>
    private sealed class FactoryDocumentRetriever(IHttpClientFactory factory, bool requireHttps) : IDocumentRetriever
    {
        public Task<string> GetDocumentAsync(string address, CancellationToken cancel) =>
            new HttpDocumentRetriever(factory.CreateClient(MetadataHttpClientName)) { RequireHttps = requireHttps }.GetDocumentAsync(address, cancel);
    }
}
