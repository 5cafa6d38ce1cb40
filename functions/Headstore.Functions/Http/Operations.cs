using System.Collections.Frozen;
using Headstore.Http;
using Headstore.Http.Common;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Headstore.Functions.Http;

/// <summary>
/// The whole body of every HTTP function: find the shared operation by name, put the bound route values where the
/// operation's handler reads them, and run it through the same <see cref="OperationExecutor"/> as the local host
/// (Idempotency-Key, ProblemDetails, response mapping). A function's name is its operation's name.
/// </summary>
public static class Operations
{
    private static readonly FrozenDictionary<string, HttpOperation> ByName = HttpOperations.All.ToFrozenDictionary(o => o.Name, StringComparer.Ordinal);

    public static HttpOperation? Find(string name) => ByName.GetValueOrDefault(name);

    public static async Task<IActionResult> RunAsync(string name, HttpRequest request, params (string Name, string Value)[] routeValues)
    {
        var operation = Find(name) ?? throw new InvalidOperationException($"No shared HTTP operation is named '{name}'.");
        foreach (var (key, value) in routeValues)
        {
            request.RouteValues[key] = value;
        }

        return new HttpResultAction(await OperationExecutor.ExecuteAsync(operation, request.HttpContext));
    }
}

/// <summary>
/// Hands a minimal-API <see cref="IResult"/> to the Functions ASP.NET Core integration, which executes the
/// <see cref="IActionResult"/> a function returns; the shared layer produces IResults for both hosts.
/// </summary>
public sealed class HttpResultAction(IResult result) : IActionResult
{
    public IResult Result => result;

    public Task ExecuteResultAsync(ActionContext context) => result.ExecuteAsync(context.HttpContext);
}
