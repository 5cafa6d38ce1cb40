using Headstore.Application.Ambassadors;
using Headstore.Application.Common;
using Headstore.Application.Payouts;
using Headstore.Application.Support;
using Headstore.Application.Users;
using Headstore.Domain.Ambassadors;
using Headstore.Domain.Common;
using Headstore.Domain.Plans;
using Headstore.Domain.Scheduling;
using Headstore.Domain.Support;
using Headstore.Infrastructure.Messaging;
using Headstore.Infrastructure.Persistence.Cosmos;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Headstore.Infrastructure.Tests.Persistence.Cosmos;

/// <summary>
/// Where the scheduled work lives on Cosmos DB, with the production committer (TransactionalBatch) against the in-memory
/// container: each of its units of work is one partition's batch, with lookups ahead and views after.
/// </summary>
public sealed class CosmosScheduledWorkPlacementTests : CosmosPlacementTest
{
    private static readonly UserId Zoe = new("ambassador-zoe");
    private static readonly ExpertId Alice = new("expert-alice");

    private async Task CommittedAsync(Action<IUnitOfWork> changes)
    {
        var result = await CommitAsync(changes);
        Assert.True(result.IsSuccess, result.Error?.Detail);
    }

    [Fact]
    public async Task APageOfTheEnumeration_IsOneBatch_InTheJobsPartition_AndAFullPageFitsIt()
    {
        await CommittedAsync(w => w.Add(ScheduledRun.Start("weekly-payouts", "2026-W45", Build.Now, Build.Now)));
        var run = (await Store.FindAsync<ScheduledRun>(ScheduledRun.IdFor("weekly-payouts", "2026-W45"), CancellationToken.None))!;
        Cosmos.Requests.Clear();

        var events = Enumerable.Range(0, Store.MaxWritesPerCommit - 1)
            .Select(i => WeeklyPayoutDue.For(new ExpertId($"expert-{i}"), Currency.USD, run.Slot, 1, Build.Now)).ToArray();
        await CommittedAsync(w =>
        {
            w.Update(run.Advanced("cursor", events.Length, false, Build.Now));
            foreach (var due in events)
            {
                w.Publish(due);
            }
        });

        var batch = Assert.Single(Writes());
        Assert.StartsWith($"Batch {CosmosDocumentTypes.SystemContainer}/runs:weekly-payouts [Replace, Create, ", batch, StringComparison.Ordinal);
        var advanced = (await Store.FindAsync<ScheduledRun>(run.Id, CancellationToken.None))!;
        Assert.Equal("cursor", advanced.Cursor);

        // One more event would not fit a batch: refused before anything is written.
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => Store.BeginWork().Also(w =>
        {
            w.Update(advanced.Advanced("cursor-2", events.Length + 1, false, Build.Now));
            foreach (var due in events.Append(WeeklyPayoutDue.For(new ExpertId("expert-x"), Currency.USD, run.Slot, 1, Build.Now)))
            {
                w.Publish(due with { EventId = due.EventId + ":2" });
            }
        }).CommitAsync(CancellationToken.None));
        Assert.Contains("at most 100", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AReferralCode_LivesWithItsAmbassador_AndAClaim_WithTheExpert_CopiedToTheAmbassadorsList()
    {
        var code = ReferralCode.Create(Zoe, "spring", Build.Now);
        Cosmos.Requests.Clear();
        await CommittedAsync(w =>
        {
            w.AddIfAbsent(new UserAccount(Zoe, "Zoe", null, ["ambassador"], Build.Now, Build.Now, 0));
            w.Add(code);
        });
        Assert.Equal(
            [$"CreateIfAbsent users/{Zoe.Value}/{Zoe.Value}", $"CreateIfAbsent {Commerce}/lookup|ReferralCode|id|{code.Id}/lookup", $"Create {Commerce}/{Zoe.Value}/referral-code:{code.Id}"],
            Writes());

        Cosmos.Requests.Clear();
        var referral = ExpertReferral.Claim(Alice, Build.Now, code, TimeSpan.FromDays(30), Build.Now).Value.Accept(Build.Now, null);
        await CommittedAsync(w =>
        {
            w.Add(referral);
            w.Publish(new ReferralAccepted(Alice, Zoe) { OccurredAt = Build.Now });
        });
        Assert.Equal($"Batch {Commerce}/{Alice.Value} [Create, Create]", Writes()[0]);
        Assert.Contains(Writes(), r => r.StartsWith($"Create {CosmosDocumentTypes.ViewsContainer}/user:{Zoe.Value}/", StringComparison.Ordinal));
        Assert.Equal(code.Id, (await Store.FindAsync<ReferralCode>(code.Id, CancellationToken.None))?.Id);
    }

    [Fact]
    public async Task AQuestionsSlaClock_LivesInTheQuestionsPartition_AndIsCopiedToTheQueue()
    {
        var question = Build.Question();
        await CommittedAsync(w => w.Add(question));
        Cosmos.Requests.Clear();

        var sla = QuestionSla.Start(question, PlanCatalog.Priority, Build.Now);
        await CommittedAsync(w => w.Add(sla));
        var breached = (await Store.FindAsync<QuestionSla>(question.Id.Value, CancellationToken.None))!.Breach(sla.DueAt)!;
        await CommittedAsync(w =>
        {
            w.Update(breached);
            w.Publish(new SlaBreached(sla.Id, sla.AskerId, sla.PlanId, sla.DueAt) { OccurredAt = sla.DueAt });
        });

        Assert.Equal([$"Create {Commerce}/{question.Id.Value}/sla:{question.Id.Value}", $"Batch {Commerce}/{question.Id.Value} [Replace, Create]"],
            Writes().Where(w => w.Contains($"{Commerce}/", StringComparison.Ordinal)).ToArray());
        var view = Cosmos.Get(CosmosDocumentTypes.ViewsContainer, CosmosScheduledWorkTypes.SlaQueuePartition, question.Id.Value);
        Assert.NotNull(view);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, view!.Value.GetProperty("idx").GetProperty("breachDue").ValueKind);
        Assert.Equal(question.Id, (await Store.FindAsync<QuestionSla>(question.Id.Value, CancellationToken.None))?.Id);
        Assert.Equal(question.Id, (await Store.FindAsync<Headstore.Domain.Questions.Question>(question.Id.Value, CancellationToken.None))?.Id);
    }
}

internal static class UnitOfWorkExtensions
{
    public static IUnitOfWork Also(this IUnitOfWork work, Action<IUnitOfWork> changes)
    {
        changes(work);
        return work;
    }
}
