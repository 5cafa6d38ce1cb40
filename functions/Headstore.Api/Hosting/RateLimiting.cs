using System.Globalization;
using System.Threading.RateLimiting;
using Headstore.Http.Common;
using Microsoft.AspNetCore.RateLimiting;

namespace Headstore.Api.Hosting;

public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    public int AnonymousReadsPerMinute { get; set; } = 120;

    public int SignedInReadsPerMinute { get; set; } = 600;

    public int WritesPerMinute { get; set; } = 60;
}

/// <summary>
/// Fixed windows per caller: the signed-in user's id, or the client address when anonymous. Writes have their own,
/// smaller budget. A rejected request gets 429 with Retry-After and a problem body.
/// </summary>
public static class RateLimiting
{
    public const string ReadPolicy = "read";
    public const string WritePolicy = "write";

    public static IServiceCollection AddHeadstoreRateLimiting(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            options.AddPolicy(ReadPolicy, http =>
            {
                var signedIn = http.User.Identity?.IsAuthenticated == true;
                return RateLimitPartition.GetFixedWindowLimiter(PartitionKey(http), _ => Window(signedIn ? limits.SignedInReadsPerMinute : limits.AnonymousReadsPerMinute));
            });
            options.AddPolicy(WritePolicy, http => RateLimitPartition.GetFixedWindowLimiter(PartitionKey(http), _ => Window(limits.WritesPerMinute)));
            options.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromMinutes(1);
                context.HttpContext.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                var problem = ProblemMapping.ToProblemDetails(new Domain.Common.Error(Domain.Common.ErrorKind.TooManyRequests, "rate-limited", "Too many requests; retry after the time in Retry-After."), context.HttpContext);
                await Results.Problem(problem).ExecuteAsync(context.HttpContext);
            };
        });
        return services;
    }

    private static string PartitionKey(HttpContext http) =>
        http.User.FindFirst("sub")?.Value is { } subject ? $"user:{subject}" : $"ip:{http.Connection.RemoteIpAddress}";

    private static FixedWindowRateLimiterOptions Window(int permits) => new()
    {
        PermitLimit = permits,
        Window = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
    };
}
