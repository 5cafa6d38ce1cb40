namespace Headstore.Application.Common;

public sealed record StoredResponse(int StatusCode, string ContentType, string Body, string? Location);

public enum IdempotencyClaim
{
    /// <summary>The key is new: this request runs and must complete or release the claim.</summary>
    Claimed,

    /// <summary>The same request already completed: replay its response.</summary>
    Completed,

    /// <summary>The same key is being processed right now.</summary>
    InProgress,

    /// <summary>The key was used with a different request.</summary>
    Mismatch,
}

/// <summary>
/// Remembers the response to a POST sent with an Idempotency-Key, per caller, so a retried request gets the same
/// answer and changes nothing. Keys expire after a day.
/// </summary>
public interface IIdempotencyStore
{
    Task<(IdempotencyClaim Claim, StoredResponse? Response)> ClaimAsync(string scope, string key, string requestHash, CancellationToken cancellationToken);

    Task CompleteAsync(string scope, string key, StoredResponse response, CancellationToken cancellationToken);

    Task ReleaseAsync(string scope, string key, CancellationToken cancellationToken);
}
