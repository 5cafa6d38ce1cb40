using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Headstore.Infrastructure.Tests.Testing;

/// <summary>
/// The Cosmos-protocol test server (npm @vercel/cosmosdb-server, installed by tests/peers/install.sh), started once per
/// test process on a free loopback port through tests/peers/cosmos-server.js (keep-alive), and stopped when the process
/// ends (the script exits when its stdin closes). HEADSTORE_COSMOS_ENDPOINT points the tests at one already running.
/// Each store under test gets a database of its own, so tests run in parallel without seeing each other.
/// This file is shared with the API tests.
/// </summary>
public sealed class CosmosTestServer
{
    public const string EndpointVariable = "HEADSTORE_COSMOS_ENDPOINT";

    private static readonly Lazy<Task<CosmosTestServer>> Shared = new(StartAsync);

    private CosmosTestServer(Uri endpoint) => Endpoint = endpoint;

    public Uri Endpoint { get; }

    /// <summary>What the server cannot do that the Cosmos store's design relies on; tests print it where they cover it another way.</summary>
    public const string Gaps =
        "cosmosdb-server has no TransactionalBatch, no change feed that advances, no TTL expiry, no DISTINCT/GROUP BY, no query plan, no full-text search";

    public static Task<CosmosTestServer> GetAsync() => Shared.Value;

    /// <summary>Configuration for the Cosmos store against this server, in a database of its own.</summary>
    public IReadOnlyDictionary<string, string?> Settings(string database) => new Dictionary<string, string?>
    {
        ["Store"] = "Cosmos",
        ["Cosmos:Endpoint"] = Endpoint.AbsoluteUri,
        ["Cosmos:Key"] = "C2y6yDjf5/R+ob0N8A7Cgv30VRDJIWEHLM+4QDU5DE2nQ9nDuVTqobD4b8mGGyPMbIZnqyMsEcaGQy67XIw/Jw==",
        ["Cosmos:Database"] = database,
        ["Cosmos:GatewayMode"] = "true",
        ["Cosmos:LimitToEndpoint"] = "true",
        ["Cosmos:AllowInsecureEmulatorCertificate"] = "true",
        ["Cosmos:TestServerWorkarounds"] = "true",
        ["Cosmos:UseTransactionalBatch"] = "false",
        ["Cosmos:QuestionSearch"] = "TokenOverlap",
    };

    public static string NewDatabaseName() => "test-" + Guid.NewGuid().ToString("N")[..12];

    /// <summary>Where tests record what the server could not do and how it was covered (tests/collections/cosmos-journeys.sh prints them).</summary>
    public const string NotesVariable = "HEADSTORE_TEST_NOTES";

    /// <summary>
    /// What a test relying on the Cosmos store could not run here, and what covers it instead, for the settings it ran
    /// with: one line each, "NOT SUPPORTED by cosmosdb-server: ... — covered instead by ...".
    /// </summary>
    public static IReadOnlyList<string> Notes(IReadOnlyDictionary<string, string?> settings)
    {
        var notes = new List<string>();
        if (settings.TryGetValue("Cosmos:UseTransactionalBatch", out var batch) && batch == "false")
        {
            notes.Add("NOT SUPPORTED by cosmosdb-server: TransactionalBatch. Each partition's writes ran through CosmosSequentialCommitter (one by one, undone on failure); " +
                      "covered instead by CosmosUnitOfWorkTests and CosmosMoneyPlacementTests (the production batch committer against an in-memory container with batch semantics).");
        }

        if (settings.TryGetValue("Cosmos:QuestionSearch", out var search) && search == "TokenOverlap")
        {
            notes.Add("NOT SUPPORTED by cosmosdb-server: full-text search. Similar questions ran on the TokenOverlap term fallback; " +
                      "covered instead by CosmosQuestionViewsTests (the FullTextContainsAny/FullTextScore query text and parameters); not run against a real account.");
        }

        notes.Add("NOT SUPPORTED by cosmosdb-server: change feed. Not used: the outbox is polled and views and ledger entries are repaired by CosmosViewRepairJob; " +
                  "covered instead by CosmosViewRepairTests (lost view and lost ledger entry caught up) and the journeys' outbox drains.");
        notes.Add("NOT SUPPORTED by cosmosdb-server: query plans (cross-partition aggregates, continuation), GROUP BY, DISTINCT. Not used: single-partition queries " +
                  "with optimistic direct execution, TOP + keyset paging, skip scans for distinct values, per-partition sums; covered instead by the store and money contracts here.");
        notes.Add("NOT SUPPORTED by cosmosdb-server: TTL expiry. Idempotency claims also check their age (IdempotencyKeys_AbandonedClaims_CanRunAgain_AndExpireAfterADay); " +
                  "inbox and dispatched-outbox TTLs only save space.");
        return notes;
    }

    /// <summary>Records <see cref="Notes"/> for these settings in the notes file, when the run asked for one.</summary>
    public static void RecordNotes(IReadOnlyDictionary<string, string?> settings)
    {
        if (Environment.GetEnvironmentVariable(NotesVariable) is not { Length: > 0 } path)
        {
            return;
        }

        lock (NotesGate)
        {
            File.AppendAllLines(path, Notes(settings));
        }
    }

    /// <summary>Adds one line to the notes the journeys collection prints at the end of its run.</summary>
    public static void RecordNote(string line)
    {
        if (Environment.GetEnvironmentVariable(NotesVariable) is not { Length: > 0 } path)
        {
            return;
        }

        lock (NotesGate)
        {
            File.AppendAllLines(path, [line]);
        }
    }

    private static readonly object NotesGate = new();

    private static async Task<CosmosTestServer> StartAsync()
    {
        if (Environment.GetEnvironmentVariable(EndpointVariable) is { Length: > 0 } external)
        {
            return new CosmosTestServer(new Uri(external));
        }

        var root = RepositoryRoot();
        var script = Path.Combine(root, "tests", "peers", "cosmos-server.js");
        var package = Path.Combine(Environment.GetEnvironmentVariable("HEADSTORE_TEST_PEERS") ?? Path.Combine(root, ".test-peers"), "node_modules", "@vercel", "cosmosdb-server");
        if (!Directory.Exists(package))
        {
            throw new InvalidOperationException($"The Cosmos tests need the test server in {package}: run tests/peers/install.sh first.");
        }

        var port = FreePort();
        var start = new ProcessStartInfo("node")
        {
            ArgumentList = { script, port.ToString(System.Globalization.CultureInfo.InvariantCulture), "127.0.0.1", "--exit-with-stdin" },
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("node could not be started.");
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Stop(process);
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.Contains("ready at", StringComparison.Ordinal))
            {
                // Keep draining its output so the pipe never fills.
                _ = Task.Run(async () =>
                {
                    while (await process.StandardOutput.ReadLineAsync() is not null)
                    {
                    }
                });
                return new CosmosTestServer(new Uri($"https://127.0.0.1:{port}/"));
            }
        }

        throw new InvalidOperationException($"cosmosdb-server did not start (exit code {(process.HasExited ? process.ExitCode : -1)}).");
    }

    private static void Stop(Process process)
    {
        try
        {
            process.StandardInput.Close();
            if (!process.WaitForExit(2000))
            {
                process.Kill();
            }
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Serverless.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No folder above {AppContext.BaseDirectory} holds Serverless.sln.");
    }
}
