using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Headstore.Api.Hosting;

/// <summary>
/// Traces and metrics through the OpenTelemetry SDK: ASP.NET Core's activity source and meters plus Headstore's own.
/// Exporters are added where they exist (Application Insights in Azure); locally the providers sample and keep
/// trace ids flowing into the logs.
/// </summary>
public static class Telemetry
{
    public static IServiceCollection AddHeadstoreTelemetry(this IServiceCollection services)
    {
        services.AddSingleton(_ => Sdk.CreateTracerProviderBuilder()
            .AddSource("Microsoft.AspNetCore", Application.Common.HeadstoreTelemetry.SourceName)
            .SetSampler(new ParentBasedSampler(new AlwaysOnSampler()))
            .Build());
        services.AddSingleton(_ => Sdk.CreateMeterProviderBuilder()
            .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", Application.Common.HeadstoreTelemetry.SourceName)
            .Build());
        services.AddHostedService<TelemetryStarter>();
        return services;
    }

    /// <summary>Resolves the providers at start so they listen from the first request.</summary>
    private sealed class TelemetryStarter(TracerProvider tracer, MeterProvider meter) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            _ = (tracer, meter);
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
