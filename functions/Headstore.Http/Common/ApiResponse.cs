using Headstore.Domain.Common;

namespace Headstore.Http.Common;

/// <summary>What an operation answers, before it becomes an HTTP response. JSON answers can be stored for idempotent replay.</summary>
public abstract record ApiResponse
{
    public static ApiResponse Ok(object? body) => new JsonResponse(StatusCodes.Status200OK, body);

    public static ApiResponse Created(string location, object body) => new JsonResponse(StatusCodes.Status201Created, body, location);

    public static ApiResponse NoContent() => new JsonResponse(StatusCodes.Status204NoContent, null);

    public static ApiResponse Problem(Error error) => new ProblemResponse(error);
}

public sealed record JsonResponse(int StatusCode, object? Body, string? Location = null) : ApiResponse;

public sealed record ProblemResponse(Error Error) : ApiResponse;

/// <summary>A response that is not JSON (a file, a stream of server-sent events); never replayed.</summary>
public sealed record RawResponse(IResult Result) : ApiResponse;

public static class ResultResponses
{
    public static ApiResponse ToOk<T>(this Result<T> result) => result.IsSuccess ? ApiResponse.Ok(result.Value) : ApiResponse.Problem(result.Error!);

    public static ApiResponse ToCreated<T>(this Result<T> result, Func<T, string> location) =>
        result.IsSuccess ? ApiResponse.Created(location(result.Value), result.Value!) : ApiResponse.Problem(result.Error!);

    public static async Task<ApiResponse> ToOk<T>(this Task<Result<T>> result) => (await result).ToOk();

    public static async Task<ApiResponse> ToCreated<T>(this Task<Result<T>> result, Func<T, string> location) => (await result).ToCreated(location);
}
