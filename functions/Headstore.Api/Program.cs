using Headstore.Api.Auth;
using Headstore.Api.Hosting;
using Headstore.Application;
using Headstore.Http.Common;
using Headstore.Infrastructure;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

// Settings ship beside the binaries; data paths (./.data/...) are relative to the working directory.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });

builder.Logging.Configure(options => options.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);
if (!builder.Environment.IsDevelopment())
{
    builder.Logging.ClearProviders().AddJsonConsole(options => options.IncludeScopes = true);
}

builder.Services.AddApplication();
builder.Services.AddInfrastructure(builder.Configuration);
builder.Services.ConfigureHttpJsonOptions(options => HttpJson.Configure(options.SerializerOptions));
builder.Services.AddProblemDetails();
builder.Services.AddHeadstoreOpenApi();
builder.Services.AddHeadstoreRateLimiting(builder.Configuration);
builder.Services.AddHeadstoreTelemetry();
builder.Services.AddHealthChecks().AddCheck<StoreHealthCheck>("database");

builder.Services.AddOptions<AuthOptions>().Bind(builder.Configuration.GetSection(AuthOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
var auth = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
{
    auth.ApplyTo(options);
    options.Events = new JwtBearerEvents
    {
        // 401 and 403 from the authorization layer answer with a problem body like every other error.
        OnChallenge = async context =>
        {
            context.HandleResponse();
            context.Response.Headers.WWWAuthenticate = "Bearer";
            var problem = ProblemMapping.ToProblemDetails(Headstore.Domain.Common.Error.Unauthorized(), context.HttpContext);
            await Results.Problem(problem).ExecuteAsync(context.HttpContext);
        },
        OnForbidden = async context =>
        {
            var problem = ProblemMapping.ToProblemDetails(Headstore.Domain.Common.Error.Forbidden("You are not allowed to do this."), context.HttpContext);
            await Results.Problem(problem).ExecuteAsync(context.HttpContext);
        },
    };
});
builder.Services.AddAuthorization();

var app = builder.Build();

// Unhandled exceptions become a 500 problem with a trace id and nothing about the exception.
app.UseExceptionHandler(errors => errors.Run(async http =>
{
    var feature = http.Features.Get<IExceptionHandlerFeature>();
    if (feature?.Error is BadHttpRequestException badRequest)
    {
        http.Response.StatusCode = badRequest.StatusCode;
        var problem = ProblemMapping.ToProblemDetails(Headstore.Domain.Common.Error.Validation("body", "The request could not be read."), http);
        problem.Status = badRequest.StatusCode;
        await Results.Problem(problem).ExecuteAsync(http);
        return;
    }

    await Results.Problem(ProblemMapping.Unexpected(http)).ExecuteAsync(http);
}));
app.UseStatusCodePages();
app.UseAuthentication();
app.UseRateLimiter();
app.UseAuthorization();

app.MapOpenApi("/openapi/{documentName}.json");
app.UseSwaggerUI(options =>
{
    options.SwaggerEndpoint("/openapi/v1.json", "Headstore API v1");
    options.RoutePrefix = "swagger";
});
app.MapHealthChecks("/health").AllowAnonymous();
app.MapHeadstoreOperations();
if (auth.IsDevelopment)
{
    DevTokenEndpoint.Map(app);
}

app.Run();

/// <summary>The entry point, visible to the integration tests' WebApplicationFactory.</summary>
public partial class Program;
