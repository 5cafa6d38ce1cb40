using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Headstore.Benchmarks;

/// <summary>
/// Runs the payout and report benchmarks, each in its own process (so each peak working set is its own), and writes
/// their numbers to a markdown file (docs/benchmarks/payouts-and-reports.md).
/// </summary>
public static class ScheduledWorkBenchmarks
{
    public const int Experts = 10_000;
    public const int LinesPerExpert = 200;

    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 2)
        {
            Console.Error.WriteLine("usage: payouts-and-reports <work directory> <markdown file> [--render-only]");
            return 2;
        }

        var directory = Directory.CreateDirectory(args[0]).FullName;
        if (args.Length > 2 && args[2] == "--render-only")
        {
            // Writes the file again from the result files of the last run (after a change to the text).
            JsonElement Read(string name) => JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, name))).RootElement;
            await File.WriteAllTextAsync(args[1], Markdown(Read("payouts-1.json"), Read("payouts-4.json"), Read("reports.json"), Read("reports-4.json")));
            return 0;
        }

        var payouts = await RunChildAsync(["payouts", Path.Combine(directory, "payouts-1"), Experts.ToString(CultureInfo.InvariantCulture), Path.Combine(directory, "payouts-1.json"), "1"], Path.Combine(directory, "payouts-1.json"));
        var fannedOut = await RunChildAsync(["payouts", Path.Combine(directory, "payouts-4"), Experts.ToString(CultureInfo.InvariantCulture), Path.Combine(directory, "payouts-4.json"), "4"], Path.Combine(directory, "payouts-4.json"));
        var reports = await RunChildAsync(["reports", Path.Combine(directory, "reports"), Experts.ToString(CultureInfo.InvariantCulture), LinesPerExpert.ToString(CultureInfo.InvariantCulture), Path.Combine(directory, "reports.json")], Path.Combine(directory, "reports.json"));

        // The same month again on the same database, its payees handled 4 at a time; no downloads this time.
        var fannedOutReports = await RunChildAsync(["reports", Path.Combine(directory, "reports"), Experts.ToString(CultureInfo.InvariantCulture), LinesPerExpert.ToString(CultureInfo.InvariantCulture), Path.Combine(directory, "reports-4.json"), "4"],
            Path.Combine(directory, "reports-4.json"), new Dictionary<string, string> { ["HEADSTORE_BENCH_REUSE"] = "1", ["HEADSTORE_BENCH_DOWNLOADS"] = "0" });
        await File.WriteAllTextAsync(args[1], Markdown(payouts, fannedOut, reports, fannedOutReports));
        Console.WriteLine($"Wrote {args[1]}");
        return 0;
    }

    private static async Task<JsonElement> RunChildAsync(string[] arguments, string resultFile, Dictionary<string, string>? environment = null)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(System.Reflection.Assembly.GetEntryAssembly()!.Location);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? [])
        {
            start.Environment[name] = value;
        }

        // The host's default GC (workstation, concurrent), as the local host and a Functions worker run.
        using var child = Process.Start(start)!;
        await child.WaitForExitAsync();
        if (child.ExitCode != 0)
        {
            throw new InvalidOperationException($"{arguments[0]} failed with exit code {child.ExitCode}.");
        }

        return JsonDocument.Parse(await File.ReadAllTextAsync(resultFile)).RootElement;
    }

    private static string Markdown(JsonElement payouts, JsonElement fannedOut, JsonElement reports, JsonElement fannedOutReports)
    {
        double D(JsonElement e, string name) => e.GetProperty(name).GetDouble();
        string N(JsonElement e, string name) => e.GetProperty(name).ToString();
        string Verdict(bool ok) => ok ? "yes" : "**no**";
        var text = new StringBuilder();
        text.AppendLine("# Payouts and reports: measured numbers")
            .AppendLine()
            .AppendLine(CultureInfo.InvariantCulture, $"Measured {DateTimeOffset.UtcNow:yyyy-MM-dd} by `tests/Headstore.Benchmarks` (`payouts-and-reports`), Release build, on {Environment.ProcessorCount} cores shared with other work, {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}, SQLite in WAL mode on local disk. Each benchmark runs in its own process; memory is that process's peak working set (`Process.PeakWorkingSet64`) with the default workstation GC. This file is written by the program; run it again to refresh it:")
            .AppendLine()
            .AppendLine("```bash")
            .AppendLine("dotnet run -c Release --project tests/Headstore.Benchmarks -- payouts-and-reports /tmp/headstore-bench docs/benchmarks/payouts-and-reports.md")
            .AppendLine("```")
            .AppendLine()
            .AppendLine("| benchmark | measured | target | met |")
            .AppendLine("|---|---|---|---|")
            .AppendLine(CultureInfo.InvariantCulture, $"| weekly payout run, {N(payouts, "experts")} experts, real Stripe adapter over HTTP to a local Stripe-protocol server, events handled one at a time (the local host) | {D(payouts, "runSeconds")} s ({D(payouts, "runCpuSeconds")} s CPU), peak {D(payouts, "peakWorkingSetMegabytes")} MB | < 30 s, < 300 MB | {Verdict(D(payouts, "runSeconds") < 30 && D(payouts, "peakWorkingSetMegabytes") < 300)} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| the same, events handled 4 at a time (as the Functions app's Service Bus trigger does) | {D(fannedOut, "runSeconds")} s ({D(fannedOut, "runCpuSeconds")} s CPU), peak {D(fannedOut, "peakWorkingSetMegabytes")} MB | < 30 s, < 300 MB | {Verdict(D(fannedOut, "runSeconds") < 30 && D(fannedOut, "peakWorkingSetMegabytes") < 300)} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| monthly report run, {N(reports, "experts")} experts × {N(reports, "linesPerExpert")} ledger lines, payees one at a time (the local host) | {D(reports, "monthlyRunSeconds")} s ({D(reports, "monthlyRunCpuSeconds")} s CPU), peak {D(reports, "peakWorkingSetMegabytes")} MB (whole process, downloads included) | < 60 s, < 500 MB | {Verdict(D(reports, "monthlyRunSeconds") < 60 && D(reports, "peakWorkingSetMegabytes") < 500)} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| the same, payees 4 at a time (as the Service Bus trigger does) | {D(fannedOutReports, "monthlyRunSeconds")} s ({D(fannedOutReports, "monthlyRunCpuSeconds")} s CPU), peak {D(fannedOutReports, "peakWorkingSetMegabytes")} MB | < 60 s, < 500 MB | {Verdict(D(fannedOutReports, "monthlyRunSeconds") < 60 && D(fannedOutReports, "peakWorkingSetMegabytes") < 500)} |")
            .AppendLine(CultureInfo.InvariantCulture, $"| every one of those reports downloaded in JSON, CSV and HTML ({N(reports, "downloads")} documents, {N(reports, "megabytesWritten")} MB) | {D(reports, "downloadsAllFormatsSeconds")} s | (not a target) | |")
            .AppendLine()
            .AppendLine("## Weekly payouts")
            .AppendLine()
            .AppendLine("`WeeklyPayoutJob` enumerates every payable account into one `WeeklyPayoutDue` event per payee and currency (checkpointed pages of 500), then the events are delivered, one at a time by the local host's outbox dispatcher, or four at a time to `IntegrationEventDispatcher` as the Functions app's Service Bus trigger calls it (`host.json` allows 16 per instance; with SQLite's single writer more than a few only wait on the write lock): for each, `WeeklyPayoutWorker` reserves the payout (payout document + ledger posting in one commit), calls `POST /v1/transfers` through `StripePaymentGateway`/`StripeClient` (form encoding, bearer key, `Idempotency-Key`) on a minimal Stripe-protocol server on loopback, records the payout as sent with its `PayoutSent` event, and `MoneyMailer` writes the expert's e-mail. Each expert has one captured session (10.00 to 59.99 USD) and a ready payout account.")
            .AppendLine();
        text.AppendLine("| | one at a time | 4 at a time |").AppendLine("|---|---|---|");
        foreach (var property in payouts.EnumerateObject())
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {property.Name} | {property.Value} | {(fannedOut.TryGetProperty(property.Name, out var other) ? other.ToString() : "")} |");
        }

        text.AppendLine()
            .AppendLine("In Azure the events go through Service Bus to as many function instances as the plan allows, so the run is as parallel as the database and Stripe's rate limit (100 requests/s in live mode by default) let it be; one instance, as here, is the slow case.")
            .AppendLine()
            .AppendLine("## Monthly reports")
            .AppendLine()
            .AppendLine("Seeded: for each expert, captured payments spread over October 2026 (paid questions, premium services and sessions in turn), each posting two lines on the expert's payable (price and commission), so each expert has the stated number of ledger lines in the month; every payment is a real `CustomerPayment` document, so the report's join to the payment (for the kind of income) finds it.")
            .AppendLine()
            .AppendLine("- *Monthly run*: `MonthlyReportJob` as on 1 November, enumerating the payees with a line in October or a balance at its end into `PaymentReportDue` events, then `PaymentReportWorker` for each: one streamed pass over the expert's October lines (SQLite data reader; description, memo and the payment's purpose extracted by SQLite, nothing deserialised) adds up the figures, records them (`PaymentReport`) and writes the e-mail.")
            .AppendLine("- *Downloads*: for every expert and each format, what `GET /api/experts/me/reports/2026-10.{json|csv|html}` does: a streamed pass for the figures, then a second streamed pass writing the lines to the response (here a stream that only counts bytes). Memory does not grow with the number of lines: only the figures and the current line are held.")
            .AppendLine()
            .AppendLine("| | one at a time, with downloads | 4 at a time, no downloads |")
            .AppendLine("|---|---|---|");
        foreach (var property in reports.EnumerateObject())
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"| {property.Name} | {property.Value} | {(fannedOutReports.TryGetProperty(property.Name, out var other) ? other.ToString() : "")} |");
        }

        text.AppendLine()
            .AppendLine("Seeding is not timed in the targets (the reports database, 3.7 GB, takes about 8 minutes to seed here; with `HEADSTORE_BENCH_REUSE=1` a database seeded by an earlier run is reused and `seedSeconds` is only the start-up). The machine is shared: `loadAverage*` shows how busy it was (2 cores), and `*CpuSeconds` is the time this process actually had the CPU, which is what the run would take on a machine of its own, less what overlapped. Numbers vary by tens of percent from run to run.");
        return text.ToString();
    }
}
