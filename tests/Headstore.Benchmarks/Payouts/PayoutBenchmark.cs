using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Headstore.Application.Common;
using Headstore.Application.Payouts;
using Headstore.Application.Users;
using Headstore.Domain.Common;
using Headstore.Domain.Ledger;
using Headstore.Domain.Payments;
using Headstore.Infrastructure.Messaging;
using Microsoft.Extensions.DependencyInjection;

namespace Headstore.Benchmarks.Payouts;

/// <summary>
/// A weekly payout run for many experts against a local Stripe-protocol server, with the real Stripe adapter over
/// HTTP: the job enumerates the payables into one event per payee, and the outbox dispatcher runs them one by one in
/// this process (as the local host does; in Azure they fan out over Service Bus). Each payout is a reservation
/// commit, a transfer over HTTP, a commit of its sending and the e-mail to the expert.
/// </summary>
public static class PayoutBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length < 3)
        {
            Console.Error.WriteLine("usage: payouts <work directory> <experts> <result json> [concurrency]");
            return 2;
        }

        // 1: the local host's outbox dispatcher, one event at a time. More: the events delivered as the Functions host's
        // Service Bus trigger delivers them (host.json maxConcurrentCalls), to IntegrationEventDispatcher.
        var concurrency = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 1;

        var directory = Directory.CreateDirectory(args[0]).FullName;
        var experts = int.Parse(args[1], CultureInfo.InvariantCulture);
        await using var stripe = await MinimalStripeServer.StartAsync();
        await using var provider = await BenchmarkHost.BuildAsync(new Dictionary<string, string?>
        {
            ["Sqlite:DatabasePath"] = Path.Combine(directory, "payouts.db"),
            ["Mail:Directory"] = Path.Combine(directory, "mail"),
            ["Blobs:Directory"] = Path.Combine(directory, "blobs"),
            ["Stripe:SecretKey"] = "sk_test_benchmark",
            ["Stripe:WebhookSecret"] = "whsec_benchmark",
            ["Stripe:BaseUrl"] = stripe.BaseUrl.ToString(),
            ["Payouts:Day"] = DateTimeOffset.UtcNow.DayOfWeek.ToString(),
            ["Payouts:TimeOfDay"] = "00:00:00",
            ["Outbox:BatchSize"] = "500",
        });

        var seed = Stopwatch.StartNew();
        await SeedAsync(provider, experts);
        seed.Stop();
        GC.Collect();

        var loadBefore = BenchmarkHost.LoadAverage();
        var cpuBefore = BenchmarkHost.CpuSeconds();
        var total = Stopwatch.StartNew();
        await using (var scope = provider.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<WeeklyPayoutJob>().RunAsync(CancellationToken.None);
        }

        var enumerated = total.Elapsed;
        var dispatched = concurrency == 1
            ? await provider.GetRequiredService<OutboxDispatcher>().DrainAsync(CancellationToken.None)
            : await FanOut.DrainAsync(provider, concurrency);
        total.Stop();
        var cpu = BenchmarkHost.CpuSeconds() - cpuBefore;

        var store = provider.GetRequiredService<IDocumentStore>();
        var sample = await store.FindAsync<Payout>(PayoutId.For(new ExpertId("expert-bench-00000"), Payout.WeekOf(DateTimeOffset.UtcNow), Currency.USD).Value, CancellationToken.None);
        var mails = Directory.Exists(Path.Combine(directory, "mail")) ? Directory.GetFiles(Path.Combine(directory, "mail"), "*.eml").Length : 0;
        var result = new Dictionary<string, object>
        {
            ["experts"] = experts,
            ["concurrency"] = concurrency,
            ["seedSeconds"] = Math.Round(seed.Elapsed.TotalSeconds, 1),
            ["enumerateSeconds"] = Math.Round(enumerated.TotalSeconds, 2),
            ["runSeconds"] = Math.Round(total.Elapsed.TotalSeconds, 1),
            ["runCpuSeconds"] = Math.Round(cpu, 1),
            ["loadAverageBefore"] = loadBefore,
            ["loadAverageAfter"] = BenchmarkHost.LoadAverage(),
            ["payoutsPerSecond"] = Math.Round(experts / total.Elapsed.TotalSeconds, 0),
            ["eventsDispatched"] = dispatched,
            ["transfersAtStripe"] = stripe.Transfers,
            ["stripeRequests"] = stripe.Requests,
            ["emails"] = mails,
            ["sampleState"] = sample?.State.ToString() ?? "missing",
        };
        foreach (var (key, value) in BenchmarkHost.Memory())
        {
            result[key] = value;
        }

        if (stripe.Transfers != experts || sample?.State != PayoutState.InTransit)
        {
            Console.Error.WriteLine($"Expected {experts} transfers, the Stripe server saw {stripe.Transfers}; sample payout {sample?.State}.");
            return 1;
        }

        await File.WriteAllTextAsync(args[2], JsonSerializer.Serialize(result, BenchmarkHost.Indented));
        Console.WriteLine(JsonSerializer.Serialize(result));
        return 0;
    }

    /// <summary>Experts with a ready payout account, an e-mail address and one captured session each (10.00 to 59.99 USD).</summary>
    private static async Task SeedAsync(IServiceProvider provider, int experts)
    {
        var store = provider.GetRequiredService<IDocumentStore>();
        var now = DateTimeOffset.UtcNow.AddDays(-2);
        for (var done = 0; done < experts; done += 1000)
        {
            var work = store.BeginWork();
            for (var i = done; i < Math.Min(experts, done + 1000); i++)
            {
                var expert = new ExpertId($"expert-bench-{i:00000}");
                work.Add(new UserAccount(expert.User, $"Expert {i}", $"expert{i}@example.com", [Roles.Expert], now, now, 0));
                work.Add(new PayoutAccount(expert, $"acct_bench_{i:00000}", "US", true, true, true, now, now, 0));
                var (payment, posting) = CustomerPayment.Charged(new PaymentId($"pay_bench_{i:00000}"), PaymentPurpose.Session, $"ses_bench_{i}", new UserId("customer-bench"),
                    "Video session", new Money(1000 + (i % 5000), Currency.USD), $"pi_bench_{i:00000}", Earner.ForExpert(expert, RevenueSplit.Commission(1000)), now);
                work.Add(payment);
                work.Add(posting);
            }

            await BenchmarkHost.CommitAsync(work);
        }
    }
}
