using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Headstore.Application.Common;
using Headstore.Application.Questions;
using Headstore.Benchmarks;
using Headstore.Domain.Common;
using Headstore.Infrastructure.Messaging;
using Headstore.Infrastructure.Persistence.Sqlite;
using Microsoft.Extensions.Options;

// Usage: Headstore.Benchmarks seed-and-search <database path> <question count> <result json>
//        Headstore.Benchmarks offers <base url of a running local host> <offers per run> <result json>   (see OffersBenchmark)
//        Headstore.Benchmarks payouts <work directory> <experts> <result json>
//        Headstore.Benchmarks reports <work directory> <experts> <lines per expert> <result json>
//        Headstore.Benchmarks payouts-and-reports <work directory> <markdown file>   (both, each in its own process; writes the numbers)
switch (args.FirstOrDefault())
{
    case "payouts":
        return await Headstore.Benchmarks.Payouts.PayoutBenchmark.RunAsync(args[1..]);
    case "reports":
        return await Headstore.Benchmarks.Reports.ReportBenchmark.RunAsync(args[1..]);
    case "payouts-and-reports":
        return await Headstore.Benchmarks.ScheduledWorkBenchmarks.RunAsync(args[1..]);
}

// Seeds answered questions through the real SQLite store (documents, indexed columns, FTS5 in one transaction per
// batch), then measures similar-question search at the port: warm-up, then latency percentiles over many queries.
if (args is ["offers", .. var offerArgs])
{
    return await OffersBenchmark.RunAsync(offerArgs);
}

if (args.Length > 0 && args[0] == "sessions-setup")
{
    return await SessionsBenchmark.SetUpAsync(args[1..]);
}

if (args.Length > 4 && args[0] == "sessions-port")
{
    return await SessionsAtThePort.RunAsync(args[1..]);
}

if (args.Length < 4 || args[0] != "seed-and-search")
{
    Console.Error.WriteLine("usage: seed-and-search <database path> <question count> <result json>");
    return 2;
}

var databasePath = Path.GetFullPath(args[1]);
var count = int.Parse(args[2], CultureInfo.InvariantCulture);
var resultPath = args[3];
var database = new SqliteDatabase(Options.Create(new SqliteOptions { DatabasePath = databasePath }));
await database.MigrateAsync(CancellationToken.None);
using var signal = new OutboxSignal();
var store = new SqliteDocumentStore(database, signal);
var search = new SqliteQuestionSearch(database, new SearchTermStatistics(TimeProvider.System));
var corpus = new QuestionCorpus(seed: 42);

var seedWatch = Stopwatch.StartNew();
var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
var ids = new List<string>(count);
const int batch = 1000;
var alreadySeeded = Environment.GetEnvironmentVariable("HEADSTORE_BENCH_REUSE") == "1";
for (var done = 0; !alreadySeeded && done < count; done += batch)
{
    var work = store.BeginWork();
    for (var i = done; i < Math.Min(count, done + batch); i++)
    {
        var at = start.AddMinutes(i);
        var question = QuestionCorpus.Answered(QuestionId.New(at), corpus.NextQuestion(), at);
        work.Add(question);
        ids.Add(question.Id.Value);
    }

    var committed = await work.CommitAsync(CancellationToken.None);
    if (!committed.IsSuccess)
    {
        throw new InvalidOperationException(committed.Error!.Detail);
    }
}

seedWatch.Stop();
if (!alreadySeeded)
{
    await File.WriteAllLinesAsync(Path.Combine(Path.GetDirectoryName(databasePath)!, "question-ids.txt"), ids.Take(5000));
}

var queries = Enumerable.Range(0, 3000).Select(_ => corpus.NextSearch()).ToArray();
foreach (var query in queries.Take(300))
{
    await search.FindSimilarAsync(query, 5, CancellationToken.None);
}

var latencies = new double[queries.Length];
var results = 0;
var total = Stopwatch.StartNew();
for (var i = 0; i < queries.Length; i++)
{
    var watch = Stopwatch.StartNew();
    var found = await search.FindSimilarAsync(queries[i], 5, CancellationToken.None);
    latencies[i] = watch.Elapsed.TotalMilliseconds;
    results += found.Count;
}

total.Stop();
Array.Sort(latencies);
double Percentile(double p) => latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(p * latencies.Length) - 1)];
var report = new
{
    questions = count,
    seedSeconds = Math.Round(seedWatch.Elapsed.TotalSeconds, 1),
    databaseMegabytes = Math.Round(new FileInfo(databasePath).Length / 1024.0 / 1024.0, 1),
    searchQueries = queries.Length,
    searchAverageResults = Math.Round((double)results / queries.Length, 2),
    searchQueriesPerSecond = Math.Round(queries.Length / total.Elapsed.TotalSeconds, 0),
    searchP50Ms = Math.Round(Percentile(0.50), 2),
    searchP95Ms = Math.Round(Percentile(0.95), 2),
    searchP99Ms = Math.Round(Percentile(0.99), 2),
    searchMaxMs = Math.Round(latencies[^1], 2),
};
await File.WriteAllTextAsync(resultPath, JsonSerializer.Serialize(report, new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine(JsonSerializer.Serialize(report));
return 0;
