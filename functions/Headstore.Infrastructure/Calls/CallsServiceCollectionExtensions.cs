using Headstore.Application.Sessions;
using Headstore.Infrastructure.Calls.Acs;
using Headstore.Infrastructure.Calls.Sandbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Headstore.Infrastructure.Calls;

public static class CallsServiceCollectionExtensions
{
    /// <summary>
    /// Sessions' adapters: Azure Communication Services when <c>Acs:ConnectionString</c> or <c>Acs:Endpoint</c> is set
    /// (its options are then validated at start-up and <c>POST /api/calls/events</c> accepts signed callbacks), otherwise
    /// the local call sandbox (and the callback endpoint refuses everything). Session reads (<c>ISessionQueries</c>) are registered with the store.
    /// </summary>
    public static IServiceCollection AddCalls(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<SessionOptions>().Bind(configuration.GetSection(SessionOptions.Section)).ValidateDataAnnotations().ValidateOnStart();
        if (UsesAcs(configuration))
        {
            services.AddAcsCalls(configuration);

            // Scoped: the typed ACS clients come from the HTTP client factory, which rotates their handlers.
            services.AddScoped<ICallService, AcsCallService>();
            services.AddSingleton<ICallEventReader, AcsCallEventReader>();
            return services;
        }

        services.AddSingleton<SandboxCallService>();
        services.AddSingleton<ICallService>(provider => provider.GetRequiredService<SandboxCallService>());
        services.AddSingleton<ICallSandbox>(provider => provider.GetRequiredService<SandboxCallService>());
        services.AddSingleton<ICallEventReader, ClosedCallEventReader>();
        return services;
    }

    public static bool UsesAcs(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration[$"{AcsOptions.SectionName}:{nameof(AcsOptions.ConnectionString)}"])
        || !string.IsNullOrWhiteSpace(configuration[$"{AcsOptions.SectionName}:{nameof(AcsOptions.Endpoint)}"]);
}
