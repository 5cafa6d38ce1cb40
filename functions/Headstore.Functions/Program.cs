using Headstore.Api.Auth;
using Headstore.Application;
using Headstore.Functions.Hosting;
using Headstore.Functions.Lifecycles;
using Headstore.Http.Common;
using Headstore.Infrastructure;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// The Azure host over the same application as the local host: the same composition roots, the same operations (one
// HTTP function each), the same token validation. Rate limiting is left to the platform in front of the app (API
// Management or Front Door); the app itself has no per-caller limiter here.
var builder = FunctionsApplication.CreateBuilder(args);

// HostMiddleware is added inside this callback so it runs after the ASP.NET Core integration has attached the HttpContext.
builder.ConfigureFunctionsWebApplication(worker => worker.UseMiddleware<HostMiddleware>());

builder.Services.AddApplication();
builder.Services.AddInfrastructure(builder.Configuration);
builder.Services.ConfigureHttpJsonOptions(options => HttpJson.Configure(options.SerializerOptions));
builder.Services.AddProblemDetails();

builder.Services.AddOptions<AuthOptions>().Bind(builder.Configuration.GetSection(AuthOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
var auth = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(auth.ApplyTo);

builder.Services.AddOptions<LifecycleOptions>().Bind(builder.Configuration.GetSection(LifecycleOptions.Section));
builder.Services.AddSingleton<LifecycleSignals>();

await builder.Build().RunAsync();
