using Headstore.Application.Common;
using Headstore.Application.Notifications;
using Headstore.Application.Offers;
using Headstore.Application.Payments;
using Headstore.Application.Sessions;
using Headstore.Application.Scheduling;
using Headstore.Application.Users;
using Microsoft.Extensions.DependencyInjection;

namespace Headstore.Application;

public static class DependencyInjection
{
    /// <summary>Registers every use-case handler, event handler, periodic job and lifecycle driver of the application layer.</summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<NotificationOptions>();
        services.AddScoped<UserDirectory>();
        services.AddScoped<IntegrationEventDispatcher>();
        services.AddScoped<LifecycleDrivers>();
        services.AddMoney();
        services.AddOffers();
        services.AddSessions();
        services.AddScheduledWork();
        foreach (var type in typeof(DependencyInjection).Assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false, IsPublic: true }))
        {
            var eventHandlerInterfaces = type.GetInterfaces().Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEventHandler<>)).ToArray();
            if (type.Name.EndsWith("Handler", StringComparison.Ordinal) && eventHandlerInterfaces.Length == 0)
            {
                services.AddScoped(type);
            }

            foreach (var contract in eventHandlerInterfaces)
            {
                services.AddScoped(contract, type);
            }

            if (typeof(IPeriodicJob).IsAssignableFrom(type))
            {
                services.AddScoped(typeof(IPeriodicJob), type);
            }

            if (typeof(ILifecycleDriver).IsAssignableFrom(type))
            {
                services.AddScoped(typeof(ILifecycleDriver), type);
            }
        }

        return services;
    }

    /// <summary>Every integration event type, by name, for the outbox to deserialize.</summary>
    public static IReadOnlyDictionary<string, Type> IntegrationEventTypes { get; } = typeof(DependencyInjection).Assembly.GetTypes()
        .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IntegrationEvent).IsAssignableFrom(t))
        .ToDictionary(t => t.Name, StringComparer.Ordinal);
}
