namespace Headstore.Http.Common;

public enum OperationAccess
{
    /// <summary>Anyone, signed in or not (public reads).</summary>
    Public,

    /// <summary>A valid bearer token is required; roles and ownership are checked by the use case.</summary>
    SignedIn,

    /// <summary>No token: the request proves itself with a signature (webhooks, call callbacks).</summary>
    Signed,
}

public enum RateLimitKind
{
    Read,
    Write,
    None,
}

/// <summary>
/// One HTTP operation, declared once and mapped by both hosts: the local ASP.NET Core host maps it to its route, and the
/// Azure Functions app's function with the same method and route calls <see cref="Handler"/>.
/// </summary>
public sealed record HttpOperation(
    string Name,
    string Method,
    string Route,
    Func<HttpContext, CancellationToken, Task<ApiResponse>> Handler,
    OperationAccess Access,
    string Tag,
    string Summary,
    Type? RequestType = null,
    Type? ResponseType = null,
    int SuccessStatus = StatusCodes.Status200OK,
    RateLimitKind RateLimit = RateLimitKind.Read)
{
    /// <summary>POSTs that create something or move money honour the Idempotency-Key header.</summary>
    public bool HonoursIdempotencyKey => Method == HttpMethods.Post && Access != OperationAccess.Signed;
}
