using Headstore.Application.Ambassadors;
using Headstore.Application.Payouts;
using Headstore.Application.Reports;
using Headstore.Application.Support;
using Microsoft.Extensions.DependencyInjection;

namespace Headstore.Application.Scheduling;

public static class ScheduledWorkServices
{
    /// <summary>
    /// Weekly payouts, monthly payment reports, ambassadors and premium support: the services that are not use-case
    /// handlers, event handlers or jobs (those are registered by convention).
    /// </summary>
    public static IServiceCollection AddScheduledWork(this IServiceCollection services)
    {
        services.AddOptions<PayoutOptions>();
        services.AddOptions<ReportOptions>();
        services.AddOptions<AmbassadorOptions>();
        services.AddOptions<SupportOptions>();
        services.AddScoped<ScheduledRuns>();
        services.AddScoped<WeeklyPayoutJob>();
        services.AddScoped<PaymentReportBuilder>();
        return services;
    }
}
