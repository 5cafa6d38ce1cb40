using Headstore.Application.Common;
using Headstore.Application.Sessions;
using Headstore.Domain.Common;
using Headstore.Domain.Experts;
using Headstore.Domain.Messaging;
using Headstore.Domain.Payments;
using Headstore.Domain.Sessions;
using Headstore.Infrastructure.Messaging;
using Headstore.Infrastructure.Persistence.Cosmos;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Headstore.Infrastructure.Tests.Persistence.Cosmos;

/// <summary>
/// Where sessions live on Cosmos DB, with the production committer (TransactionalBatch) against the in-memory container:
/// a session, the expert's profile and links share the expert's partition, so starting a session is one batch; a call
/// event writes the session alone and leaves the customer's list entry as it is.
/// </summary>
public sealed class CosmosSessionPlacementTests : CosmosPlacementTest
{
    private static readonly ExpertId Alice = new("expert-alice");
    private static readonly UserId Carol = new("customer-carol");

    private static Session Ringing(string id) =>
        Session.Request(new SessionId(id), Carol, "Carol", Alice, "Alice", SessionMode.Voice, SessionOrigin.FreeLink, null,
            new SessionTerms(new Money(300, Currency.USD), 5, true, TimeSpan.FromMinutes(90), 1000), null, null, Build.Now) with { State = SessionState.Ringing };

    [Fact]
    public async Task StartingASession_IsOneBatch_InTheExpertsPartition_WithTheIdLookupAhead()
    {
        var profile = Build.Profile(Alice.Value, status: ExpertStatus.Online);
        var link = SessionLink.Create(Alice, SessionLinkKind.Free, Build.Now);
        Assert.True((await CommitAsync(w => w.Add(profile))).IsSuccess);
        Assert.True((await CommitAsync(w => w.Add(link))).IsSuccess);
        var online = (await Store.FindAsync<ExpertProfile>(Alice.Value, CancellationToken.None))!;
        var unused = (await Store.FindAsync<SessionLink>(link.Id.Value, CancellationToken.None))!;
        var session = Ringing("ses_01");
        Cosmos.Requests.Clear();

        Assert.True((await CommitAsync(w =>
        {
            w.Add(session);
            w.Update(online with { Status = ExpertStatus.Busy });
            w.Update(unused.Use(session.Id, Carol, Build.Now).Value);
            w.Publish(new SessionRinging(session.Id, Alice, Carol) { OccurredAt = Build.Now });
        })).IsSuccess);

        var writes = Cosmos.Requests.Where(r => !r.StartsWith("Read", StringComparison.Ordinal)).ToArray();
        Assert.Equal("CreateIfAbsent experts/lookup|Session|id|ses_01/lookup", writes[0]);
        Assert.Equal("Batch experts/expert-alice [Create, Replace, Replace, Create]", writes[1]);
        Assert.Equal(session.Id, (await Store.FindAsync<Session>("ses_01", CancellationToken.None))?.Id);
    }

    [Fact]
    public async Task ACallEvent_WritesTheSessionAlone_AndLeavesTheCustomersListEntryAsItIs()
    {
        Assert.True((await CommitAsync(w => w.Add(Ringing("ses_01")))).IsSuccess);
        var stored = (await Store.FindAsync<Session>("ses_01", CancellationToken.None))!;
        var entry = Cosmos.Get(CosmosDocumentTypes.ViewsContainer, "user:customer-carol", "ses_01");
        Assert.NotNull(entry);
        Cosmos.Requests.Clear();

        var reported = stored with { Presence = [new PresenceSnapshot("call-1", 1, Build.Now, Customer: true, Expert: false)], UpdatedAt = Build.Now.AddSeconds(5) };
        Assert.True((await CommitAsync(w => w.Update(reported))).IsSuccess);

        Assert.Equal(["Replace experts/expert-alice/ses_01"], Cosmos.Requests.Where(r => !r.StartsWith("Read", StringComparison.Ordinal)).ToArray());
        Assert.Equal(entry.Value.GetRawText(), Cosmos.Get(CosmosDocumentTypes.ViewsContainer, "user:customer-carol", "ses_01")!.Value.GetRawText());

        // Ending it changes the entry (no longer open): then it is rewritten.
        var ended = (await Store.FindAsync<Session>("ses_01", CancellationToken.None))! with { State = SessionState.Ended };
        Assert.True((await CommitAsync(w => w.Update(ended))).IsSuccess);
        Assert.False(Cosmos.Get(CosmosDocumentTypes.ViewsContainer, "user:customer-carol", "ses_01")!.Value.GetProperty("idx").GetProperty("open").GetBoolean());
    }

    [Fact]
    public async Task ASessionCommittedWithItsPayment_WouldSpanTwoPartitions_AndIsRefusedBeforeWriting()
    {
        // Why SessionCheckout records the authorisation in a commit of its own: it lives in the payment's partition.
        var session = Ringing("ses_01");
        var payment = CustomerPayment.Authorise(SessionCheckout.PaymentIdFor(session.Id), PaymentPurpose.Session, session.Id.Value, Carol, "Voice session",
            new Money(25500, Currency.USD), "pi_1", Build.Now, reviewAt: null, intendedPayee: Alice);

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => CommitAsync(w =>
        {
            w.Add(session);
            w.Add(payment);
        }));

        Assert.Contains("2 partitions", refused.Message, StringComparison.Ordinal);
        Assert.Empty(Cosmos.Keys);
    }
}
