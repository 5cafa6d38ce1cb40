using Headstore.Domain.Common;
using Headstore.Functions.Http;
using Headstore.Http.Common;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace Headstore.Functions.Hosting;

/// <summary>
/// What the local host's ASP.NET Core pipeline does around every operation, for HTTP functions: validate the bearer
/// token and set <see cref="HttpContext.User"/>; answer 401 (a problem, WWW-Authenticate: Bearer) when a signed-in
/// operation has no valid token; turn an unhandled exception into the same 500 problem with a trace id and nothing
/// about the exception. Other triggers pass straight through.
/// </summary>
internal sealed class HostMiddleware(ILogger<HostMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        var http = context.GetHttpContext();
        if (http is null)
        {
            await next(context);
            return;
        }

        var authentication = await http.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
        if (authentication.Succeeded)
        {
            http.User = authentication.Principal;
        }
        else if (Operations.Find(context.FunctionDefinition.Name)?.Access == OperationAccess.SignedIn)
        {
            http.Response.Headers.WWWAuthenticate = "Bearer";
            context.GetInvocationResult().Value = new HttpResultAction(ProblemMapping.ToResult(Error.Unauthorized(), http));
            return;
        }

        try
        {
            await next(context);
        }
        catch (Exception exception) when (!http.Response.HasStarted)
        {
            var problem = ProblemMapping.Unexpected(http);
            if (exception is BadHttpRequestException badRequest)
            {
                problem = ProblemMapping.ToProblemDetails(Error.Validation("body", "The request could not be read."), http);
                problem.Status = badRequest.StatusCode;
            }
            else
            {
                logger.LogError(exception, "Function {Function} failed", context.FunctionDefinition.Name);
            }

            context.GetInvocationResult().Value = new HttpResultAction(Results.Problem(problem));
        }
    }
}
