using Headstore.Application.Common;
using Headstore.Application.Payments;
using Headstore.Application.Users;
using Headstore.Domain.Common;
using Headstore.Domain.Ledger;
using Headstore.Domain.Payments;
using Headstore.Domain.Plans;
using Headstore.Domain.Questions;
using Headstore.Infrastructure.Messaging;
using Headstore.Infrastructure.Persistence.Cosmos;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Headstore.Infrastructure.Tests.Persistence.Cosmos;

/// <summary>
/// Where money lives on Cosmos DB, with the production committer (TransactionalBatch) against the in-memory container:
/// every unit of work the money use cases make is one partition's batch, ledger entries follow in their accounts'
/// partitions, provider ids get lookups, and receipts follow the change they record.
/// </summary>
public sealed class CosmosMoneyPlacementTests : CosmosPlacementTest
{
    private static readonly ExpertId Alice = new("expert-alice");
    private static readonly UserId Carol = new("customer-carol");

    private static (Question Question, CustomerPayment Payment) PaidQuestion()
    {
        var question = Build.Question();
        var payment = CustomerPayment.Authorise(PaymentId.ForQuestion(question.Id), PaymentPurpose.Question, question.Id.Value, Carol, "Paid question", new Money(9000, Currency.USD), "pi_1", Build.Now, Build.Now.AddDays(6));
        return (question with { PaymentId = PaymentId.ForQuestion(question.Id).Value, Price = payment.Amount }, payment);
    }

    [Fact]
    public async Task AskingAPaidQuestion_IsOneBatch_InTheQuestionsPartition_WithTheProviderLookupAhead()
    {
        var (question, payment) = PaidQuestion();
        Cosmos.Requests.Clear();

        Assert.True((await CommitAsync(w =>
        {
            w.AddIfAbsent(new UserAccount(Carol, "Carol", null, ["customer"], Build.Now, Build.Now, 0));
            w.Add(question);
            w.Add(payment);
            w.Publish(new QuestionAsked(question.Id, Carol, question.CategoryId) { OccurredAt = Build.Now });
        })).IsSuccess);

        Assert.Equal([$"CreateIfAbsent users/customer-carol/customer-carol", $"CreateIfAbsent {Commerce}/lookup|CustomerPayment|providerPayment|pi_1/lookup", $"Batch {Commerce}/{question.Id.Value} [Create, Create, Create]"],
            Cosmos.Requests.Where(r => !r.StartsWith("Read", StringComparison.Ordinal)).Take(3).ToArray());
        Assert.NotNull(Cosmos.Get(Commerce, "lookup|CustomerPayment|providerPayment|pi_1", "lookup"));
        Assert.Equal(payment.Id, (await Store.FindByLookupAsync<CustomerPayment>("providerPayment", "pi_1", CancellationToken.None))?.Id);
    }

    [Fact]
    public async Task CapturingAndClosingTheQuestion_IsOneBatch_AndEachEntryIsWrittenOnceToItsAccountsPartition()
    {
        var (question, payment) = PaidQuestion();
        await CommitAsync(w =>
        {
            w.Add(question);
            w.Add(payment);
        });
        var stored = (await Store.FindAsync<CustomerPayment>(payment.Id.Value, CancellationToken.None))!;
        var (captured, charge) = stored.Capture(payment.Amount, Earner.ForExpert(Alice, RevenueSplit.Commission(1000)), Build.Now).Value;
        var open = (await Store.FindAsync<Question>(question.Id.Value, CancellationToken.None))!;
        Cosmos.Requests.Clear();

        Assert.True((await CommitAsync(w =>
        {
            w.Update(captured);
            w.Add(charge!);
            w.Update(open.Close());
            w.Publish(new PaymentCaptured(captured.Id, Carol, Alice) { OccurredAt = Build.Now });
        })).IsSuccess);

        Assert.Equal($"Batch {Commerce}/{question.Id.Value} [Replace, Create, Replace, Create]", Cosmos.Requests.Single(r => r.StartsWith("Batch", StringComparison.Ordinal)));
        var month = "|2026-11";
        Assert.Equal(-9000 + 900, Amount("expert-payable:expert-alice", "charge:pay_" + question.Id.Value, 1) + Amount("expert-payable:expert-alice", "charge:pay_" + question.Id.Value, 2));
        Assert.Equal(9000, Amount("customer-funds" + month, "charge:pay_" + question.Id.Value, 0));
        Assert.Equal(4, Cosmos.Keys.Count(k => k.Container == CosmosMoneyTypes.LedgerContainer));

        // Entries are immutable: writing them again (the repair job) changes nothing.
        var writer = new CosmosViewWriter(Cosmos, NullLogger<CosmosViewWriter>.Instance);
        await writer.WriteAsync(CosmosDocumentTypes.For(typeof(LedgerTransaction)), charge!, 1, CancellationToken.None);
        Assert.Equal(4, Cosmos.Keys.Count(k => k.Container == CosmosMoneyTypes.LedgerContainer));
    }

