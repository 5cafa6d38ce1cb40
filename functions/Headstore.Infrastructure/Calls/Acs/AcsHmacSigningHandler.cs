using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Headstore.Infrastructure.Calls.Acs;

/// <summary>
/// Signs each request with an ACS access key (HMAC-SHA256 over verb, path and query, date, host and body hash),
/// the scheme every ACS data-plane API accepts when the resource is reached with a connection string.
/// </summary>
public sealed class AcsHmacSigningHandler : DelegatingHandler
{
    public const string DateHeader = "x-ms-date";
    public const string ContentHashHeader = "x-ms-content-sha256";
    public const string SignedHeaders = "x-ms-date;host;x-ms-content-sha256";

    private readonly byte[] key;
    private readonly TimeProvider timeProvider;

    public AcsHmacSigningHandler(string accessKey, TimeProvider timeProvider)
    {
        ArgumentException.ThrowIfNullOrEmpty(accessKey);
        key = Convert.FromBase64String(accessKey);
        this.timeProvider = timeProvider;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri ?? throw new InvalidOperationException("An ACS request needs an absolute URI.");
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var contentHash = Convert.ToBase64String(SHA256.HashData(body));
        var date = timeProvider.GetUtcNow().ToString("R", CultureInfo.InvariantCulture);

        request.Headers.Remove(DateHeader);
        request.Headers.Remove(ContentHashHeader);
        request.Headers.TryAddWithoutValidation(DateHeader, date);
        request.Headers.TryAddWithoutValidation(ContentHashHeader, contentHash);
        request.Headers.TryAddWithoutValidation(
            "Authorization",
            Authorization(key, request.Method.Method, uri.PathAndQuery, date, uri.Authority, contentHash));

        return await base.SendAsync(request, cancellationToken);
    }

    /// <summary>The Authorization header value; the contract tests' fake ACS recomputes it with the same function.</summary>
    public static string Authorization(byte[] key, string method, string pathAndQuery, string date, string host, string contentHash) =>
        $"HMAC-SHA256 SignedHeaders={SignedHeaders}&Signature={Signature(key, method, pathAndQuery, date, host, contentHash)}";

    public static string Signature(byte[] key, string method, string pathAndQuery, string date, string host, string contentHash)
    {
        var stringToSign = $"{method.ToUpperInvariant()}\n{pathAndQuery}\n{date};{host};{contentHash}";
        return Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
    }
}
