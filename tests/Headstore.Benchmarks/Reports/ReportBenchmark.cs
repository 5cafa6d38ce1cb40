using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Headstore.Application.Common;
using Headstore.Application.Reports;
using Headstore.Application.Users;
using Headstore.Benchmarks.Payouts;
using Headstore.Domain.Common;
using Headstore.Domain.Ledger;
using Headstore.Domain.Payments;
using Headstore.Domain.Scheduling;
using Headstore.Infrastructure.Messaging;
using Microsoft.Extensions.DependencyInjection;

namespace Headstore.Benchmarks.Reports;

/// <summary>
/// Monthly payment reports for many experts with many ledger lines each: (1) the monthly run, as the 1st of the
/// month does it (enumerate the payees, then for each add the month up by streaming its lines, record the figures and
/// e-mail the expert), and (2) every expert's report downloaded in all three formats (JSON, CSV, HTML with its chart),
/// streamed to a counting sink as they would be to a response.
/// </summary>
public static class ReportBenchmark
{
    private static readonly DateTimeOffset MonthStart = new(2026, 10, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 4)
        {
            Console.Error.WriteLine("usage: reports <work directory> <experts> <lines per expert> <result json> [concurrency]");
            return 2;
        }

        var concurrency = args.Length > 4 ? int.Parse(args[4], CultureInfo.InvariantCulture) : 1;

        var directory = Directory.CreateDirectory(args[0]).FullName;
        var experts = int.Parse(args[1], CultureInfo.InvariantCulture);
        var linesPerExpert = int.Parse(args[2], CultureInfo.InvariantCulture);
        var database = Path.Combine(directory, $"reports-{experts}-{linesPerExpert}.db");
        var reuse = File.Exists(database) && Environment.GetEnvironmentVariable("HEADSTORE_BENCH_REUSE") == "1";
        await using var provider = await BenchmarkHost.BuildAsync(new Dictionary<string, string?>
        {
            ["Sqlite:DatabasePath"] = database,
            ["Mail:Directory"] = Path.Combine(directory, "report-mail"),
            ["Blobs:Directory"] = Path.Combine(directory, "blobs"),
            ["Outbox:BatchSize"] = "500",
        }, new FixedClock(new DateTimeOffset(2026, 11, 1, 3, 0, 0, TimeSpan.Zero)));

        var seed = Stopwatch.StartNew();
        if (!reuse)
        {
            await SeedAsync(provider, experts, linesPerExpert);
        }

        else
        {
            // A reused database runs the month again: forget the run, its events, the figures and the e-mails.
            await using var connection = await provider.GetRequiredService<Headstore.Infrastructure.Persistence.Sqlite.SqliteDatabase>().OpenAsync(CancellationToken.None);
            await using var reset = connection.CreateCommand();
            reset.CommandText = "DELETE FROM scheduled_runs; DELETE FROM payment_reports; DELETE FROM outbox; DELETE FROM inbox;";
            await reset.ExecuteNonQueryAsync();
            if (Directory.Exists(Path.Combine(directory, "report-mail")))
            {
                Directory.Delete(Path.Combine(directory, "report-mail"), recursive: true);
            }
        }

        seed.Stop();
        GC.Collect();

        var loadBefore = BenchmarkHost.LoadAverage();
        var cpuBefore = BenchmarkHost.CpuSeconds();
        var run = Stopwatch.StartNew();
        await using (var scope = provider.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetServices<IPeriodicJob>().Single(j => j.Name == MonthlyReportJob.JobName).RunAsync(CancellationToken.None);
        }

        var enumerated = run.Elapsed;
        var dispatched = concurrency == 1
            ? await provider.GetRequiredService<OutboxDispatcher>().DrainAsync(CancellationToken.None)
            : await FanOut.DrainAsync(provider, concurrency);
        run.Stop();
        var runCpu = BenchmarkHost.CpuSeconds() - cpuBefore;

        // HEADSTORE_BENCH_DOWNLOADS limits the downloads to the first N experts (a quicker look at the writers).
        var downloads = int.TryParse(Environment.GetEnvironmentVariable("HEADSTORE_BENCH_DOWNLOADS"), CultureInfo.InvariantCulture, out var limit) ? Math.Min(limit, experts) : experts;
        var download = Stopwatch.StartNew();
        var sink = new CountingStream();
        var rows = 0L;
        var byFormat = new Dictionary<PaymentReportFormat, TimeSpan>();
        var allocatedByFormat = new Dictionary<PaymentReportFormat, long>();
        await using (var scope = provider.CreateAsyncScope())
        {
            var builder = scope.ServiceProvider.GetRequiredService<PaymentReportBuilder>();
            var writers = scope.ServiceProvider.GetServices<IPaymentReportWriter>().ToArray();
            var period = MonthPeriod.Of(MonthStart);
            for (var i = 0; i < downloads; i++)
            {
                var owner = new UserId($"expert-report-{i:00000}");
                foreach (var writer in writers)
                {
                    var started = Stopwatch.GetTimestamp();
                    var allocatedBefore = GC.GetTotalAllocatedBytes();
                    var summaries = await builder.SummariseAsync(owner, period, CancellationToken.None);
                    var header = new PaymentReportHeader(owner, $"Expert {i}", period, DateTimeOffset.UtcNow, false, summaries);
                    await writer.WriteAsync(header, builder.RowsAsync(owner, period, summaries, CancellationToken.None), sink, CancellationToken.None);
                    rows += summaries.Sum(s => s.Lines);
                    byFormat[writer.Format] = byFormat.GetValueOrDefault(writer.Format) + Stopwatch.GetElapsedTime(started);
                    allocatedByFormat[writer.Format] = allocatedByFormat.GetValueOrDefault(writer.Format) + (GC.GetTotalAllocatedBytes() - allocatedBefore);
                }
            }
        }

