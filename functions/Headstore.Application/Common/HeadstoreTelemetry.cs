using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Headstore.Application.Common;

/// <summary>Headstore's own traces and metrics, through the .NET APIs that OpenTelemetry listens to. No personal data in tags.</summary>
public static class HeadstoreTelemetry
{
    public const string SourceName = "Headstore";

    public static readonly ActivitySource Source = new(SourceName);

    private static readonly Meter Meter = new(SourceName);

    public static readonly Counter<long> EventsHandled = Meter.CreateCounter<long>("headstore.events.handled", description: "Integration events handled, by type");

    public static readonly Counter<long> EventsFailed = Meter.CreateCounter<long>("headstore.events.failed", description: "Integration event handling failures, by type");
}
