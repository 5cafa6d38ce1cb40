using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Headstore.Application;
using Headstore.Application.Sessions;
using Headstore.Domain.Common;
using Headstore.Domain.Messaging;
using Headstore.Domain.Sessions;
using Headstore.Infrastructure;
using Headstore.Infrastructure.Persistence.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Headstore.Benchmarks;

/// <summary>
/// The same two loads without HTTP: the application composed as the local host composes it (SQLite, the session cache,
/// the local call sandbox), N connected sessions, then call events through <see cref="HandleCallEventsHandler"/> from
/// parallel workers (each owning a share of the sessions, as each call's events come from one connection), and meter
/// reads through <see cref="GetSessionMeterHandler"/>. Shows what the design costs apart from the web stack.
/// </summary>
public static class SessionsAtThePort
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
    private static readonly Actor PortAdmin = new(new UserId("admin-port"), "Admin", null, new HashSet<string> { Roles.Admin });

    /// <summary>Usage: sessions-port &lt;database path&gt; &lt;sessions&gt; &lt;events&gt; &lt;result json&gt;</summary>
    public static async Task<int> RunAsync(string[] args)
    {
        var count = int.Parse(args[1], CultureInfo.InvariantCulture);
        var events = int.Parse(args[2], CultureInfo.InvariantCulture);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Sqlite:DatabasePath"] = Path.GetFullPath(args[0]),
            ["Outbox:RunInBackground"] = "false",
            ["Scheduler:Enabled"] = "false",
        }).Build();
        var services = new ServiceCollection().AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton<IConfiguration>(configuration);
        services.AddApplication();
        services.AddInfrastructure(configuration);
        await using var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<SqliteDatabase>().MigrateAsync(CancellationToken.None);

        var ids = new SessionId[count];
        var setup = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (i, cancellationToken) =>
        {
            await using var scope = provider.CreateAsyncScope();
            var runner = scope.ServiceProvider.GetRequiredService<SessionRunner>();
            var calls = scope.ServiceProvider.GetRequiredService<ICallService>();
            var now = DateTimeOffset.UtcNow;
            var id = SessionId.New(now);
            var call = (await calls.PrepareAsync(id, now, now.AddHours(3), cancellationToken)).Value;
            var session = Session.Request(id, new UserId($"customer-port-{i}"), "Customer", new ExpertId($"expert-port-{i}"), "Expert", SessionMode.Video,
                SessionOrigin.Direct, null, new SessionTerms(new Money(300, Currency.USD), 5, false, TimeSpan.FromMinutes(90), 1000), null, call, now);
            var started = await runner.CommitAsync(session, [new SessionSignal.StartRinging(), new SessionSignal.Accept(SessionParty.Expert)], isNew: true, fromTimer: false, null, null, cancellationToken);
            if (!started.IsSuccess)
            {
                throw new InvalidOperationException(started.Error!.Code);
            }

            await MoveAsync(scope.ServiceProvider, id.Value, "customer", true, cancellationToken);
            await MoveAsync(scope.ServiceProvider, id.Value, "expert", true, cancellationToken);
            ids[i] = id;
        });
        setup.Stop();

        // Call events: workers (8 unless PORT_WORKERS says), each owning its share of the sessions, moving its expert off and back onto the call.
        var workers = int.TryParse(Environment.GetEnvironmentVariable("PORT_WORKERS"), out var w) ? w : 8;
        var ingest = Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, workers), new ParallelOptions { MaxDegreeOfParallelism = workers }, async (worker, cancellationToken) =>
        {
            var mine = ids.Where((_, index) => index % workers == worker).ToArray();
            var away = new bool[mine.Length];
            for (var n = 0; n < events / workers; n++)
            {
                var k = n % mine.Length;
                away[k] = !away[k];
                await using var scope = provider.CreateAsyncScope();
                await MoveAsync(scope.ServiceProvider, mine[k].Value, "expert", !away[k], cancellationToken);
            }
        });
        ingest.Stop();

        // Meter reads at the port, one caller at a time, after a warm-up.
        var reads = new double[Math.Max(20_000, count * 10)];
        await using (var scope = provider.CreateAsyncScope())
        {
            var meter = scope.ServiceProvider.GetRequiredService<GetSessionMeterHandler>();
            for (var i = 0; i < 2000; i++)
            {
                await meter.HandleAsync(PortAdmin, ids[i % count].Value, CancellationToken.None);
            }

            for (var i = 0; i < reads.Length; i++)
            {
                var watch = Stopwatch.StartNew();
                var read = await meter.HandleAsync(PortAdmin, ids[i % count].Value, CancellationToken.None);
                reads[i] = watch.Elapsed.TotalMilliseconds;
                if (!read.IsSuccess)
                {
                    throw new InvalidOperationException(read.Error!.Code);
                }
            }
        }

        Array.Sort(reads);
        double Percentile(double p) => reads[Math.Min(reads.Length - 1, (int)Math.Ceiling(p * reads.Length) - 1)];
        var result = new
        {
            portSessions = count,
            portSetupSeconds = Math.Round(setup.Elapsed.TotalSeconds, 1),
            portEvents = events / workers * workers,
            portEventsPerSecond = Math.Round(events / workers * workers / ingest.Elapsed.TotalSeconds, 0),
            portMeterReads = reads.Length,
            portMeterP50Ms = Math.Round(Percentile(0.50), 3),
            portMeterP99Ms = Math.Round(Percentile(0.99), 3),
            portMeterMaxMs = Math.Round(reads[^1], 3),
        };
        await File.WriteAllTextAsync(args[3], JsonSerializer.Serialize(result, Indented));
        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }

    /// <summary>One call event through the local call sandbox's handler (what <c>POST /api/local-calls/{id}/join|leave</c> runs).</summary>
    private static async Task MoveAsync(IServiceProvider services, string sessionId, string participant, bool join, CancellationToken cancellationToken)
    {
        var moved = await services.GetRequiredService<LocalCallHandler>().HandleAsync(PortAdmin, sessionId, new LocalCallCommand(participant), join, cancellationToken);
        if (!moved.IsSuccess)
        {
            throw new InvalidOperationException(moved.Error!.Code);
        }
    }
}