        download.Stop();
        var downloadCpu = BenchmarkHost.CpuSeconds() - cpuBefore - runCpu;
        var mails = Directory.Exists(Path.Combine(directory, "report-mail")) ? Directory.GetFiles(Path.Combine(directory, "report-mail"), "*.eml").Length : 0;
        var result = new Dictionary<string, object>
        {
            ["experts"] = experts,
            ["linesPerExpert"] = linesPerExpert,
            ["concurrency"] = concurrency,
            ["ledgerLinesInMonth"] = (long)experts * linesPerExpert,
            ["seedSeconds"] = Math.Round(seed.Elapsed.TotalSeconds, 1),
            ["databaseMegabytes"] = Math.Round(new FileInfo(database).Length / 1024.0 / 1024.0, 0),
            ["monthlyRunEnumerateSeconds"] = Math.Round(enumerated.TotalSeconds, 2),
            ["monthlyRunSeconds"] = Math.Round(run.Elapsed.TotalSeconds, 1),
            ["monthlyRunCpuSeconds"] = Math.Round(runCpu, 1),
            ["reportsGenerated"] = dispatched,
            ["emails"] = mails,
            ["downloadsAllFormatsSeconds"] = Math.Round(download.Elapsed.TotalSeconds, 1),
            ["downloadsCpuSeconds"] = Math.Round(downloadCpu, 1),
            ["downloads"] = downloads * 3,
            ["downloadSecondsByFormat"] = string.Join(", ", byFormat.Select(f => $"{f.Key.ToString().ToLowerInvariant()} {f.Value.TotalSeconds:0.0}")),
            ["downloadKilobytesAllocatedPerReport"] = string.Join(", ", allocatedByFormat.Select(f => $"{f.Key.ToString().ToLowerInvariant()} {f.Value / 1024.0 / Math.Max(1, downloads):0}")),
            ["loadAverageBefore"] = loadBefore,
            ["loadAverageAfter"] = BenchmarkHost.LoadAverage(),
            ["linesWritten"] = rows,
            ["megabytesWritten"] = Math.Round(sink.Length / 1024.0 / 1024.0, 0),
        };
        foreach (var (key, value) in BenchmarkHost.Memory())
        {
            result[key] = value;
        }

        await File.WriteAllTextAsync(args[3], JsonSerializer.Serialize(result, BenchmarkHost.Indented));
        Console.WriteLine(JsonSerializer.Serialize(result));
        return dispatched >= experts && rows == 3L * downloads * linesPerExpert ? 0 : 1;
    }

    /// <summary>
    /// For each expert, captured payments spread over October (questions, premium services and sessions in turn),
    /// each posting two lines on the expert's payable (the price and the commission): <paramref name="lines"/> lines.
    /// </summary>
    private static async Task SeedAsync(IServiceProvider provider, int experts, int lines)
    {
        var store = provider.GetRequiredService<IDocumentStore>();
        var purposes = new[] { PaymentPurpose.Question, PaymentPurpose.Offer, PaymentPurpose.Session };
        var payments = lines / 2;
        var work = store.BeginWork();
        var pending = 0;
        for (var i = 0; i < experts; i++)
        {
            var expert = new ExpertId($"expert-report-{i:00000}");
            work.Add(new UserAccount(expert.User, $"Expert {i}", $"expert{i}@example.com", [Roles.Expert], MonthStart, MonthStart, 0));
            for (var p = 0; p < payments; p++)
            {
                var at = MonthStart.AddMinutes((p * 31d * 24 * 60 / payments) + (i % 60));
                var (payment, posting) = CustomerPayment.Charged(new PaymentId($"pay_r{i:00000}_{p:000}"), purposes[p % 3], $"ref_{i}_{p}", new UserId($"customer-{p % 50}"),
                    purposes[p % 3] switch { PaymentPurpose.Question => "Paid question answered", PaymentPurpose.Offer => "Premium service: document preparation", _ => "Video session" },
                    new Money(500 + ((i + p) % 9500), Currency.USD), $"pi_r{i:00000}_{p:000}", Earner.ForExpert(expert, RevenueSplit.Commission(1000)), at);
                work.Add(payment);
                work.Add(posting);
                if (++pending == 2000)
                {
                    await BenchmarkHost.CommitAsync(work);
                    work = store.BeginWork();
                    pending = 0;
                }
            }
        }

        await BenchmarkHost.CommitAsync(work);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>Counts what is written and keeps nothing, like a response body going out to the network.</summary>
    private sealed class CountingStream : Stream
    {
        private long length;

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => length;

        public override long Position { get => length; set => throw new NotSupportedException(); }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => length += count;

        public override void Write(ReadOnlySpan<byte> buffer) => length += buffer.Length;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            length += buffer.Length;
            return ValueTask.CompletedTask;
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
