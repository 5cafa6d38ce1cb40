using System.Globalization;
using System.Text;
using System.Text.Json;
using Headstore.Infrastructure.Calls.Acs;
using Headstore.Infrastructure.Tests.Testing;

namespace Headstore.Infrastructure.Tests.Calls.Acs;

public sealed class AcsHmacSigningHandlerTests
{
    private static readonly JsonElement Vector =
        JsonDocument.Parse(File.ReadAllText(SharedSpecs.PathOf("signing-test-vectors.json"))).RootElement.GetProperty("acs");

    [Fact]
    public async Task Send_SignsLikeTheDocumentedTestVector()
    {
        var connectionString = AcsConnectionString.Parse(Text("connection_string"));
        var date = DateTimeOffset.ParseExact(Text("x-ms-date"), "R", CultureInfo.InvariantCulture);
        var captured = new CapturingHandler();
        using var handler = new AcsHmacSigningHandler(connectionString.AccessKey, new ManualTimeProvider(date)) { InnerHandler = captured };
        using var client = new HttpClient(handler);
        using var request = new HttpRequestMessage(new HttpMethod(Text("method")), new Uri(connectionString.Endpoint, Text("path_and_query")))
        {
            Content = new StringContent(Text("body"), Encoding.UTF8, "application/json"),
        };

        await client.SendAsync(request);

        Assert.Equal(Text("host"), captured.Request!.RequestUri!.Authority);
        Assert.Equal(Text("x-ms-date"), captured.Header("x-ms-date"));
        Assert.Equal(Text("x-ms-content-sha256"), captured.Header("x-ms-content-sha256"));
        Assert.Equal(Text("expected_authorization"), captured.Header("Authorization"));
        Assert.EndsWith("&Signature=" + Text("expected_signature"), captured.Header("Authorization"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_WithoutBody_HashesTheEmptyBody()
    {
        var captured = new CapturingHandler();
        using var handler = new AcsHmacSigningHandler(FakeAcsServer.AccessKey, TimeProvider.System) { InnerHandler = captured };
        using var client = new HttpClient(handler);

        await client.DeleteAsync(new Uri("https://contoso.communication.azure.com/rooms/1?api-version=2025-03-13"));

        Assert.Equal(Text("content_sha256_of_empty_body"), captured.Header("x-ms-content-sha256"));
    }

    [Fact]
    public void Parse_ReadsEndpointAndKeyOfTheVectorConnectionString()
    {
        var parsed = AcsConnectionString.Parse(Text("connection_string"));

        Assert.Equal(new Uri("https://contoso.communication.azure.com/"), parsed.Endpoint);
        Assert.Equal("AQIDBAUGBwgJCgsMDQ4PEBESExQVFhcYGRobHB0eHyA=", parsed.AccessKey);
    }

    [Theory]
    [InlineData("")]
    [InlineData("endpoint=https://contoso.communication.azure.com/")]
    [InlineData("endpoint=not a url;accesskey=AQID")]
    [InlineData("endpoint=https://contoso.communication.azure.com/;accesskey=not*base64")]
    public void TryParse_MalformedConnectionString_IsRejected(string value) =>
        Assert.False(AcsConnectionString.TryParse(value, out _));

    private static string Text(string name) => Vector.GetProperty(name).GetString()!;

    private sealed class CapturingHandler : HttpMessageHandler
    {
        public HttpRequestMessage? Request { get; private set; }

        public string Header(string name) => string.Join(",", Request!.Headers.GetValues(name));

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Request = request;
            return Task.FromResult(new HttpResponseMessage(System.Net.HttpStatusCode.OK));
        }
    }
}
