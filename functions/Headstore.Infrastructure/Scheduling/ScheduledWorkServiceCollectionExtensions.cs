using Headstore.Application.Ambassadors;
using Headstore.Application.Payouts;
using Headstore.Application.Reports;
using Headstore.Application.Support;
using Headstore.Infrastructure.Reports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Headstore.Infrastructure.Scheduling;

public static class ScheduledWorkServiceCollectionExtensions
{
    /// <summary>
    /// Weekly payouts, monthly payment reports, ambassadors and premium support: their settings (validated at
    /// start-up) and the report writers. Their read ports are registered with the store (AddSqliteStore, AddCosmosStore).
    /// </summary>
    public static IServiceCollection AddScheduledWork(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PayoutOptions>().Bind(configuration.GetSection(PayoutOptions.Section)).ValidateDataAnnotations()
            .Validate(o => o.TimeOfDay >= TimeSpan.Zero && o.TimeOfDay < TimeSpan.FromDays(1) && Enum.IsDefined(o.Day), "Payouts:Day is a day of the week and Payouts:TimeOfDay a time of day.").ValidateOnStart();
        services.AddOptions<ReportOptions>().Bind(configuration.GetSection(ReportOptions.Section)).ValidateDataAnnotations()
            .Validate(o => o.TimeOfDay >= TimeSpan.Zero && o.TimeOfDay < TimeSpan.FromDays(1), "Reports:TimeOfDay is a time of day.").ValidateOnStart();
        services.AddOptions<AmbassadorOptions>().Bind(configuration.GetSection(AmbassadorOptions.Section)).ValidateDataAnnotations()
            .Validate(o => o.Purposes.Count >= 0 && o.ShareDuration >= TimeSpan.Zero && o.ClaimWindow > TimeSpan.Zero, "Ambassadors: SharedPurposes lists payment purposes; ShareDuration and ClaimWindow are positive.").ValidateOnStart();
        services.AddOptions<SupportOptions>().Bind(configuration.GetSection(SupportOptions.Section));

        services.AddSingleton<IPaymentReportWriter, JsonPaymentReportWriter>();
        services.AddSingleton<IPaymentReportWriter, CsvPaymentReportWriter>();
        services.AddSingleton<IPaymentReportWriter, HtmlPaymentReportWriter>();
        return services;
    }
}
