using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Headstore.Infrastructure.Messaging.ServiceBus;

/// <summary>Shared access signatures of Service Bus: <c>SharedAccessSignature sr=…&amp;sig=…&amp;se=…&amp;skn=…</c>.</summary>
public static class ServiceBusSharedAccessSignature
{
    public static string Create(string resourceUri, string keyName, string key, DateTimeOffset expiry)
    {
        var encodedResource = Uri.EscapeDataString(resourceUri);
        var expiresAt = expiry.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = Sign(encodedResource, expiresAt, key);
        return $"SharedAccessSignature sr={encodedResource}&sig={Uri.EscapeDataString(signature)}&se={expiresAt}&skn={Uri.EscapeDataString(keyName)}";
    }

    /// <summary>
    /// Base64 HMAC-SHA256 of the URL-encoded resource and the expiry, keyed with the key's UTF-8 bytes: Service Bus
    /// keys look like base64 but are used as text.
    /// </summary>
    public static string Sign(string encodedResourceUri, string expiresAt, string key) =>
        Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes($"{encodedResourceUri}\n{expiresAt}")));
}

/// <summary>
/// Signs each request for the entity it addresses (the first path segment: a queue or a topic), so a policy
/// defined on that entity works as well as one on the namespace.
/// </summary>
public sealed class ServiceBusSharedAccessSignatureHandler(string keyName, string key, TimeSpan lifetime, TimeProvider timeProvider) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri ?? throw new InvalidOperationException("A Service Bus request needs an absolute URI.");
        var entity = uri.AbsolutePath.TrimStart('/').Split('/')[0];
        var resource = $"{uri.Scheme}://{uri.Authority}/{entity}";
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation(
            "Authorization",
            ServiceBusSharedAccessSignature.Create(resource, keyName, key, timeProvider.GetUtcNow() + lifetime));
        return base.SendAsync(request, cancellationToken);
    }
}
