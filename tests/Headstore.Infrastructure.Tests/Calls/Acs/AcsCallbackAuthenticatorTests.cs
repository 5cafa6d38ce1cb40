using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Headstore.Domain.Common;
using Headstore.Infrastructure.Calls.Acs;
using Headstore.Infrastructure.Tests.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Headstore.Infrastructure.Tests.Calls.Acs;

public sealed class AcsCallbackAuthenticatorTests : IAsyncLifetime
{
    private const string Issuer = "https://acscallautomation.communication.azure.com";

    private readonly RSA signingKey = RSA.Create(2048);
    private readonly RSA otherKey = RSA.Create(2048);
    private readonly ManualTimeProvider clock = new(DateTimeOffset.UtcNow);
    private LocalHttpServer metadata = null!;
    private ServiceProvider services = null!;

    public async Task InitializeAsync()
    {
        var key = new RsaSecurityKey(signingKey.ExportParameters(false));
        var parameters = key.Parameters;
        metadata = await LocalHttpServer.StartAsync(context =>
        {
            context.Response.ContentType = "application/json";
            var document = context.Request.Path.Value == "/keys"
                ? new JsonObject
                {
                    ["keys"] = new JsonArray(new JsonObject
                    {
                        ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = "acs-key-1",
                        ["n"] = Base64UrlEncoder.Encode(parameters.Modulus), ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                    }),
                }
                : new JsonObject { ["issuer"] = Issuer, ["jwks_uri"] = new Uri(metadata!.BaseAddress, "keys").AbsoluteUri };
            return context.Response.WriteAsync(document.ToJsonString());
        });

        var settings = AcsTestHost.Settings($"endpoint=https://contoso.communication.azure.com/;accesskey={FakeAcsServer.AccessKey}");
        settings["Acs:CallbackMetadataUrl"] = new Uri(metadata.BaseAddress, ".well-known/acsopenidconfiguration").AbsoluteUri;
        services = AcsTestHost.Build(settings, clock);
    }

    public async Task DisposeAsync()
    {
        await services.DisposeAsync();
        await metadata.DisposeAsync();
        signingKey.Dispose();
        otherKey.Dispose();
    }

    [Fact]
    public async Task Authenticate_TokenFromAcsForOurResource_WithOurSecret_IsAccepted()
    {
        var result = await Authenticator.AuthenticateAsync($"Bearer {Token()}", AcsTestHost.CallbackSecret);

        Assert.True(result.IsSuccess);
    }

    [Fact]
    public async Task Authenticate_TokenForAnotherResource_IsRejected()
    {
        var result = await Authenticator.AuthenticateAsync($"Bearer {Token(audience: Guid.NewGuid().ToString())}", AcsTestHost.CallbackSecret);

        Assert.Equal(ErrorKind.Unauthorized, result.Error!.Kind);
    }

    [Fact]
    public async Task Authenticate_ExpiredToken_IsRejected()
    {
        var token = Token();
        clock.Advance(TimeSpan.FromMinutes(10));

        var result = await Authenticator.AuthenticateAsync($"Bearer {token}", AcsTestHost.CallbackSecret);

        Assert.Equal(ErrorKind.Unauthorized, result.Error!.Kind);
    }

    [Fact]
    public async Task Authenticate_TokenSignedWithAnotherKey_IsRejected()
    {
        var result = await Authenticator.AuthenticateAsync($"Bearer {Token(key: otherKey)}", AcsTestHost.CallbackSecret);

        Assert.Equal(ErrorKind.Unauthorized, result.Error!.Kind);
    }

    [Fact]
    public async Task Authenticate_TokenFromAnotherIssuer_IsRejected()
    {
        var result = await Authenticator.AuthenticateAsync($"Bearer {Token(issuer: "https://attacker.test")}", AcsTestHost.CallbackSecret);

        Assert.Equal(ErrorKind.Unauthorized, result.Error!.Kind);
    }

    [Theory]
    [InlineData("callback-secret-0123456789-abcdefghijklmnoX")]
    [InlineData("")]
    [InlineData(null)]
    public async Task Authenticate_WrongUrlSecret_IsRejected_EvenWithAValidToken(string? secret)
    {
        var result = await Authenticator.AuthenticateAsync($"Bearer {Token()}", secret);

        Assert.Equal(ErrorKind.Unauthorized, result.Error!.Kind);
    }

    [Fact]
    public async Task Authenticate_WithoutBearerToken_IsRejected()
    {
        var result = await Authenticator.AuthenticateAsync(null, AcsTestHost.CallbackSecret);

        Assert.Equal(ErrorKind.Unauthorized, result.Error!.Kind);
    }

    private AcsCallbackAuthenticator Authenticator => services.GetRequiredService<AcsCallbackAuthenticator>();

    private string Token(string audience = AcsTestHost.ResourceId, RSA? key = null, string issuer = Issuer)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(5),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key ?? signingKey) { KeyId = "acs-key-1" }, SecurityAlgorithms.RsaSha256),
        });
    }
}
