using Headstore.Application.Common;
using Headstore.Application.Ledger;
using Headstore.Application.Payments;
using Headstore.Domain.Common;
using Headstore.Domain.Ledger;
using Headstore.Domain.Payments;
using Headstore.Domain.Plans;
using Headstore.Infrastructure.Payments.Sandbox;
using Xunit.Abstractions;

namespace Headstore.Infrastructure.Tests.Persistence;

/// <summary>
/// The money read ports (ledger, payments, lifecycle timers, the sandbox's sweeps) and the ledger's guard, run against
/// SQLite and against the Cosmos-protocol test server. Data are written as the application writes them: each payment
/// with its postings, each payout with its postings, one commit each.
/// </summary>
public abstract class MoneyStoreContract(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly ExpertId Alice = new("expert-alice");
    private static readonly ExpertId Bob = new("expert-bob");
    private static readonly UserId Carol = new("customer-carol");
    private static readonly UserId Dave = new("customer-dave");

    protected StoreUnderTest Subject { get; private set; } = null!;

    protected ITestOutputHelper Output { get; } = output;

    private IDocumentStore Store => Subject.Store;

    private ILedgerQueries Ledger => Subject.Get<ILedgerQueries>();

    private IPaymentQueries Payments => Subject.Get<IPaymentQueries>();

    private DateTimeOffset Now => Subject.Clock.GetUtcNow();

    public async Task InitializeAsync() => Subject = await CreateAsync();

    public async Task DisposeAsync() => await Subject.DisposeAsync();

    protected abstract Task<StoreUnderTest> CreateAsync();

    [Fact]
    public async Task Ledger_AnExpertsBalancesAndLines_AreTheirEntries_InOrder_PagedAndCutByTime()
    {
        var posted = new List<LedgerTransaction>();
        posted.Add(await CapturedAsync("q_1", Alice, new Money(9000, Currency.USD), Carol, Now));
        posted.Add(await CapturedAsync("q_2", Alice, new Money(5000, Currency.GBP), Dave, Now.AddHours(1)));
        posted.Add(await CapturedAsync("q_3", Bob, new Money(3000, Currency.USD), Carol, Now.AddHours(1)));
        posted.AddRange(await RefundedAsync("q_1", 0, 3000, Now.AddHours(2)));
        var payable = LedgerAccount.ExpertPayable(Alice);

        Assert.Equal(Expected(posted, payable, null), await Ledger.BalancesAsync(payable, null, CancellationToken.None));
        Assert.Equal(Expected(posted, payable, Now.AddHours(1)), await Ledger.BalancesAsync(payable, Now.AddHours(1), CancellationToken.None));
        Assert.Empty(await Ledger.BalancesAsync(payable, Now, CancellationToken.None));

        LedgerAccount[] accounts = [payable, LedgerAccount.AmbassadorPayable(Alice.User)];
        var expected = posted.SelectMany(t => t.Entries.Select((e, i) => (t, e, i))).Where(x => accounts.Contains(x.e.Account))
            .OrderBy(x => x.t.OccurredAt).ThenBy(x => x.t.Id, StringComparer.Ordinal).ThenBy(x => x.i)
            .Select(x => $"{x.t.Id}#{x.i} {x.e.Amount.Minor} {x.e.Amount.Currency} {x.e.Memo}").ToArray();
        var read = new List<string>();
        string? cursor = null;
        do
        {
            var page = await Ledger.LinesAsync(accounts, Now.AddDays(-1), Now.AddDays(1), new PageRequest(2, cursor), CancellationToken.None);
            Assert.True(page.Items.Count <= 2);
            read.AddRange(page.Items.Select(l => $"{l.TransactionId}#{l.Sequence} {l.Amount.Minor} {l.Amount.Currency} {l.Memo}"));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        Assert.Equal(expected, read);
        Assert.Equal(6, read.Count);
        var cut = await Ledger.LinesAsync(accounts, Now.AddMinutes(30), Now.AddHours(2), new PageRequest(50, null), CancellationToken.None);
        Assert.All(cut.Items, l => Assert.Equal("charge:pay_q_2", l.TransactionId));
    }

    [Fact]
    public async Task Ledger_AccountsOfAKind_AndTheTrialBalance_CoverEveryAccount_AcrossMonths()
    {
        var posted = new List<LedgerTransaction>
        {
            await CapturedAsync("q_1", Alice, new Money(9000, Currency.USD), Carol, Now),
            await CapturedAsync("q_2", Bob, new Money(4000, Currency.USD), Carol, Now.AddDays(40)),
            await CapturedAsync("q_3", Bob, new Money(2500, Currency.EUR), Dave, Now.AddDays(41)),
        };

        var payables = await Ledger.BalancesOfKindAsync(LedgerAccountKind.ExpertPayable, CancellationToken.None);
        Assert.Equal(
            [("expert-payable:expert-alice", -8100L, "USD"), ("expert-payable:expert-bob", -2250L, "EUR"), ("expert-payable:expert-bob", -3600L, "USD")],
            payables.Select(p => (p.Account.Key, p.Balance.Minor, p.Balance.Currency.Code)).ToArray());

        // The platform's commission is kept in a partition per month on Cosmos: its balance adds them up.
        var commission = await Ledger.BalancesOfKindAsync(LedgerAccountKind.PlatformCommission, CancellationToken.None);
        Assert.Equal([(-250L, "EUR"), (-1300L, "USD")], commission.Select(c => (c.Balance.Minor, c.Balance.Currency.Code)).ToArray());

        var trial = await Ledger.TrialBalanceAsync(CancellationToken.None);
        foreach (var currency in new[] { Currency.USD, Currency.EUR })
        {
            Assert.Equal(0, trial.Where(t => t.Balance.Currency == currency).Sum(t => t.Balance.Minor));
        }

        var accounts = posted.SelectMany(t => t.Entries).Select(e => e.Account.Key).Distinct().Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(accounts, trial.Select(t => t.Account.Key).Distinct().ToArray());
    }

    [Fact]
    public async Task Ledger_TransactionsArePostedOnce_AndNeverUpdated()
    {
        var charge = await CapturedAsync("q_1", Alice, new Money(9000, Currency.USD), Carol, Now);

        var again = Store.BeginWork();
        again.Add(charge);
        Assert.Equal("duplicate", (await again.CommitAsync(CancellationToken.None)).Error?.Code);

        var update = Store.BeginWork();
        update.Update(charge with { Version = 1 });
        await Assert.ThrowsAsync<InvalidOperationException>(() => update.CommitAsync(CancellationToken.None));
        var upsert = Store.BeginWork();
        upsert.Upsert(charge);
        await Assert.ThrowsAsync<InvalidOperationException>(() => upsert.CommitAsync(CancellationToken.None));

        Assert.Equal(charge.Entries.Count, (await Store.FindAsync<LedgerTransaction>(charge.Id, CancellationToken.None))!.Entries.Count);
    }

    [Fact]
    public async Task Payments_AreFoundByTheirCurrentProviderId_AndListedAsReceipts_NewestFirst()
    {
        var authorised = Authorised("q_1", Carol, new Money(9000, Currency.USD), reviewAt: Now.AddDays(6));
        await CommitAsync(authorised);
        Assert.Equal(authorised.Id, (await Payments.FindByProviderPaymentIdAsync("pi_q_1", CancellationToken.None))?.Id);
        Assert.Equal([authorised.Id], await Payments.DueForReviewAsync(Now.AddDays(7), 10, CancellationToken.None));
        Assert.Empty(await Payments.DueForReviewAsync(Now.AddDays(5), 10, CancellationToken.None));

        // A renewed authorisation: the new intent finds the payment, the old one no longer does.
        var stored = (await Store.FindAsync<CustomerPayment>(authorised.Id.Value, CancellationToken.None))!;
        await UpdateAsync(stored.Renewed("pi_q_1_renewed", Now, Now.AddDays(6)));
        Assert.Null(await Payments.FindByProviderPaymentIdAsync("pi_q_1", CancellationToken.None));
        Assert.Equal(authorised.Id, (await Payments.FindByProviderPaymentIdAsync("pi_q_1_renewed", CancellationToken.None))?.Id);
        Assert.Null(await Payments.FindByProviderPaymentIdAsync("pi_nobody", CancellationToken.None));

        await CapturedAsync("q_2", Alice, new Money(1000, Currency.USD), Carol, Now.AddHours(1));
        await CapturedAsync("q_3", Alice, new Money(2000, Currency.USD), Carol, Now.AddHours(2));
        await CapturedAsync("q_4", Alice, new Money(3000, Currency.USD), Carol, Now.AddHours(2));
        await CapturedAsync("q_5", Alice, new Money(4000, Currency.USD), Dave, Now.AddHours(3));
        var first = await Payments.ListCapturedAsync(Carol, new PageRequest(2, null), CancellationToken.None);
        var second = await Payments.ListCapturedAsync(Carol, new PageRequest(2, first.NextCursor), CancellationToken.None);
        Assert.Equal(["pay_q_3", "pay_q_4", "pay_q_2"], first.Items.Concat(second.Items).Select(p => p.Id.Value).ToArray());
        Assert.Null(second.NextCursor);
        Assert.Equal([authorised.Id], await Payments.DueForReviewAsync(Now.AddDays(30), 10, CancellationToken.None));
    }

    [Fact]
    public async Task Profiles_PayoutAccounts_AndPayouts_AreFoundByProviderIds_AndListedPerExpert()
    {
        await CommitAsync(new PaymentProfile(Carol, "cus_carol", "pm_card_visa", Now, Now, 0));
        Assert.Equal(Carol, (await Payments.FindProfileByProviderCustomerAsync("cus_carol", CancellationToken.None))?.Id);
        Assert.Null(await Payments.FindProfileByProviderCustomerAsync("cus_nobody", CancellationToken.None));

        await CommitAsync(new PayoutAccount(Alice, "acct_alice", "US", true, true, true, Now, Now, 0));
        Assert.Equal(Alice, (await Payments.FindPayoutAccountAsync("acct_alice", CancellationToken.None))?.Id);

        var weeks = new[] { "2026-W45", "2026-W46", "2026-W47" };
        for (var i = 0; i < weeks.Length; i++)
        {
            var (payout, posting) = Payout.Reserve(Alice, weeks[i], [(LedgerAccount.ExpertPayable(Alice), new Money(1000 * (i + 1), Currency.USD))], "acct_alice", Now.AddDays(7 * i));
            await CommitAsync(payout, posting);
            if (i < 2)
            {
                await UpdateAsync((await Store.FindAsync<Payout>(payout.Id.Value, CancellationToken.None))!.Sent($"tr_{i}", Now.AddDays(7 * i)));
            }
        }

        Assert.Equal("po_expert-alice_2026-W46_USD", (await Payments.FindPayoutByTransferAsync("tr_1", CancellationToken.None))?.Id.Value);
        Assert.Null(await Payments.FindPayoutByTransferAsync("tr_9", CancellationToken.None));
        Assert.Equal(["po_expert-alice_2026-W45_USD", "po_expert-alice_2026-W46_USD"],
            (await Payments.PayoutsAsync(PayoutState.InTransit, "acct_alice", 10, CancellationToken.None)).Select(p => p.Id.Value).ToArray());
        Assert.Equal(["po_expert-alice_2026-W47_USD"], (await Payments.PayoutsAsync(PayoutState.Pending, null, 10, CancellationToken.None)).Select(p => p.Id.Value).ToArray());
        Assert.Equal(["po_expert-alice_2026-W46_USD", "po_expert-alice_2026-W45_USD"], (await Payments.InTransitAsync(Alice, CancellationToken.None)).Select(p => p.Id.Value).ToArray());

        var first = await Payments.ListPayoutsAsync(Alice, new PageRequest(2, null), CancellationToken.None);
        var second = await Payments.ListPayoutsAsync(Alice, new PageRequest(2, first.NextCursor), CancellationToken.None);
        Assert.Equal(weeks.Reverse(), first.Items.Concat(second.Items).Select(p => p.Week).ToArray());
        Assert.Empty((await Payments.ListPayoutsAsync(Bob, new PageRequest(10, null), CancellationToken.None)).Items);

        // The payout's reservation is read back by id (the weekly job does when a transfer is refused).
        Assert.NotNull(await Store.FindAsync<LedgerTransaction>(Payout.SentKey(new PayoutId("po_expert-alice_2026-W47_USD")), CancellationToken.None));
    }

    [Fact]
    public async Task Disputes_AreReadById_AndListedOpenOrClosed_NewestFirst()
    {
        await CapturedAsync("q_1", Alice, new Money(9000, Currency.USD), Carol, Now);
        var payment = (await Store.FindAsync<CustomerPayment>("pay_q_1", CancellationToken.None))!;
        for (var i = 0; i < 3; i++)
        {
            var opened = DisputeCase.Open($"dp_{i}", payment, new Money(1000, Currency.USD), "fraudulent", "needs_response", Now.AddHours(i));
            await CommitAsync(i == 0 ? opened.Close(won: true, "won", Now.AddHours(5)) : opened);
        }

        Assert.Equal("pay_q_1", (await Store.FindAsync<DisputeCase>("dp_1", CancellationToken.None))?.PaymentId.Value);
        Assert.Null(await Store.FindAsync<DisputeCase>("dp_9", CancellationToken.None));
        var open = await Payments.ListDisputesAsync(true, new PageRequest(1, null), CancellationToken.None);
        var more = await Payments.ListDisputesAsync(true, new PageRequest(1, open.NextCursor), CancellationToken.None);
        Assert.Equal(["dp_2", "dp_1"], open.Items.Concat(more.Items).Select(d => d.Id).ToArray());
        Assert.Equal(["dp_0"], (await Payments.ListDisputesAsync(false, new PageRequest(10, null), CancellationToken.None)).Items.Select(d => d.Id).ToArray());
        Assert.Equal(3, (await Payments.ListDisputesAsync(null, new PageRequest(10, null), CancellationToken.None)).Items.Count);
    }

    [Fact]
    public async Task Subscriptions_AreDueForRenewal_WhenTheirNextStepComes()
    {
        var subscription = Subscription.Start(Carol, PlanCatalog.Member, Currency.USD, Now);
        var (payment, posting) = CustomerPayment.Charged(subscription.PaymentFor(1), PaymentPurpose.Subscription, subscription.Id.Value, Carol, "Membership", new Money(1900, Currency.USD), "pi_sub", Earner.Subscription, Now);
        await CommitAsync(subscription, payment, posting);

        Assert.Empty(await Payments.DueSubscriptionsAsync(Now.AddDays(20), 10, CancellationToken.None));
        Assert.Equal([subscription.Id], await Payments.DueSubscriptionsAsync(subscription.DueAt!.Value, 10, CancellationToken.None));
        Assert.Equal(-1900, (await Ledger.BalancesAsync(LedgerAccount.PlatformSubscriptions, null, CancellationToken.None)).Single().Minor);
    }

    [Fact]
    public async Task LifecycleTimers_AreDueEarliestFirst_AndCanBeMovedOrCleared()
    {
        var timers = Subject.Get<ILifecycleTimers>();
        for (var i = 0; i < 12; i++)
        {
            await timers.SetAsync(i % 2 == 0 ? "offer" : "session", $"agg_{i}", Now.AddMinutes(12 - i), CancellationToken.None);
        }

        await timers.SetAsync("offer", "agg_0", null, CancellationToken.None);
        await timers.SetAsync("session", "agg_1", Now.AddMinutes(-5), CancellationToken.None);
        await timers.SetAsync("offer", "agg_never", null, CancellationToken.None);

        var due = await timers.DueAsync(Now.AddMinutes(3), 4, CancellationToken.None);
        Assert.Equal(["session:agg_1", "session:agg_11", "offer:agg_10", "session:agg_9"], due.Select(d => $"{d.AggregateType}:{d.AggregateId}").ToArray());
        Assert.Equal(Now.AddMinutes(-5), due[0].DueAt);
        Assert.Equal(11, (await timers.DueAsync(Now.AddHours(1), 100, CancellationToken.None)).Count);
    }

    [Fact]
    public async Task TheSandbox_FindsLapsingAuthorisations_AndTransfersToPayOut()
    {
        SandboxPaymentIntent Intent(string id, string status, DateTimeOffset created) =>
            new(id, "cus_1", "pm_card_visa", 1000, "usd", true, status, 1000, 0, [], "ch_" + id, null, new Dictionary<string, string>(), null, null, null, created, 0);
        SandboxTransfer Transfer(string id, DateTimeOffset created, DateTimeOffset? paidOut) =>
            new(id, "acct_1", 1000, "usd", 0, "payouts-2026-W45", new Dictionary<string, string>(), created, paidOut, null, 0);

        await CommitAsync(Intent("pi_old", "requires_capture", Now.AddDays(-8)), Intent("pi_new", "requires_capture", Now), Intent("pi_done", "succeeded", Now.AddDays(-9)),
            Transfer("tr_old", Now.AddDays(-3), null), Transfer("tr_new", Now, null), Transfer("tr_paid", Now.AddDays(-5), Now.AddDays(-3)));

        var objects = Subject.Get<IPaymentSandboxObjects>();
        Assert.Equal(["pi_old"], await objects.AuthorisationsCreatedBeforeAsync(Now.AddDays(-7), 10, CancellationToken.None));
        Assert.Equal([("tr_old", "acct_1")], await objects.UnpaidTransfersCreatedBeforeAsync(Now.AddDays(-2), 10, CancellationToken.None));
    }

    private static IReadOnlyList<Money> Expected(IEnumerable<LedgerTransaction> posted, LedgerAccount account, DateTimeOffset? before) =>
        posted.Where(t => before is null || t.OccurredAt < before).SelectMany(t => t.Entries).Where(e => e.Account == account)
            .GroupBy(e => e.Amount.Currency).Select(g => new Money(g.Sum(e => e.Amount.Minor), g.Key)).Where(m => m.Minor != 0).OrderBy(m => m.Currency.Code, StringComparer.Ordinal).ToArray();

    private static CustomerPayment Authorised(string question, UserId customer, Money amount, DateTimeOffset? reviewAt = null, DateTimeOffset? at = null) =>
        CustomerPayment.Authorise(PaymentId.ForQuestion(new QuestionId(question)), PaymentPurpose.Question, question, customer, $"Paid question {question}", amount, $"pi_{question}",
            at ?? Build.Now, reviewAt);

    /// <summary>A paid question's payment, authorised and captured for an expert at 10% commission: the payment and its charge, one commit.</summary>
    private async Task<LedgerTransaction> CapturedAsync(string question, ExpertId expert, Money amount, UserId customer, DateTimeOffset at)
    {
        var (captured, charge) = Authorised(question, customer, amount, at: at).Capture(amount, Earner.ForExpert(expert, RevenueSplit.Commission(1000)), at).Value;
        await CommitAsync(captured, charge!);
        return charge!;
    }

    private async Task<IReadOnlyList<LedgerTransaction>> RefundedAsync(string question, long before, long total, DateTimeOffset at)
    {
        var payment = (await Store.FindAsync<CustomerPayment>(PaymentId.ForQuestion(new QuestionId(question)).Value, CancellationToken.None))!;
        var (refunded, postings) = payment.ApplyRefundTotal(before, total, "re_1", at);
        var work = Store.BeginWork();
        work.Update(refunded);
        foreach (var posting in postings)
        {
            work.Add(posting);
        }

        Assert.True((await work.CommitAsync(CancellationToken.None)).IsSuccess);
        return postings;
    }

    private async Task CommitAsync(params IAggregate[] aggregates)
    {
        var work = Store.BeginWork();
        foreach (var aggregate in aggregates)
        {
            work.Add(aggregate);
        }

        var result = await work.CommitAsync(CancellationToken.None);
        Assert.True(result.IsSuccess, result.Error?.Detail);
    }

    private async Task UpdateAsync<T>(T aggregate)
        where T : class, IAggregate
    {
        var work = Store.BeginWork();
        work.Update(aggregate);
        Assert.True((await work.CommitAsync(CancellationToken.None)).IsSuccess);
    }
}

public sealed class SqliteMoneyStoreTests(ITestOutputHelper output) : MoneyStoreContract(output)
{
    protected override Task<StoreUnderTest> CreateAsync() => StoreUnderTest.SqliteAsync();
}

public sealed class CosmosMoneyStoreTests(ITestOutputHelper output) : MoneyStoreContract(output)
{
    protected override Task<StoreUnderTest> CreateAsync() => StoreUnderTest.CosmosAsync();
}