    [Fact]
    public async Task ALedgerTransaction_IsNeverUpdated()
    {
        var (question, payment) = PaidQuestion();
        var (_, charge) = payment.Capture(payment.Amount, Earner.ForExpert(Alice, RevenueSplit.Commission(1000)), Build.Now).Value;
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => CommitAsync(w => w.Update(charge!)));
        Assert.Contains("immutable", error.Message, StringComparison.Ordinal);
        Assert.Empty(Cosmos.Keys);
        _ = question;
    }

    [Fact]
    public async Task APlanPeriod_IsOneBatch_InTheSubscriptionsPartition()
    {
        var subscription = Subscription.Start(Carol, PlanCatalog.Member, Currency.USD, Build.Now);
        var (payment, posting) = CustomerPayment.Charged(subscription.PaymentFor(1), PaymentPurpose.Subscription, subscription.Id.Value, Carol, "Membership", new Money(1900, Currency.USD), "pi_sub", Earner.Subscription, Build.Now);
        Cosmos.Requests.Clear();

        Assert.True((await CommitAsync(w =>
        {
            w.Add(subscription);
            w.Add(payment);
            w.Add(posting);
        })).IsSuccess);

        Assert.Equal($"Batch {Commerce}/sub_customer-carol [Create, Create, Create]", Cosmos.Requests.Single(r => r.StartsWith("Batch", StringComparison.Ordinal)));
        Assert.NotNull(Cosmos.Get(Commerce, "sub_customer-carol", "charge:pay_sub_customer-carol_1"));
    }

    [Fact]
    public async Task AWeeklyPayout_IsOneBatch_InTheExpertsPartition_AndItsReservationIsReadById()
    {
        var (payout, posting) = Payout.Reserve(Alice, "2026-W45", [(LedgerAccount.ExpertPayable(Alice), new Money(8100, Currency.USD))], "acct_alice", Build.Now);
        Assert.True((await CommitAsync(w =>
        {
            w.Add(new PayoutAccount(Alice, "acct_alice", "US", true, true, true, Build.Now, Build.Now, 0));
            w.Add(payout);
            w.Add(posting);
        })).IsSuccess);

        Assert.Contains($"Batch {Commerce}/expert-alice [Create, Create, Create]", Cosmos.Requests);
        Assert.NotNull(Cosmos.Get(Commerce, "expert-alice", "payout:po_expert-alice_2026-W45_USD"));
        Assert.NotNull(await Store.FindAsync<LedgerTransaction>(Payout.SentKey(payout.Id), CancellationToken.None));
    }

    [Fact]
    public async Task AProviderEventsReceipt_FollowsTheChange_AndAloneIsTheChange()
    {
        var (question, payment) = PaidQuestion();
        await CommitAsync(w => w.Add(payment));
        var dispute = DisputeCase.Open("dp_1", payment, payment.Amount, "fraudulent", "needs_response", Build.Now);
        var stored = (await Store.FindAsync<CustomerPayment>(payment.Id.Value, CancellationToken.None))!;
        Cosmos.Requests.Clear();

        Assert.True((await CommitAsync(w =>
        {
            w.Add(dispute);
            w.Update(stored.ReviewLater(null));
            w.Add(new ProcessedProviderEvent("stripe:evt_1", "charge.dispute.created", "Applied", Build.Now, 0));
        })).IsSuccess);

        var writes = Cosmos.Requests.Where(r => !r.StartsWith("Read", StringComparison.Ordinal)).ToArray();
        Assert.StartsWith("CreateIfAbsent", writes[0], StringComparison.Ordinal); // the dispute's id lookup, ahead
        Assert.Equal($"Batch {Commerce}/{question.Id.Value} [Create, Replace]", writes[1]);
        Assert.Equal($"Create {Commerce}/stripe:evt_1/stripe:evt_1", writes[2]); // the receipt, after
        Assert.Equal(payment.Id, (await Store.FindAsync<DisputeCase>("dp_1", CancellationToken.None))?.PaymentId);

        // A second delivery that finds nothing to do writes only its receipt: that is its change, and it is a duplicate.
        var again = await CommitAsync(w => w.Add(new ProcessedProviderEvent("stripe:evt_1", "charge.dispute.created", "NothingToDo", Build.Now, 0)));
        Assert.Equal("duplicate", again.Error?.Code);
    }

    [Fact]
    public async Task TypesKeyedByTheSameId_InOnePartition_AreDistinctDocuments()
    {
        var expert = new UserId("expert-alice");
        Assert.True((await CommitAsync(w =>
        {
            w.Add(new PaymentProfile(expert, "cus_alice", null, null, Build.Now, 0));
            w.Add(new PayoutAccount(Alice, "acct_alice", "US", false, false, false, Build.Now, Build.Now, 0));
        })).IsSuccess);
        Assert.True((await CommitAsync(w => w.Add(Build.Profile("expert-alice")))).IsSuccess);
        Assert.True((await CommitAsync(w => w.Add(new Domain.Offers.ExpertCatalog(Alice, [], 0)))).IsSuccess);

        Assert.Equal("cus_alice", (await Store.FindAsync<PaymentProfile>("expert-alice", CancellationToken.None))?.ProviderCustomerId);
        Assert.Equal("acct_alice", (await Store.FindAsync<PayoutAccount>("expert-alice", CancellationToken.None))?.ConnectedAccountId);
        Assert.NotNull(await Store.FindAsync<Domain.Experts.ExpertProfile>("expert-alice", CancellationToken.None));
        Assert.NotNull(await Store.FindAsync<Domain.Offers.ExpertCatalog>("expert-alice", CancellationToken.None));
        Assert.Equal(["catalog:expert-alice", "expert-alice"], Cosmos.Keys.Where(k => k.Container == "experts" && k.PartitionKey == "expert-alice" && !k.Id.StartsWith("outbox", StringComparison.Ordinal)).Select(k => k.Id).Order(StringComparer.Ordinal).ToArray());
    }

    [Theory]
    [InlineData("pay_q_01abc", "q_01abc")]
    [InlineData("pay_q_01abc_off_01xyz", "q_01abc")]
    [InlineData("pay_sub_customer-carol_12", "sub_customer-carol")]
    [InlineData("pay_sub_auth0|a_b_3", "sub_auth0|a_b")]
    [InlineData("pay_01hx7", "pay_01hx7")]
    [InlineData("pay_sub_x", "pay_sub_x")]
    [InlineData("pay_r1", "pay_r1")]
    public void APaymentsPartition_IsWhatItPaysFor(string payment, string partition) =>
        Assert.Equal(partition, CosmosMoneyTypes.PaymentPartition(payment));

    [Theory]
    [InlineData("charge:pay_q_1", "q_1")]
    [InlineData("refund:pay_q_1:0-3000", "q_1")]
    [InlineData("charge:pay_sub_customer-carol_2", "sub_customer-carol")]
    [InlineData("payout:po_expert_a_2026-W45_USD", "expert_a")]
    [InlineData("payout:po_expert_a_2026-W45_USD:paid", "expert_a")]
    [InlineData("payout:po_expert_a_2026-W45_USD:failed", "expert_a")]
    [InlineData("dispute:dp_1:freeze", null)]
    public void ALedgerTransactionsId_TellsItsPartition_WhenItNamesItsPaymentOrPayout(string id, string? partition) =>
        Assert.Equal(partition, CosmosMoneyTypes.HomeOfTransactionId(id));

    [Fact]
    public void ListsSortNewestFirst_ThenById_AsSqliteDoes()
    {
        var early = Build.Now;
        var late = Build.Now.AddSeconds(1);
        string[] keys = [CosmosMoneyTypes.NewestFirst(early, "b"), CosmosMoneyTypes.NewestFirst(late, "z"), CosmosMoneyTypes.NewestFirst(early, "a"), CosmosMoneyTypes.NewestFirst(early, "ab")];
        Assert.Equal([keys[1], keys[2], keys[3], keys[0]], keys.OrderDescending(StringComparer.Ordinal).ToArray());
        Assert.True(string.CompareOrdinal(CosmosMoneyTypes.LineSort(early, "payout:x", 0), CosmosMoneyTypes.LineSort(early, "payout:x:paid", 0)) < 0);
    }

    [Fact]
    public void TimersSpreadOverFixedBuckets_TheSameInEveryProcess()
    {
        Assert.Equal("timers:" + (2166136261u % CosmosLifecycleTimers.Buckets), CosmosLifecycleTimers.Partition(""));
        var buckets = Enumerable.Range(0, 200).Select(i => CosmosLifecycleTimers.Partition($"offer:off_{i}")).Distinct().ToArray();
        Assert.Equal(CosmosLifecycleTimers.Buckets, buckets.Length);
    }

    private long Amount(string partition, string transactionId, int sequence) =>
        Cosmos.Get(CosmosMoneyTypes.LedgerContainer, partition, $"{transactionId}@{sequence}")!.Value.GetProperty("idx").GetProperty("amount").GetInt64();

}
