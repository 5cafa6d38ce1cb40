using System.Diagnostics;
using System.Globalization;
using System.Text;
using Headstore.Application;
using Headstore.Application.Common;
using Headstore.Application.Experts;
using Headstore.Application.Ledger;
using Headstore.Application.Messaging;
using Headstore.Application.Questions;
using Headstore.Application.Reputation;
using Headstore.Application.Sessions;
using Headstore.Domain.Common;
using Headstore.Domain.Experts;
using Headstore.Domain.Ledger;
using Headstore.Domain.Messaging;
using Headstore.Domain.Payments;
using Headstore.Domain.Questions;
using Headstore.Domain.Reputation;
using Headstore.Domain.Sessions;
using Headstore.Infrastructure;
using Headstore.Infrastructure.Persistence;
using Headstore.Infrastructure.Persistence.Cosmos;
using Headstore.Infrastructure.Tests.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// Compares the hot operations of the two document stores, each composed as the hosts compose it, on the same data.
// Usage: dotnet run -c Release --project tests/Headstore.StoreBenchmarks [-- --quick] [--out docs/benchmarks/store-comparison.md]
var quick = args.Contains("--quick");
var outIndex = Array.IndexOf(args, "--out");
var output = outIndex >= 0 && outIndex + 1 < args.Length ? args[outIndex + 1] : null;
var scale = quick ? 0.2 : 1.0;

var results = new List<(string Store, string Operation, Stats Stats)>();
foreach (var store in new[] { "Sqlite", "Cosmos" })
{
    Console.WriteLine($"== {store}");
    await using var subject = await Subject.StartAsync(store);
    var data = await Seed.RunAsync(subject, scale);
    foreach (var (name, iterations, operation) in Operations.All(subject, data, scale))
    {
        var stats = await Measure.RunAsync(operation, iterations);
        results.Add((store, name, stats));
        Console.WriteLine($"{name,-48} {stats}");
    }
}

var report = Report.Markdown(results, quick);
Console.WriteLine();
Console.WriteLine(report);
if (output is not null)
{
    Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(output))!);
    await File.WriteAllTextAsync(output, report);
    Console.WriteLine($"Written to {output}");
}

internal sealed record Stats(int Count, double MeanMs, double P50Ms, double P95Ms, double P99Ms)
{
    public double PerSecond => 1000 / MeanMs;

    public override string ToString() => FormattableString.Invariant($"n={Count,5} mean={MeanMs,8:F3} ms p50={P50Ms,8:F3} p95={P95Ms,8:F3} p99={P99Ms,8:F3} ({PerSecond,8:F0}/s)");
}

