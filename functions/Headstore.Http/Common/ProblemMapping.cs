using System.Diagnostics;
using Headstore.Domain.Common;
using Microsoft.AspNetCore.Mvc;

namespace Headstore.Http.Common;

/// <summary>The one mapping from an <see cref="Error"/> to an RFC 9457 problem, shared by both hosts.</summary>
public static class ProblemMapping
{
    public static int StatusFor(ErrorKind kind) => kind switch
    {
        ErrorKind.Validation => StatusCodes.Status400BadRequest,
        ErrorKind.Unauthorized => StatusCodes.Status401Unauthorized,
        ErrorKind.Forbidden => StatusCodes.Status403Forbidden,
        ErrorKind.NotFound => StatusCodes.Status404NotFound,
        ErrorKind.Conflict => StatusCodes.Status409Conflict,
        ErrorKind.PaymentRequired => StatusCodes.Status402PaymentRequired,
        ErrorKind.RuleViolation => StatusCodes.Status422UnprocessableEntity,
        ErrorKind.TooManyRequests => StatusCodes.Status429TooManyRequests,
        ErrorKind.Unavailable => StatusCodes.Status503ServiceUnavailable,
        _ => StatusCodes.Status500InternalServerError,
    };

    public static ProblemDetails ToProblemDetails(Error error, HttpContext http)
    {
        var status = StatusFor(error.Kind);
        ProblemDetails problem = error.FieldErrors is { Count: > 0 } fields
            ? new HttpValidationProblemDetails(fields.ToDictionary(f => f.Key, f => f.Value))
            : new ProblemDetails();
        problem.Status = status;
        problem.Title = TitleFor(status);
        problem.Detail = error.Detail;
        problem.Type = $"https://headstore.dev/problems/{error.Code}";
        problem.Instance = http.Request.Path;
        problem.Extensions["code"] = error.Code;
        problem.Extensions["traceId"] = Activity.Current?.Id ?? http.TraceIdentifier;
        return problem;
    }

    public static IResult ToResult(Error error, HttpContext http)
    {
        var problem = ToProblemDetails(error, http);
        return Results.Problem(problem);
    }

    /// <summary>For a bug: a 500 with the trace id and nothing about the exception.</summary>
    public static ProblemDetails Unexpected(HttpContext http) => new()
    {
        Status = StatusCodes.Status500InternalServerError,
        Title = "An unexpected error occurred.",
        Type = "https://headstore.dev/problems/unexpected",
        Instance = http.Request.Path,
        Extensions = { ["traceId"] = Activity.Current?.Id ?? http.TraceIdentifier },
    };

    public static string TitleFor(int status) => status switch
    {
        400 => "The request is not valid.",
        401 => "Sign in to do this.",
        402 => "The payment did not go through.",
        403 => "You are not allowed to do this.",
        404 => "Not found.",
        409 => "Conflict.",
        422 => "This is not possible now.",
        429 => "Too many requests.",
        503 => "Temporarily unavailable.",
        _ => "Error.",
    };
}
