using System.Diagnostics;
using System.Globalization;
using System.Text;
using Headstore.Domain.Common;
using Headstore.Domain.Ledger;
using Headstore.Domain.Payments;
using Headstore.Infrastructure.Messaging;
using Headstore.Infrastructure.Payments.Sandbox;
using Headstore.Infrastructure.Persistence.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace Headstore.Api.Tests.Payouts;

/// <summary>
/// The crash test of the weekly payout run, with real process kills: the local host (built in this test's
/// configuration; Release under ./tests/run.sh) runs as a child process on a seeded SQLite file, with a test-only pause
/// between the steps of each payout. Ten times it is killed (SIGKILL) at a random moment after the run has visibly
/// started paying, and started again; then it is left to finish. Against the payment sandbox's own records (its
/// transfers and idempotency keys, persisted in the same file) every payee is paid exactly once per currency and week,
/// for exactly what they were owed, and the ledger balances.
/// </summary>
[Trait("Category", "Crash")]
public sealed class PayoutCrashTests(ITestOutputHelper output) : IDisposable
{
    private const int Experts = 150;
    private const int Ambassadors = 5;
    private const int Kills = 10;
    private readonly string directory = Directory.CreateTempSubdirectory("headstore-crash-").FullName;
    private readonly StringBuilder hostLog = new();
    private Process? host;

    private string DatabasePath => Path.Combine(directory, "headstore.db");

    [Fact]
    public async Task KillingTheHostTenTimesDuringAPayoutRun_PaysEveryPayeeExactlyOnce()
    {
        var owed = await SeedAsync();
        var random = new Random(20261102);
        var killedMidRun = 0;
        for (var kill = 1; kill <= Kills; kill++)
        {
            var before = Count("SELECT COUNT(*) FROM payouts");
            Start();
            await WaitUntilAsync(() => Count("SELECT COUNT(*) FROM payouts") > before, TimeSpan.FromSeconds(30), "the host to start paying");
            await Task.Delay(random.Next(0, 600));
            KillHost();
            var reserved = Count("SELECT COUNT(*) FROM payouts");
            var sent = Count("SELECT COUNT(*) FROM payouts WHERE state = 'InTransit'");
            output.WriteLine($"kill {kill}: {reserved} reserved, {sent} sent of {owed.Count}");
            if (sent < owed.Count)
            {
                killedMidRun++;
            }
        }

        Start();
        await WaitUntilAsync(() => Count("SELECT COUNT(*) FROM payouts WHERE state = 'InTransit'") == owed.Count && Count("SELECT COUNT(*) FROM outbox WHERE dispatched_at IS NULL") == 0,
            TimeSpan.FromSeconds(60), "the run to finish");
        KillHost();

        Assert.Equal(Kills, killedMidRun);
        var transfers = Rows("SELECT json_extract(body, '$.metadata.headstore_payout_id'), COUNT(*), SUM(json_extract(body, '$.amount')), MIN(json_extract(body, '$.currency')) FROM sandbox_transfers GROUP BY 1");
        Assert.Equal(owed.Count, transfers.Count);
        Assert.All(transfers, t => Assert.Equal("1", t[1]));
        var week = Payout.WeekOf(DateTimeOffset.UtcNow);
        foreach (var ((owner, currency), amount) in owed)
        {
            var payoutId = PayoutId.For(new ExpertId(owner), week, Currency.Parse(currency)).Value;
            var transfer = Assert.Single(transfers, t => t[0] == payoutId);
            Assert.Equal(amount.ToString(CultureInfo.InvariantCulture), transfer[2]);
        }

        Assert.Equal(owed.Count, Count("SELECT COUNT(*) FROM sandbox_idempotency WHERE id LIKE 'TransferRequest:payout:%'"));
        var trial = await new SqliteLedgerQueries(Database()).TrialBalanceAsync(default);
        Assert.All(trial.GroupBy(b => b.Balance.Currency), c => Assert.Equal(0, c.Sum(b => b.Balance.Minor)));
        Assert.DoesNotContain(trial, b => b.Account.IsPerPerson);
        foreach (var currency in owed.GroupBy(o => o.Key.Currency))
        {
            Assert.Equal(currency.Sum(o => o.Value), -trial.Single(b => b.Account == LedgerAccount.PayoutsInTransit && b.Balance.Currency.Code == currency.Key).Balance.Minor);
        }
    }

