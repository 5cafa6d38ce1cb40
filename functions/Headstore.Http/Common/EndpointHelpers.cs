using Headstore.Domain.Common;
using Microsoft.Extensions.DependencyInjection;

namespace Headstore.Http.Common;

internal static class EndpointHelpers
{
    public static T Service<T>(this HttpContext http)
        where T : notnull => http.RequestServices.GetRequiredService<T>();

    /// <summary>Reads the JSON body and, when it is valid, runs the use case with it.</summary>
    public static async Task<ApiResponse> WithBody<T>(this HttpContext http, CancellationToken cancellationToken, Func<T, Task<ApiResponse>> run)
        where T : class
    {
        var body = await http.ReadJsonAsync<T>(cancellationToken);
        return body.IsSuccess ? await run(body.Value) : ApiResponse.Problem(body.Error!);
    }

    /// <summary>Collects query-parameter parse errors into one validation problem.</summary>
    public static Error? FirstError(params Error?[] errors)
    {
        var fields = errors.Where(e => e is not null).SelectMany(e => e!.FieldErrors ?? new Dictionary<string, string[]>()).ToDictionary(f => f.Key, f => f.Value);
        return fields.Count > 0 ? Error.Validation(fields) : null;
    }
}
