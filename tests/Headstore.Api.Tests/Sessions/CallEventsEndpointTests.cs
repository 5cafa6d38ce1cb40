using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Headstore.Api.Tests.Support;
using Headstore.Application.Sessions;
using Headstore.Infrastructure.Calls.Sandbox;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using static Headstore.Api.Tests.Support.SessionScenario;

namespace Headstore.Api.Tests.Sessions;

/// <summary>
/// <c>POST /api/calls/events</c> with ACS configured: Call Automation callbacks need a token signed by ACS's published
/// keys for our resource and the secret in the URL; Event Grid's validation is answered with the secret alone; events
/// delivered twice or out of order are applied once and in timeline order. The calls themselves are the sandbox's (the
/// callback path is what is under test), so the events name the sandbox's identities.
/// </summary>
public sealed class CallEventsEndpointTests : IAsyncLifetime
{
    private const string Secret = "callback-secret-0123456789-abcdefghijklmnop";
    private const string ResourceId = "0b6c4a5e-8f0d-4c8b-9a51-1f2e3d4c5b6a";
    private const string Issuer = "https://acscallautomation.communication.azure.com";

    private readonly RSA signingKey = RSA.Create(2048);
    private readonly TestUser carol = TestUser.Customer();
    private readonly TestUser alice = TestUser.Expert();
    private WebApplication metadata = null!;
    private ApiFactory api = null!;

    public async Task InitializeAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        metadata = builder.Build();
        var parameters = signingKey.ExportParameters(false);
        metadata.Run(context =>
        {
            var self = new Uri(context.Request.Scheme + "://" + context.Request.Host + "/");
            var document = context.Request.Path.Value == "/keys"
                ? new JsonObject
                {
                    ["keys"] = new JsonArray(new JsonObject
                    {
                        ["kty"] = "RSA", ["use"] = "sig", ["alg"] = "RS256", ["kid"] = "acs-key-1",
                        ["n"] = Base64UrlEncoder.Encode(parameters.Modulus), ["e"] = Base64UrlEncoder.Encode(parameters.Exponent),
                    }),
                }
                : new JsonObject { ["issuer"] = Issuer, ["jwks_uri"] = new Uri(self, "keys").AbsoluteUri };
            context.Response.ContentType = "application/json";
            return context.Response.WriteAsync(document.ToJsonString());
        });
        await metadata.StartAsync();
        var address = metadata.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();