    /// <summary>
    /// Experts with ready payout accounts and earnings (every fifth in EUR as well; the first thirty referred, so five
    /// ambassadors are owed their share too). Returns what each payee is owed per currency.
    /// </summary>
    private async Task<Dictionary<(string Owner, string Currency), long>> SeedAsync()
    {
        SqliteScheduledWorkTables.Register();
        var database = Database();
        await database.MigrateAsync(default);
        using var signal = new OutboxSignal();
        var store = new SqliteDocumentStore(database, signal);
        var now = DateTimeOffset.UtcNow.AddDays(-1);
        var work = store.BeginWork();
        for (var i = 0; i < Experts + Ambassadors; i++)
        {
            var payee = i < Experts ? $"expert-crash-{i:000}" : $"ambassador-crash-{i - Experts}";
            var account = $"acct_crash_{i:000}";
            work.Add(new PayoutAccount(new ExpertId(payee), account, "US", true, true, true, now, now, 0));
            work.Add(new SandboxAccount(account, payee, "US", true, true, true, "used", now, 0));
            if (i >= Experts)
            {
                continue;
            }

            var split = i < 30 ? new RevenueSplit(1000, new UserId($"ambassador-crash-{i % Ambassadors}"), 2000) : RevenueSplit.Commission(1000);
            var earner = Earner.ForExpert(new ExpertId(payee), split);
            work.Add(LedgerPostings.CustomerCharge($"charge:crash_{i}_usd", earner, new Money(1000 + (i * 37), Currency.USD), "Seeded session", now, new LedgerReferences(PaymentId: $"pay_crash_{i}_usd")));
            if (i % 5 == 0)
            {
                work.Add(LedgerPostings.CustomerCharge($"charge:crash_{i}_eur", earner, new Money(2000 + i, Currency.EUR), "Seeded session", now, new LedgerReferences(PaymentId: $"pay_crash_{i}_eur")));
            }
        }

        Assert.True((await work.CommitAsync(default)).IsSuccess);
        var queries = new SqliteLedgerQueries(database);
        return (await queries.BalancesOfKindAsync(LedgerAccountKind.ExpertPayable, default))
            .Concat(await queries.BalancesOfKindAsync(LedgerAccountKind.AmbassadorPayable, default))
            .GroupBy(b => (b.Account.Owner!, b.Balance.Currency.Code))
            .ToDictionary(g => g.Key, g => -g.Sum(b => b.Balance.Minor));
    }

    private SqliteDatabase Database() => new(Options.Create(new SqliteOptions { DatabasePath = DatabasePath }));

    private void Start()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        var hostDll = Path.Combine(Support.RepositoryPaths.Root, "functions", "Headstore.Api", "bin", configuration, "net10.0", "Headstore.Api.dll");
        Assert.True(File.Exists(hostDll), $"The local host is not built at {hostDll}.");
        var start = new ProcessStartInfo(Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "dotnet" ? path : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        start.ArgumentList.Add(hostDll);
        foreach (var (key, value) in new Dictionary<string, string>
                 {
                     ["Urls"] = "http://127.0.0.1:0",
                     ["Sqlite:DatabasePath"] = DatabasePath,
                     ["Mail:Directory"] = Path.Combine(directory, "mail"),
                     ["Blobs:Directory"] = Path.Combine(directory, "blobs"),
                     ["DemoData:Enabled"] = "false",
                     ["Scheduler:Tick"] = "00:00:00.200",
                     ["Outbox:PollInterval"] = "00:00:00.200",
                     ["Payouts:Day"] = DateTimeOffset.UtcNow.DayOfWeek.ToString(),
                     ["Payouts:TimeOfDay"] = "00:00:00",
                     ["Payouts:StepDelay"] = "00:00:00.020",
                     ["Logging:LogLevel:Default"] = "Warning",
                 })
        {
            start.ArgumentList.Add($"--{key}={value}");
        }

        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        host = Process.Start(start)!;
        host.OutputDataReceived += (_, e) => Append(e.Data);
        host.ErrorDataReceived += (_, e) => Append(e.Data);
        host.BeginOutputReadLine();
        host.BeginErrorReadLine();
    }

    private void Append(string? line)
    {
        if (line is not null)
        {
            lock (hostLog)
            {
                hostLog.AppendLine(line);
            }
        }
    }

    /// <summary>SIGKILL: no shutdown, no flush, nothing finishes.</summary>
    private void KillHost()
    {
        if (host is { HasExited: false })
        {
            host.Kill(entireProcessTree: true);
            host.WaitForExit();
        }

        host?.Dispose();
        host = null;
    }

    private async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > timeout || host is { HasExited: true })
            {
                string log;
                lock (hostLog)
                {
                    log = hostLog.ToString();
                }

                Assert.Fail($"Gave up waiting for {what} after {watch.Elapsed}; host exited: {host?.HasExited}. Host output:\n{log[Math.Max(0, log.Length - 4000)..]}");
            }

            await Task.Delay(25);
        }
    }

    private long Count(string sql) => long.Parse(Rows(sql)[0][0]!, CultureInfo.InvariantCulture);

    private List<string?[]> Rows(string sql)
    {
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new List<string?[]>();
        while (reader.Read())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? null : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture)).ToArray());
        }

        return rows;
    }

    public void Dispose()
    {
        KillHost();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // Left for the OS to clean.
        }
    }
}
