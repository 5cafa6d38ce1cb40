using System.Text.Json;
using Headstore.Infrastructure.Messaging.ServiceBus;
using Headstore.Infrastructure.Tests.Testing;

namespace Headstore.Infrastructure.Tests.Messaging.ServiceBus;

public sealed class ServiceBusSharedAccessSignatureTests
{
    private static readonly JsonElement Vector =
        JsonDocument.Parse(File.ReadAllText(SharedSpecs.PathOf("signing-test-vectors.json"))).RootElement.GetProperty("servicebus");

    [Fact]
    public void Create_MatchesTheDocumentedTestVector()
    {
        var token = ServiceBusSharedAccessSignature.Create(
            Text("resource_uri"),
            Text("key_name"),
            Text("key"),
            DateTimeOffset.FromUnixTimeSeconds(Vector.GetProperty("expiry_unix").GetInt64()));

        Assert.Equal(Text("expected_token"), token);
    }

    [Fact]
    public void Sign_UsesTheKeyAsText_OverEncodedUriAndExpiry()
    {
        var signature = ServiceBusSharedAccessSignature.Sign(Text("encoded_resource_uri"), Vector.GetProperty("expiry_unix").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture), Text("key"));

        Assert.Equal(Text("expected_signature_base64"), signature);
    }

    private static string Text(string name) => Vector.GetProperty(name).GetString()!;
}
