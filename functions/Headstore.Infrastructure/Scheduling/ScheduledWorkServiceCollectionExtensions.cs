using Headstore.Application.Ambassadors;
using Headstore.Application.Payouts;
using Headstore.Application.Reports;
using Headstore.Application.Scheduling;
using Headstore.Application.Support;
using Headstore.Infrastructure.Persistence.Sqlite;
using Headstore.Infrastructure.Reports;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Headstore.Infrastructure.Scheduling;

public static class ScheduledWorkServiceCollectionExtensions
{
    /// <summary>
    /// Weekly payouts, monthly payment reports, ambassadors and premium support: their settings (validated at
    /// start-up), SQLite tables and queries, and the report writers.
    /// </summary>
    public static IServiceCollection AddScheduledWork(this IServiceCollection services, IConfiguration configuration)
    {
        SqliteScheduledWorkTables.Register();
        services.AddOptions<PayoutOptions>().Bind(configuration.GetSection(PayoutOptions.Section)).ValidateDataAnnotations()
            .Validate(o => o.TimeOfDay >= TimeSpan.Zero && o.TimeOfDay < TimeSpan.FromDays(1) && Enum.IsDefined(o.Day), "Payouts:Day is a day of the week and Payouts:TimeOfDay a time of day.").ValidateOnStart();
        services.AddOptions<ReportOptions>().Bind(configuration.GetSection(ReportOptions.Section)).ValidateDataAnnotations()
            .Validate(o => o.TimeOfDay >= TimeSpan.Zero && o.TimeOfDay < TimeSpan.FromDays(1), "Reports:TimeOfDay is a time of day.").ValidateOnStart();
        services.AddOptions<AmbassadorOptions>().Bind(configuration.GetSection(AmbassadorOptions.Section)).ValidateDataAnnotations()
            .Validate(o => o.Purposes.Count >= 0 && o.ShareDuration >= TimeSpan.Zero && o.ClaimWindow > TimeSpan.Zero, "Ambassadors: SharedPurposes lists payment purposes; ShareDuration and ClaimWindow are positive.").ValidateOnStart();
        services.AddOptions<SupportOptions>().Bind(configuration.GetSection(SupportOptions.Section));

        services.AddSingleton<IScheduledRunQueries, SqliteScheduledRunQueries>();
        services.AddSingleton<IPayoutQueries, SqlitePayoutQueries>();
        services.AddSingleton<IPaymentReportSource, SqlitePaymentReportSource>();
        services.AddSingleton<IAmbassadorQueries, SqliteAmbassadorQueries>();
        services.AddSingleton<ISupportQueries, SqliteSupportQueries>();
        services.AddSingleton<IPaymentReportWriter, JsonPaymentReportWriter>();
        services.AddSingleton<IPaymentReportWriter, CsvPaymentReportWriter>();
        services.AddSingleton<IPaymentReportWriter, HtmlPaymentReportWriter>();
        return services;
    }
}