internal static class Measure
{
    /// <summary>Warms up (10% of the iterations, at least 20), then times each call alone, one after another.</summary>
    public static async Task<Stats> RunAsync(Func<int, Task> operation, int iterations)
    {
        for (var i = 0; i < Math.Max(20, iterations / 10); i++)
        {
            await operation(-1 - i);
        }

        var samples = new double[iterations];
        for (var i = 0; i < iterations; i++)
        {
            var started = Stopwatch.GetTimestamp();
            await operation(i);
            samples[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        Array.Sort(samples);
        double Percentile(double p) => samples[Math.Min(samples.Length - 1, (int)Math.Ceiling(p * samples.Length) - 1)];
        return new Stats(iterations, samples.Average(), Percentile(0.50), Percentile(0.95), Percentile(0.99));
    }
}

internal sealed class Subject : IAsyncDisposable
{
    private readonly string directory;

    private Subject(string store, ServiceProvider services, string directory)
    {
        Store = store;
        Services = services;
        this.directory = directory;
    }

    public string Store { get; }

    public ServiceProvider Services { get; }

    public IDocumentStore Documents => Services.GetRequiredService<IDocumentStore>();

    public static async Task<Subject> StartAsync(string store)
    {
        var directory = Directory.CreateTempSubdirectory("headstore-bench-").FullName;
        var settings = new Dictionary<string, string?>
        {
            ["Store"] = store,
            ["Sqlite:DatabasePath"] = Path.Combine(directory, "headstore.db"),
            ["Mail:Directory"] = Path.Combine(directory, "mail"),
            ["Blobs:Directory"] = Path.Combine(directory, "blobs"),
            ["Outbox:RunInBackground"] = "false",
        };
        if (store == "Cosmos")
        {
            foreach (var (key, value) in (await CosmosTestServer.GetAsync()).Settings(CosmosTestServer.NewDatabaseName()))
            {
                settings[key] = value;
            }
        }

        var services = new ServiceCollection()
            .AddLogging(logging => logging.SetMinimumLevel(LogLevel.Warning))
            .AddApplication()
            .AddInfrastructure(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();
        await services.GetRequiredService<IStoreInitializer>().InitializeAsync(CancellationToken.None);
        return new Subject(store, services, directory);
    }

    public async ValueTask DisposeAsync()
    {
        if (Services.GetService<CosmosDatabase>() is { } cosmos)
        {
            await cosmos.DeleteAsync(CancellationToken.None);
        }

        await Services.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}

internal sealed record SeededData(IReadOnlyList<string> Questions, IReadOnlyList<string> Experts, IReadOnlyList<string> Customers, int Captures, IReadOnlyList<string> Sessions);

internal static class Seed
{
    private static readonly string[] Words =
        ["tax", "return", "office", "home", "rent", "vat", "payroll", "invoice", "contract", "lease", "tenant", "laptop", "printer", "network", "router",
         "mortgage", "pension", "claim", "expense", "bicycle", "travel", "client", "freelance", "company", "director", "dividend", "salary", "deadline"];

    public static async Task<SeededData> RunAsync(Subject subject, double scale)
    {
        var now = new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
        var random = new Random(42);
        string Sentence(int words) => string.Join(' ', Enumerable.Range(0, words).Select(_ => Words[random.Next(Words.Length)]));
        var experts = Enumerable.Range(0, (int)(200 * scale)).Select(i => $"expert-{i:D4}").ToArray();
        var customers = Enumerable.Range(0, (int)(100 * scale)).Select(i => $"customer-{i:D4}").ToArray();
        var categories = new[] { "tax-accounting", "law", "computers-it", "business" };

        foreach (var (id, i) in experts.Select((id, i) => (id, i)))
        {
            var profile = ExpertProfile.Create(new ExpertId(id), new ExpertProfileDetails($"Expert {i}", "Adviser", null, Sentence(12), [new CategoryId(categories[i % 4])], ["en"], Sentence(30), Currency.USD, 100 + i, 5, null), now)
                .WithReputation(random.Next(0, 500));
            await CommitAsync(subject, w => w.Add(profile));
            await CommitAsync(subject, w =>
            {
                for (var line = 0; line < 5; line++)
                {
                    w.Add(new ReputationEvent($"{id}:vote:seed{line}:0", new ExpertId(id), ReputationReason.AnswerUpvoted, 10, 10, "q_x.a1", now.AddMinutes(line)));
                }
            });
        }

        var questions = new List<string>();
        for (var i = 0; i < (int)(1000 * scale); i++)
        {
            var asker = Actor(customers[i % customers.Length]);
            var question = Question.Ask(QuestionId.New(now.AddSeconds(i)), asker, new CategoryId(categories[i % 4]), Sentence(8), Sentence(60), "en", now.AddSeconds(i));
            if (i % 2 == 0)
            {
                question = question.AddAnswer(new ExpertId(experts[i % experts.Length]), "Expert", Sentence(80), now.AddSeconds(i + 1)).Value.Question;
            }

            await CommitAsync(subject, w => w.Add(question));
            questions.Add(question.Id.Value);
        }

        for (var i = 0; i < customers.Length * 3; i++)
        {
            var thread = MessageThread.Start(MessageThreadId.New(now.AddSeconds(i)), Actor(customers[i % customers.Length]), new ExpertId(experts[i % experts.Length]), Sentence(4), Sentence(40), now.AddSeconds(i)).Value;
            await CommitAsync(subject, w => w.Add(thread));
        }

        // Money: paid questions captured for the experts, the first expert with the most (their statement is the one read).
        var captures = (int)(400 * scale);
        for (var i = 0; i < captures; i++)
        {
            var expert = i % 2 == 0 ? experts[0] : experts[1 + (i % (experts.Length - 1))];
            await CaptureAsync(subject, $"q_seed{i:D5}", expert, customers[i % customers.Length], 1000 + (i * 37 % 9000), now.AddMinutes(i));
        }

        // Sessions: connected (both parties on the local sandbox call), started through the application's session runner,
        // one per expert (a session marks its expert busy).
        var sessions = new List<string>();
        for (var i = 0; i < (int)(100 * scale); i++)
        {
            sessions.Add(await ConnectedSessionAsync(subject, experts[i], customers[i % customers.Length]));
        }

        return new SeededData(questions, experts, customers, captures, sessions);
    }

    private static async Task<string> ConnectedSessionAsync(Subject subject, string expert, string customer)
    {
        await using var scope = subject.Services.CreateAsyncScope();
        var now = DateTimeOffset.UtcNow;
        var id = SessionId.New(now);
        var call = (await scope.ServiceProvider.GetRequiredService<ICallService>().PrepareAsync(id, now, now.AddHours(3), CancellationToken.None)).Value;
        var session = Session.Request(id, new UserId(customer), "Customer", new ExpertId(expert), "Expert", SessionMode.Video, SessionOrigin.Direct, null,
            new SessionTerms(new Money(300, Currency.USD), 5, false, TimeSpan.FromMinutes(90), 1000), null, call, now);
        var started = await scope.ServiceProvider.GetRequiredService<SessionRunner>().CommitAsync(
            session, [new SessionSignal.StartRinging(), new SessionSignal.Accept(SessionParty.Expert)], isNew: true, fromTimer: false, null, null, CancellationToken.None);
        if (!started.IsSuccess)
        {
            throw new InvalidOperationException(started.Error!.Code);
        }

        await MoveAsync(scope.ServiceProvider, id.Value, "customer", join: true);
        await MoveAsync(scope.ServiceProvider, id.Value, "expert", join: true);
        return id.Value;
    }

    /// <summary>One call event through the local call sandbox's handler (what <c>POST /api/local-calls/{id}/join|leave</c> runs).</summary>
    public static async Task MoveAsync(IServiceProvider services, string sessionId, string participant, bool join)
    {
        var moved = await services.GetRequiredService<LocalCallHandler>().HandleAsync(Admin, sessionId, new LocalCallCommand(participant), join, CancellationToken.None);
        if (!moved.IsSuccess)
        {
            throw new InvalidOperationException(moved.Error!.Code);
        }
    }

    public static readonly Actor Admin = new(new UserId("admin-bench"), "Admin", null, new HashSet<string> { Roles.Admin });

    /// <summary>A paid question's payment captured for an expert at 10% commission: the payment, its charge posting and its event, one commit.</summary>
    public static Task CaptureAsync(Subject subject, string questionId, string expert, string customer, long amountMinor, DateTimeOffset at)
    {
        var question = new QuestionId(questionId);
        var amount = new Money(amountMinor, Currency.USD);
        var payment = CustomerPayment.Authorise(PaymentId.ForQuestion(question), PaymentPurpose.Question, questionId, new UserId(customer), "Paid question", amount, "pi_" + questionId, at, null);
        var (captured, charge) = payment.Capture(amount, Earner.ForExpert(new ExpertId(expert), RevenueSplit.Commission(1000)), at).Value;
        return CommitAsync(subject, w =>
        {
            w.Add(captured);
            w.Add(charge!);
            w.Publish(new Headstore.Application.Payments.PaymentCaptured(captured.Id, captured.CustomerId, new ExpertId(expert)) { OccurredAt = at });
        });
    }

    public static Actor Actor(string id) => new(new UserId(id), id, null, new HashSet<string> { Roles.Customer });

    public static async Task CommitAsync(Subject subject, Action<IUnitOfWork> changes)
    {
        var work = subject.Documents.BeginWork();
        changes(work);
        var result = await work.CommitAsync(CancellationToken.None);
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException(result.Error!.Code);
        }
    }
}

internal static class Operations
{
    public static IEnumerable<(string Name, int Iterations, Func<int, Task> Operation)> All(Subject subject, SeededData data, double scale)
    {
        var store = subject.Documents;
        var services = subject.Services;
        int N(int n) => Math.Max(50, (int)(n * scale));
        var now = new DateTimeOffset(2026, 11, 3, 9, 0, 0, TimeSpan.Zero);

        yield return ("Point read (question by id)", N(2000), async i =>
            _ = await store.FindAsync<Question>(data.Questions[Math.Abs(i) % data.Questions.Count], CancellationToken.None));

        yield return ("Insert + outbox event (ask a question)", N(500), async i =>
        {
            var question = Question.Ask(QuestionId.New(now), Seed.Actor(data.Customers[Math.Abs(i) % data.Customers.Count]), new CategoryId("law"), "Benchmark question title", "Benchmark question body text.", "en", now);
            await Seed.CommitAsync(subject, w =>
            {
                w.Add(question);
                w.Publish(new QuestionAsked(question.Id, question.AskerId, question.CategoryId) { OccurredAt = now });
            });
        });

        yield return ("Read-modify-write (answer a question)", N(500), async i =>
        {
            var id = data.Questions[Math.Abs(i) % data.Questions.Count];
            var result = await Concurrency.RetryOnConflictAsync(async () =>
            {
                var question = (await store.FindAsync<Question>(id, CancellationToken.None))!;
                if (question.Answers.Count >= Question.MaxAnswersPerQuestion - 1)
                {
                    return Result<Unit>.Success(Unit.Value);
                }

                var work = store.BeginWork();
                work.Update(question.AddAnswer(new ExpertId(data.Experts[0]), "Expert", "A benchmark answer.", now).Value.Question);
                return await work.CommitAsync(CancellationToken.None);
            });
            if (!result.IsSuccess)
            {
                throw new InvalidOperationException(result.Error!.Code);
            }
        });

        yield return ("Reputation commit (2 lines + profile, 1 partition)", N(300), async i =>
        {
            var expert = data.Experts[Math.Abs(i) % data.Experts.Count];
            var result = await Concurrency.RetryOnConflictAsync(async () =>
            {
                var profile = (await store.FindAsync<ExpertProfile>(expert, CancellationToken.None))!;
                var work = store.BeginWork();
                var cause = Guid.NewGuid().ToString("N");
                work.Add(new ReputationEvent($"{expert}:vote:{cause}:0", new ExpertId(expert), ReputationReason.AnswerUpvoteWithdrawn, -10, -10, "q_x.a1", now));
                work.Add(new ReputationEvent($"{expert}:vote:{cause}:1", new ExpertId(expert), ReputationReason.AnswerDownvoted, -2, -2, "q_x.a1", now));
                work.Update(profile.WithReputation(profile.Reputation - 12));
                return await work.CommitAsync(CancellationToken.None);
            });
            if (!result.IsSuccess)
            {
                throw new InvalidOperationException(result.Error!.Code);
            }
        });

        var directory = services.GetRequiredService<IExpertDirectory>();
        yield return ("Expert search (category, page of 20)", N(300), async i =>
            _ = await directory.SearchAsync(new ExpertSearch(new CategoryId(i % 2 == 0 ? "law" : "tax-accounting"), "en", null, null, null, false), new PageRequest(20, null), CancellationToken.None));

        var questions = services.GetRequiredService<IQuestionSearch>();
        yield return ("Question list (category, newest, page of 20)", N(300), async i =>
            _ = await questions.ListAsync(new QuestionListFilter(new CategoryId(i % 2 == 0 ? "law" : "business"), null, null), new PageRequest(20, null), CancellationToken.None));

        yield return ("Similar questions (5 best)", N(200), async i =>
            _ = await questions.FindSimilarAsync(i % 2 == 0 ? "home office rent claim" : "vat invoice deadline for my company", 5, CancellationToken.None));

        var messaging = services.GetRequiredService<IMessagingQueries>();
        yield return ("My conversations (page of 20)", N(300), async i =>
            _ = await messaging.ThreadsForAsync(new UserId(data.Customers[Math.Abs(i) % data.Customers.Count]), new PageRequest(20, null), CancellationToken.None));

        var reputation = services.GetRequiredService<IReputationQueries>();
        yield return ("Daily vote-gain sum (one expert)", N(300), async i =>
            _ = await reputation.VoteGainsAppliedAsync(new ExpertId(data.Experts[Math.Abs(i) % data.Experts.Count]), new DateOnly(2026, 11, 2), CancellationToken.None));

        yield return ("Post a ledger transaction (capture: payment + charge)", N(300), i =>
            Seed.CaptureAsync(subject, $"q_bench{Math.Abs(i):D5}{(i < 0 ? "w" : "")}", data.Experts[1 + (Math.Abs(i) % (data.Experts.Count - 1))], data.Customers[Math.Abs(i) % data.Customers.Count], 2500, now));

        var ledger = services.GetRequiredService<ILedgerQueries>();
        var payable = LedgerAccount.ExpertPayable(new ExpertId(data.Experts[0]));
        yield return ($"Expert balance (one currency, {data.Captures} entries)", N(300), async i =>
            _ = await ledger.BalancesAsync(payable, i % 2 == 0 ? null : now, CancellationToken.None));

        LedgerAccount[] statement = [payable, LedgerAccount.AmbassadorPayable(new UserId(data.Experts[0]))];
        yield return ("Expert ledger page (50 lines)", N(300), async i =>
            _ = await ledger.LinesAsync(statement, new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero).AddMinutes(Math.Abs(i) % 100), now.AddDays(1), new PageRequest(50, null), CancellationToken.None));

        yield return ("Session meter read (connected session)", N(2000), async i =>
        {
            await using var scope = services.CreateAsyncScope();
            var meter = await scope.ServiceProvider.GetRequiredService<GetSessionMeterHandler>().HandleAsync(Seed.Admin, data.Sessions[Math.Abs(i) % data.Sessions.Count], CancellationToken.None);
            if (!meter.IsSuccess)
            {
                throw new InvalidOperationException(meter.Error!.Code);
            }
        });

        var away = new bool[data.Sessions.Count];
        yield return ("Session call event (the expert leaves or rejoins)", N(500), async i =>
        {
            var k = Math.Abs(i) % data.Sessions.Count;
            away[k] = !away[k];
            await using var scope = services.CreateAsyncScope();
            await Seed.MoveAsync(scope.ServiceProvider, data.Sessions[k], "expert", join: !away[k]);
        });

        var keys = services.GetRequiredService<IIdempotencyStore>();
        yield return ("Idempotency key claim + complete", N(300), async i =>
        {
            var key = $"bench-{i}-{Guid.NewGuid():N}";
            await keys.ClaimAsync("customer-0000", key, "hash", CancellationToken.None);
            await keys.CompleteAsync("customer-0000", key, new StoredResponse(201, "application/json", "{}", null), CancellationToken.None);
        });
    }
}

internal static class Report
{
    public static string Markdown(IReadOnlyList<(string Store, string Operation, Stats Stats)> results, bool quick)
    {
        var builder = new StringBuilder();
        builder.AppendLine("# Store comparison: SQLite vs Cosmos DB protocol (test server)");
        builder.AppendLine();
        builder.AppendLine(CultureInfo.InvariantCulture, $"Written by `tests/Headstore.StoreBenchmarks` (`tests/run-benchmarks.sh`) on {DateTimeOffset.UtcNow:yyyy-MM-dd}: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}{(quick ? ", quick run (fewer iterations)" : "")}.");
        builder.AppendLine("Each operation runs alone, one call after another, after a warm-up; latencies are per call.");
        builder.AppendLine();
        builder.AppendLine("**Read these numbers for what they are.** SQLite is an embedded file on local disk. \"Cosmos\" is the Cosmos DB .NET SDK in gateway mode");
        builder.AppendLine("talking HTTPS to the npm `@vercel/cosmosdb-server` on loopback: an in-memory JavaScript stand-in with no indexes, no replication and a");
        builder.AppendLine("request charge of 1 for everything. Its numbers show the client-side cost of each design (round trips per operation, payload sizes)");
        builder.AppendLine("and nothing about Azure latency or RU cost; docs/cosmos.md estimates the request units per operation on Azure. Units of work with");
        builder.AppendLine("several documents run through the compensating committer here (one request per document) instead of one TransactionalBatch.");
        builder.AppendLine("The test server evaluates every query by scanning the container in JavaScript, so its query times grow with the data seeded");
        builder.AppendLine("(200 experts with 5 reputation lines each, 1000 questions, 300 conversations, 400 captured paid questions: 200 of them for the");
        builder.AppendLine("expert whose balance and statement are read), unlike Cosmos DB's indexed queries. The machine is shared with other builds;");
        builder.AppendLine("tail latencies include that noise.");
        builder.AppendLine();
        builder.AppendLine("Money on Cosmos: a capture is one batch in the question's partition (payment, charge, outbox event; compensating committer");
        builder.AppendLine("here) plus a lookup of the provider's intent id ahead of it and one ledger entry document per line after it (5 here); a balance");
        builder.AppendLine("is three single-partition queries in the account's partition (a skip scan for the currency, then its sum, then the end of");
        builder.AppendLine("the scan); a statement page is one single-partition query per account (expert payable, ambassador payable). On the test");
        builder.AppendLine("server each of those queries scans the whole ledger container (about 3,500 entry documents after seeding and posting),");
        builder.AppendLine("which is what its balance and statement times measure; on Cosmos DB they read the account partition's index.");
        builder.AppendLine();
        builder.AppendLine("Sessions (100 connected, one per expert): on SQLite, the local host's in-process session cache answers meter reads and the");
        builder.AppendLine("read half of a call event without the file (one process owns it); on Cosmos a meter read is a point read of the session (its");
        builder.AppendLine("id lookup cached) and a call event a point read plus a replace on the ETag in the expert's partition (docs/cosmos.md, \"Sessions\").");
        builder.AppendLine();
        builder.AppendLine("| Operation | SQLite mean ms | SQLite p95 ms | Cosmos (test server) mean ms | Cosmos p95 ms | Cosmos / SQLite |");
        builder.AppendLine("|---|---:|---:|---:|---:|---:|");
        foreach (var operation in results.Select(r => r.Operation).Distinct())
        {
            var sqlite = results.Single(r => r.Store == "Sqlite" && r.Operation == operation).Stats;
            var cosmos = results.Single(r => r.Store == "Cosmos" && r.Operation == operation).Stats;
            builder.AppendLine(CultureInfo.InvariantCulture, $"| {operation} | {sqlite.MeanMs:F3} | {sqlite.P95Ms:F3} | {cosmos.MeanMs:F3} | {cosmos.P95Ms:F3} | {cosmos.MeanMs / sqlite.MeanMs:F1}x |");
        }

        builder.AppendLine();
        builder.AppendLine("Iterations per operation: " + string.Join(", ", results.Where(r => r.Store == "Sqlite").Select(r => $"{r.Operation} {r.Stats.Count}")) + ".");
        return builder.ToString();
    }
}