        api = new ApiFactory(extraSettings: new Dictionary<string, string?>
        {
            ["Acs:ConnectionString"] = "endpoint=https://acs.headstore.test/;accesskey=AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=",
            ["Acs:ResourceId"] = ResourceId,
            ["Acs:CallbackBaseUrl"] = "https://api.headstore.test/api/calls/events",
            ["Acs:CallbackSecret"] = Secret,
            ["Acs:EmailSender"] = "DoNotReply@mail.headstore.test",
            ["Acs:CallbackMetadataUrl"] = new Uri(new Uri(address), ".well-known/acsopenidconfiguration").AbsoluteUri,
        }, configureServices: services =>
        {
            services.RemoveAll<ICallService>();
            services.AddSingleton<SandboxCallService>();
            services.AddSingleton<ICallService>(provider => provider.GetRequiredService<SandboxCallService>());
        });
    }

    public async Task DisposeAsync()
    {
        api.Dispose();
        await metadata.StopAsync();
        await metadata.DisposeAsync();
        signingKey.Dispose();
    }

    [Fact]
    public async Task EventGridsValidation_IsAnsweredWithItsCode_OnlyWithTheSecret()
    {
        const string validation = """[{"id":"v1","topic":"/subscriptions/x","subject":"","data":{"validationCode":"512d38b6-c7b8-40c8-89fe-f46f9e9622b6"},"eventType":"Microsoft.EventGrid.SubscriptionValidationEvent","eventTime":"2026-11-02T09:00:00Z","dataVersion":"1","metadataVersion":"1"}]""";

        var answered = await (await PostAsync(validation, token: null)).Json(HttpStatusCode.OK);
        Assert.Equal("512d38b6-c7b8-40c8-89fe-f46f9e9622b6", answered.GetProperty("validationResponse").GetString());
        await (await PostAsync(validation, token: null, secret: "wrong-secret-0123456789-abcdefghijklmnop")).Problem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task CallbacksWithoutAValidToken_OrWithoutTheSecret_AreRefused_AndChangeNothing()
    {
        var sessionId = await AcceptedAsync();
        var body = Events(Participants(sessionId, "e1", 1, Now(), "customer", "expert"));

        await (await PostAsync(body, token: null, session: sessionId)).Problem(HttpStatusCode.Unauthorized);
        await (await PostAsync(body, token: Token(audience: "another-resource"), session: sessionId)).Problem(HttpStatusCode.Unauthorized);
        await (await PostAsync(body, token: Token(key: RSA.Create(2048)), session: sessionId)).Problem(HttpStatusCode.Unauthorized);
        await (await PostAsync(body, token: Token(), session: sessionId, secret: "wrong-secret-0123456789-abcdefghijklmnop")).Problem(HttpStatusCode.Unauthorized);
        var expired = Token();
        api.Clock.Advance(TimeSpan.FromMinutes(10));
        await (await PostAsync(body, token: expired, session: sessionId)).Problem(HttpStatusCode.Unauthorized);

        Assert.Equal("joining", (await GetAsync(api, carol, sessionId)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task SignedCallbacks_DriveTheSession_EventsTwiceAreAppliedOnce_AndOutOfOrderGiveTheRightBill()
    {
        var sessionId = await AcceptedAsync();
        var t0 = Now();
        var joined = Events(Participants(sessionId, "e1", 1, t0, "customer"), Participants(sessionId, "e2", 2, t0.AddSeconds(4), "customer", "expert"));
        api.Clock.Advance(TimeSpan.FromSeconds(5));

        var first = await (await PostAsync(joined, Token(), sessionId)).Json(HttpStatusCode.OK);
        Assert.Equal(2, first.GetProperty("applied").GetInt32());
        Assert.Equal("connected", (await MeterAsync(api, carol, sessionId)).GetProperty("state").GetString());
        var repeated = await (await PostAsync(joined, Token(), sessionId)).Json(HttpStatusCode.OK);
        Assert.Equal(2, repeated.GetProperty("ignored").GetInt32());

        // The customer drops at +5 min and is back at +6 min, but ACS delivers the return before the drop.
        api.Clock.Set(t0.AddMinutes(6).AddSeconds(2));
        await (await PostAsync(Events(Participants(sessionId, "e4", 4, t0.AddMinutes(6), "customer", "expert")), Token(), sessionId)).Json(HttpStatusCode.OK);
        await (await PostAsync(Events(Participants(sessionId, "e3", 3, t0.AddMinutes(5), "expert")), Token(), sessionId)).Json(HttpStatusCode.OK);
        Assert.Equal("connected", (await MeterAsync(api, carol, sessionId)).GetProperty("state").GetString());

        api.Clock.Set(t0.AddMinutes(20).AddSeconds(4));
        var ended = await ActAsync(api, carol, sessionId, "end");

        Assert.Equal((5 * 60) - 4 + (14 * 60) + 4, ended.GetProperty("bill").GetProperty("billableSeconds").GetInt64());
        Assert.Equal(14, ended.GetProperty("bill").GetProperty("chargedMinutes").GetInt32());
    }

    [Fact]
    public async Task TheCallEndingForEveryone_InterruptsTheSession_UntilBothAreBack()
    {
        var sessionId = await AcceptedAsync();
        var t0 = Now();
        await (await PostAsync(Events(Participants(sessionId, "e1", 1, t0, "customer", "expert")), Token(), sessionId)).Json(HttpStatusCode.OK);
        var connection = $"sandbox-call-{sessionId}";

        api.Clock.Advance(TimeSpan.FromMinutes(2));
        var disconnected = new JsonObject
        {
            ["id"] = "e-disconnected", ["source"] = $"calling/callConnections/{connection}", ["type"] = "Microsoft.Communication.CallDisconnected",
            ["specversion"] = "1.0", ["time"] = Now().ToString("O"), ["data"] = new JsonObject { ["callConnectionId"] = connection },
        };
        await (await PostAsync(Events(disconnected), Token(), sessionId)).Json(HttpStatusCode.OK);

        Assert.Equal("interrupted", (await MeterAsync(api, carol, sessionId)).GetProperty("state").GetString());
    }

    [Fact]
    public async Task WithoutAcs_TheCallbackEndpointRefusesEverything()
    {
        using var local = new ApiFactory();
        var request = new HttpRequestMessage(HttpMethod.Post, $"/api/calls/events?secret={Secret}") { Content = new StringContent("[]", Encoding.UTF8, "application/json") };

        await (await local.ClientFor(null).SendAsync(request)).Problem(HttpStatusCode.Unauthorized);
    }

    private DateTimeOffset Now() => api.Clock.GetUtcNow();

    private async Task<string> AcceptedAsync()
    {
        await ReadyAsync(api, alice, carol);
        var sessionId = await StartedAsync(api, carol, alice);
        await ActAsync(api, alice, sessionId, "accept");
        return sessionId;
    }

    private static string Events(params JsonObject[] events) => new JsonArray(events).ToJsonString();

    private static JsonObject Participants(string sessionId, string id, int sequence, DateTimeOffset at, params string[] who) => new()
    {
        ["id"] = id,
        ["source"] = $"calling/callConnections/sandbox-call-{sessionId}",
        ["type"] = "Microsoft.Communication.ParticipantsUpdated",
        ["specversion"] = "1.0",
        ["time"] = at.ToString("O"),
        ["data"] = new JsonObject
        {
            ["callConnectionId"] = $"sandbox-call-{sessionId}",
            ["sequenceNumber"] = sequence,
            ["participants"] = new JsonArray(who.Select(w => (JsonNode)new JsonObject
            {
                ["identifier"] = new JsonObject { ["rawId"] = $"sandbox:{sessionId}:{w}", ["kind"] = "communicationUser" },
                ["isMuted"] = false,
                ["isOnHold"] = false,
            }).ToArray()),
        },
    };

    private Task<HttpResponseMessage> PostAsync(string body, string? token, string? session = null, string secret = Secret)
    {
        var url = $"/api/calls/events?secret={Uri.EscapeDataString(secret)}{(session is null ? "" : $"&session={session}")}";
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return api.ClientFor(null).SendAsync(request);
    }

    private string Token(string audience = ResourceId, RSA? key = null)
    {
        var now = api.Clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(5),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(key ?? signingKey) { KeyId = "acs-key-1" }, SecurityAlgorithms.RsaSha256),
        });
    }
}
