using System.Net.Http.Headers;
using System.Net.Http.Json;
using Headstore.Api.Auth;
using Headstore.Infrastructure.Messaging;
using Headstore.Infrastructure.Scheduling;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Headstore.Api.Tests.Support;

/// <summary>
/// The local host as it runs for real, on its own SQLite file in a temporary folder (or, with the environment variable
/// HEADSTORE_TEST_STORE=Cosmos, in a database of its own on the Cosmos-protocol test server), with a clock the test moves.
/// The outbox and the scheduler do not run in the background: tests drain and tick them, so outcomes are deterministic.
/// Everything the host logs is captured for the privacy assertions.
/// </summary>
public sealed class ApiFactory : WebApplicationFactory<Program>
{
    public const string StoreVariable = "HEADSTORE_TEST_STORE";

    private readonly Dictionary<string, string?> settings;
    private bool databaseDropped;
    private readonly Action<IServiceCollection>? configureServices;

    /// <param name="configureServices">Replaces services after the host's own registrations (e.g. an adapter for a test double).</param>
    public ApiFactory(bool seedDemoData = false, IReadOnlyDictionary<string, string?>? extraSettings = null, Action<IServiceCollection>? configureServices = null)
    {
        this.configureServices = configureServices;
        DataDirectory = Directory.CreateTempSubdirectory("headstore-test-").FullName;
        settings = new Dictionary<string, string?>
        {
            ["Sqlite:DatabasePath"] = Path.Combine(DataDirectory, "headstore.db"),
            ["Mail:Directory"] = Path.Combine(DataDirectory, "mail"),
            ["Blobs:Directory"] = Path.Combine(DataDirectory, "blobs"),
            ["DemoData:Enabled"] = seedDemoData ? "true" : "false",
            ["Outbox:RunInBackground"] = "false",
            ["Scheduler:Enabled"] = "false",
            ["RateLimits:AnonymousReadsPerMinute"] = "100000",
            ["RateLimits:SignedInReadsPerMinute"] = "100000",
            ["RateLimits:WritesPerMinute"] = "100000",
        };
        if (UsesCosmos)
        {
            var server = Headstore.Infrastructure.Tests.Testing.CosmosTestServer.GetAsync().GetAwaiter().GetResult();
            var cosmos = server.Settings(Headstore.Infrastructure.Tests.Testing.CosmosTestServer.NewDatabaseName());
            foreach (var (key, value) in cosmos)
            {
                settings[key] = value;
            }

            Headstore.Infrastructure.Tests.Testing.CosmosTestServer.RecordNotes(cosmos);
        }

        foreach (var (key, value) in extraSettings ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
    }

    public string DataDirectory { get; }

    /// <summary>True when the journeys run on the Cosmos store (HEADSTORE_TEST_STORE=Cosmos), false on SQLite.</summary>
    public static bool UsesCosmos => string.Equals(Environment.GetEnvironmentVariable(StoreVariable), "Cosmos", StringComparison.OrdinalIgnoreCase);

    public TestClock Clock { get; } = new(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));

    public CapturingLoggerProvider Logs { get; } = new();

    public string MailDirectory => Path.Combine(DataDirectory, "mail");

    /// <summary>A client with a development token for the given identity (no token for an anonymous client).</summary>
    public HttpClient ClientFor(TestUser? user)
    {
        var client = CreateClient();
        if (user is not null)
        {
            var options = Services.GetRequiredService<IOptions<AuthOptions>>().Value;
            // Token lifetimes are checked by the JWT handler against the real clock, not the test clock.
            var token = DevTokenEndpoint.Issue(options, user.Subject, user.Name, user.Email, user.Roles, DateTimeOffset.UtcNow);
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        }

        return client;
    }

    /// <summary>Delivers every pending integration event to its handlers, as the background dispatcher would.</summary>
    public Task<int> DrainOutboxAsync() => Services.GetRequiredService<OutboxDispatcher>().DrainAsync(CancellationToken.None);

    /// <summary>Runs the periodic jobs that are due at the test clock's time.</summary>
    public Task RunDueJobsAsync() => Services.GetRequiredService<LocalScheduler>().RunDueJobsAsync(CancellationToken.None);

