using System.Globalization;
using Headstore.Domain.Ambassadors;
using Headstore.Domain.Reports;
using Headstore.Domain.Scheduling;
using Headstore.Domain.Support;

namespace Headstore.Infrastructure.Persistence.Cosmos;

/// <summary>
/// Where the scheduled work lives in Cosmos DB (docs/cosmos.md, "Scheduled work"). Every unit of work of these features
/// writes one aggregate (plus its events), so each picks the partition its reads want:
/// <list type="bullet">
/// <item>a scheduled run in the system container, one partition per job (<c>runs:weekly-payouts</c>): a page of the
/// enumeration (the run's checkpoint and up to 99 events) is that partition's batch, and "unfinished runs of a job" is a
/// single-partition query;</item>
/// <item>a payment report's figures in its owner's partition of the commerce container, beside their payouts;</item>
/// <item>an ambassador's referral codes in the ambassador's partition (their list is one query; a claim finds a code by
/// its id through an "id" lookup); an expert's referral in the expert's partition, so "one ambassador per expert" is the
/// uniqueness of its id, with a copy in the ambassador's <c>user:{id}</c> view partition for their list;</item>
/// <item>a question's SLA clock in the question's partition (under its own document id), with a copy in the one
/// <c>sla-queue</c> view partition that makes the experts' queue, the breach sweep and the admin figures
/// single-partition queries.</item>
/// </list>
/// </summary>
public static class CosmosScheduledWorkTypes
{
    public const string SlaQueuePartition = "sla-queue";
    public const string SlaQueueEntryKind = "SlaQueueEntry";
    public const string ReferralEntryKind = "ReferralEntry";

    private const string RunsPartitionPrefix = "runs:";

    internal static void Register()
    {
        CosmosDocumentTypes.Register<ScheduledRun>(CosmosDocumentTypes.SystemContainer, o =>
        {
            o.PartitionKey = r => RunsPartition(r.Job);
            o.PartitionKeyOfId = id => id.IndexOf(':', StringComparison.Ordinal) is var colon and > 0 ? RunsPartition(id[..colon]) : null;
            o.Index = r => [("unfinished", r.EnumeratedAt is null ? r.Slot : null)];
        });

        var commerce = CosmosDocumentTypes.CommerceContainer;
        CosmosDocumentTypes.Register<PaymentReport>(commerce, o =>
        {
            o.PartitionKey = r => r.OwnerId.Value;
            o.PartitionKeyOfId = OwnerOfReport;
            o.Index = r => [("period", r.Period)];
        });

        CosmosDocumentTypes.Register<ReferralCode>(commerce, o =>
        {
            o.PartitionKey = c => c.AmbassadorId.Value;
            o.IdPrefix = "referral-code:";
            o.LocateById = true;
            o.Index = c => [("sort", CosmosDocumentTypes.Time(c.CreatedAt) + " " + c.Id)];
        });
        CosmosDocumentTypes.Register<ExpertReferral>(commerce, o =>
        {
            o.IdPrefix = "referral:";
            o.Views = r =>
            [
                new CosmosView(ReferralEntryKind, CosmosDocumentTypes.UserPartition(r.AmbassadorId), r.Id.Value, r,
                    [("sort", CosmosDocumentTypes.Time(r.ClaimedAt) + " " + r.Id.Value)]),
            ];
        });

        CosmosDocumentTypes.Register<QuestionSla>(commerce, o =>
        {
            o.IdPrefix = "sla:";
            o.Views = s => [new CosmosView(SlaQueueEntryKind, SlaQueuePartition, s.Id.Value, s, SlaIndex(s))];
        });
    }

    public static string RunsPartition(string job) => RunsPartitionPrefix + job;

    /// <summary>Report ids are <c>report_{owner}_{yyyy-MM}</c>: the owner is what lies between.</summary>
    public static string? OwnerOfReport(string id)
    {
        const string prefix = "report_";
        var period = id.LastIndexOf('_');
        return id.StartsWith(prefix, StringComparison.Ordinal) && period > prefix.Length ? id[prefix.Length..period] : null;
    }

    /// <summary>
    /// The queue's order as one text key: deadline, then the higher plan (its priority mirrored to one digit), then the
    /// older question, then the id; so the queue pages on one field, as SQLite orders it.
    /// </summary>
    public static string QueueSort(QuestionSla sla) =>
        CosmosDocumentTypes.Time(sla.DueAt) + "|" + (9 - Math.Clamp(sla.Terms.Priority, 0, 9)).ToString(CultureInfo.InvariantCulture) + "|" +
        CosmosDocumentTypes.Time(sla.AskedAt) + "|" + sla.Id.Value;

    private static IReadOnlyList<(string Field, object? Value)> SlaIndex(QuestionSla s) =>
    [
        ("waiting", s.IsWaiting),
        ("category", s.CategoryId.Value),
        ("language", s.Language),
        ("asker", s.AskerId.Value),

        // No minimum is a minimum of 0, which every rating (or none, as 0) meets: one comparison, no null test.
        ("minRating", s.Terms.MinimumExpertRating is { } rating ? (double)rating : 0d),
        ("due", CosmosDocumentTypes.Time(s.DueAt)),
        ("breachDue", s.IsWaiting && s.BreachedAt is null ? CosmosDocumentTypes.Time(s.DueAt) : null),
        ("sort", QueueSort(s)),
        ("asked", CosmosDocumentTypes.Time(s.AskedAt) + "|" + s.Id.Value),
    ];
}
