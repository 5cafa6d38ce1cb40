using Microsoft.Extensions.DependencyInjection;

namespace Headstore.Application.Sessions;

public static class SessionServices
{
    /// <summary>The session services that are not use-case or event handlers (those are registered by convention).</summary>
    public static IServiceCollection AddSessions(this IServiceCollection services)
    {
        services.AddOptions<SessionOptions>();
        services.AddScoped<SessionRunner>();
        services.AddScoped<SessionCheckout>();
        services.AddSingleton<CallEventQueue>();
        return services;
    }
}