    public IReadOnlyList<string> MailFiles() =>
        Directory.Exists(MailDirectory) ? Directory.GetFiles(MailDirectory, "*.eml").Select(File.ReadAllText).ToArray() : [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        builder.ConfigureLogging(logging => logging.AddProvider(Logs).SetMinimumLevel(LogLevel.Debug));
        builder.ConfigureServices(services =>
        {
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            if (UsesCosmos)
            {
                SessionsNotOnCosmos.AddIfMissing(services);
            }

            configureServices?.Invoke(services);
        });
    }

    public override async ValueTask DisposeAsync()
    {
        // The async path disposes the host before it comes back to Dispose(bool): drop the test database first.
        await DropTestDatabaseAsync();
        await base.DisposeAsync();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            DropTestDatabaseAsync().GetAwaiter().GetResult();
        }

        base.Dispose(disposing);
        if (disposing)
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still held open by a closing connection; the temp folder is cleaned by the OS.
            }
        }
    }

    /// <summary>Drops this host's database on the Cosmos test server, once, while the host is still up.</summary>
    private async Task DropTestDatabaseAsync()
    {
        if (UsesCosmos && !databaseDropped)
        {
            databaseDropped = true;
            if (Services.GetService<Headstore.Infrastructure.Persistence.Cosmos.CosmosDatabase>() is { } database)
            {
                await database.DeleteAsync(CancellationToken.None);
            }
        }
    }
}

public sealed record TestUser(string Subject, string Name, string Email, params string[] Roles)
{
    public static TestUser Customer(string name = "carol") => new($"customer-{name}", $"{char.ToUpperInvariant(name[0])}{name[1..]} Customer", $"{name}@example.com", "customer");

    public static TestUser Expert(string name = "alice") => new($"expert-{name}", $"{char.ToUpperInvariant(name[0])}{name[1..]} Expert", $"{name}@example.com", "expert");

    public static TestUser Admin(string name = "ada") => new($"admin-{name}", $"{char.ToUpperInvariant(name[0])}{name[1..]} Admin", $"{name}@example.com", "admin");
}

/// <summary>A clock the test sets and moves.</summary>
public sealed class TestClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset now = start;

    public override DateTimeOffset GetUtcNow() => now;

    public void Advance(TimeSpan by) => now += by;

    public void Set(DateTimeOffset value) => now = value;
}

public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> lines = new();

    public IReadOnlyList<string> Lines => lines.ToArray();

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, lines);

    public void Dispose()
    {
    }

    private sealed class Logger(string category, System.Collections.Concurrent.ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} {exception}");
    }
}

public static class HttpAssertions
{
    public static async Task<T> ReadAs<T>(this HttpResponseMessage response, System.Net.HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected} but got {(int)response.StatusCode}: {body}");
        return System.Text.Json.JsonSerializer.Deserialize<T>(body, TestJson.Options)!;
    }

    public static async Task<System.Text.Json.JsonElement> Json(this HttpResponseMessage response, System.Net.HttpStatusCode expected) =>
        await response.ReadAs<System.Text.Json.JsonElement>(expected);

    /// <summary>Asserts an RFC 9457 problem with the status and, when given, a field error on that field.</summary>
    public static async Task<System.Text.Json.JsonElement> Problem(this HttpResponseMessage response, System.Net.HttpStatusCode expected, string? field = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected} but got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = System.Text.Json.JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
        Assert.True(problem.TryGetProperty("traceId", out _), "A problem carries a trace id.");
        if (field is not null)
        {
            Assert.True(problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(field, out _), $"Expected a field error for '{field}': {body}");
        }

        return problem;
    }

    public static Task<HttpResponseMessage> PostJson(this HttpClient client, string url, object body) => client.PostAsJsonAsync(url, body, TestJson.Options);

    public static Task<HttpResponseMessage> PutJson(this HttpClient client, string url, object body) => client.PutAsJsonAsync(url, body, TestJson.Options);
}

public static class TestJson
{
    public static readonly System.Text.Json.JsonSerializerOptions Options = new(System.Text.Json.JsonSerializerDefaults.Web);
}
