using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Headstore.Application;
using Headstore.Application.Common;
using Headstore.Infrastructure;
using Headstore.Infrastructure.Persistence.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Headstore.Benchmarks.Payouts;

/// <summary>The application and its real adapters composed as the local host composes them, without the web host.</summary>
public static class BenchmarkHost
{
    public static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static async Task<ServiceProvider> BuildAsync(IReadOnlyDictionary<string, string?> settings, TimeProvider? clock = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning).AddSimpleConsole())
            .AddSingleton<IConfiguration>(configuration)
            .AddApplication()
            .AddInfrastructure(configuration);
        if (clock is not null)
        {
            services.AddSingleton(clock);
        }

        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<SqliteDatabase>().MigrateAsync(CancellationToken.None);
        return provider;
    }

    public static async Task CommitAsync(IUnitOfWork work)
    {
        var committed = await work.CommitAsync(CancellationToken.None);
        if (!committed.IsSuccess)
        {
            throw new InvalidOperationException(committed.Error!.Detail);
        }
    }

    /// <summary>The machine's load average (1, 5, 15 minutes) where the OS tells it: the benchmark machine is shared.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    public static double CpuSeconds()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalSeconds;
    }

    /// <summary>Peak working set and GC figures of this process, for the result files.</summary>
    public static Dictionary<string, object> Memory()
    {
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var info = GC.GetGCMemoryInfo();
        return new Dictionary<string, object>
        {
            ["peakWorkingSetMegabytes"] = Math.Round(process.PeakWorkingSet64 / 1024.0 / 1024.0, 1),
            ["gcHeapMegabytesAtEnd"] = Math.Round(GC.GetTotalMemory(false) / 1024.0 / 1024.0, 1),
            ["gcPeakHeapMegabytes"] = Math.Round(info.HeapSizeBytes / 1024.0 / 1024.0, 1),
            ["allocatedMegabytes"] = Math.Round(GC.GetTotalAllocatedBytes() / 1024.0 / 1024.0, 0),
            ["gen0Collections"] = GC.CollectionCount(0),
            ["gen1Collections"] = GC.CollectionCount(1),
            ["gen2Collections"] = GC.CollectionCount(2),
            ["serverGc"] = System.Runtime.GCSettings.IsServerGC,
        };
    }
}

/// <summary>
/// A minimal Stripe-protocol server on loopback for the payout benchmark: POST /v1/transfers with Stripe's form
/// encoding, bearer key and Idempotency-Key (a repeated key gets the first answer), answering a transfer object. The
/// real <c>StripePaymentGateway</c> and <c>StripeClient</c> talk to it over HTTP.
/// </summary>
public sealed class MinimalStripeServer : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, string> answers = new(StringComparer.Ordinal);
    private int transfers;

    private MinimalStripeServer(WebApplication app)
    {
        this.app = app;
        app.MapPost("/v1/transfers", HandleTransferAsync);
    }

    public Uri BaseUrl { get; private set; } = null!;

    public int Transfers => transfers;

    private int requests;

    public int Requests => requests;

    public static async Task<MinimalStripeServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var server = new MinimalStripeServer(builder.Build());
        await server.app.StartAsync();
        server.BaseUrl = new Uri(server.app.Urls.Single());
        return server;
    }

    private async Task HandleTransferAsync(HttpContext http)
    {
        Interlocked.Increment(ref requests);
        var key = http.Request.Headers["Idempotency-Key"].ToString();
        if (!http.Request.Headers.Authorization.ToString().StartsWith("Bearer sk_", StringComparison.Ordinal) || key.Length == 0)
        {
            http.Response.StatusCode = 400;
            await http.Response.WriteAsync("""{"error":{"type":"invalid_request_error","message":"Key and Idempotency-Key required."}}""");
            return;
        }

        var form = await http.Request.ReadFormAsync();
        var answer = answers.GetOrAdd(key, _ =>
        {
            var id = $"tr_{Interlocked.Increment(ref transfers).ToString("000000", CultureInfo.InvariantCulture)}";
            return JsonSerializer.Serialize(new Dictionary<string, object?>
            {
                ["id"] = id, ["object"] = "transfer", ["amount"] = long.Parse(form["amount"]!, CultureInfo.InvariantCulture), ["amount_reversed"] = 0,
                ["currency"] = form["currency"].ToString(), ["destination"] = form["destination"].ToString(), ["transfer_group"] = form["transfer_group"].ToString(),
                ["created"] = 1_763_700_000, ["livemode"] = false, ["reversed"] = false,
            });
        });
        http.Response.ContentType = "application/json";
        await http.Response.WriteAsync(answer);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
