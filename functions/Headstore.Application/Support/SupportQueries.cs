using System.Globalization;
using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Experts;
using Headstore.Domain.Plans;
using Headstore.Domain.Questions;
using Headstore.Domain.Scheduling;
using Headstore.Domain.Support;
using Microsoft.Extensions.Options;

namespace Headstore.Application.Support;

/// <param name="Overdue">The first-answer deadline has passed: answer it first.</param>
/// <param name="MinimumAnswerLength">What the plan expects of an answer (0: no minimum).</param>
public sealed record QueueItemView(
    QuestionId QuestionId,
    string Title,
    CategoryId CategoryId,
    string Language,
    string PlanId,
    string SupportLevel,
    int Priority,
    DateTimeOffset AskedAt,
    DateTimeOffset DueAt,
    bool Overdue,
    int MinimumAnswerLength);

public sealed record GetExpertQueueQuery(int? Limit, string? Cursor);

/// <summary>
/// An expert's queue: questions waiting for their first answer in the expert's categories and languages, that the
/// expert may take (a premium plan's minimum rating applies until the deadline), ordered earliest deadline first, then
/// higher plan, then older question. A premium question's shorter target puts it ahead of standard questions asked
/// at the same time, while a standard question nearing its own deadline still comes before a fresh premium one: premium
/// is served first without starving Standard.
/// </summary>
public sealed class GetExpertQueueHandler(IDocumentStore store, ISupportQueries queries, TimeProvider clock)
{
    public async Task<Result<Page<QueueItemView>>> HandleAsync(Actor actor, GetExpertQueueQuery query, CancellationToken cancellationToken)
    {
        if (actor.RequireRole(Roles.Expert) is { } denied)
        {
            return denied;
        }

        var page = PageRequest.Create(query.Limit, query.Cursor);
        if (!page.IsSuccess)
        {
            return page.Error!;
        }

        var profile = await store.FindAsync<ExpertProfile>(actor.UserId.Value, cancellationToken);
        if (profile is null)
        {
            return Error.Rule("profile-required", "Create your expert profile to get a question queue.");
        }

        var now = clock.GetUtcNow();
        var filter = new ExpertQueueFilter(actor.UserId, profile.Details.Categories, profile.Details.Languages, profile.Rating, now);
        var slas = await queries.QueueAsync(filter, page.Value, cancellationToken);
        var questions = (await store.FindManyAsync<Question>(slas.Items.Select(s => s.Id.Value).ToArray(), cancellationToken)).ToDictionary(q => q.Id);
        var items = slas.Items.Where(s => questions.ContainsKey(s.Id)).Select(s => new QueueItemView(
            s.Id, questions[s.Id].Title, s.CategoryId, s.Language, s.PlanId, s.Terms.Level, s.Terms.Priority, s.AskedAt, s.DueAt, now >= s.DueAt, s.Terms.MinimumAnswerLength)).ToArray();
        return new Page<QueueItemView>(items, slas.NextCursor);
    }
}

public sealed record SlaPlanView(string PlanId, string Name, string SupportLevel, int Priority, double FirstResponseTargetHours, int MinimumAnswerLength, decimal? MinimumExpertRating, bool LanguageMatch, bool AccountManager)
{
    public static SlaPlanView From(Plan plan)
    {
        var terms = SupportTerms.For(plan);
        return new(plan.Id, plan.Name, terms.Level, terms.Priority, terms.FirstResponseTarget.TotalHours, terms.MinimumAnswerLength, terms.MinimumExpertRating, terms.LanguageMatch, terms.AccountManager);
    }
}

public sealed record SlaWeekRowView(
    string Week,
    string PlanId,
    double TargetHours,
    int Asked,
    int Answered,
    int AnsweredWithinTarget,
    int Breaches,
    int Waiting,
    int Withdrawn,
    double? ShareWithinTarget,
    double? MedianHoursToFirstAnswer,
    double? P90HoursToFirstAnswer);

/// <param name="Rows">One row per week and plan, Standard always included (zero when nothing was asked), so the standard queue's figures stand beside the premium plans'.</param>
/// <param name="Totals">The same figures per plan over the whole range.</param>
public sealed record SlaReportView(DateTimeOffset From, DateTimeOffset To, IReadOnlyList<SlaPlanView> Plans, IReadOnlyList<SlaWeekRowView> Rows, IReadOnlyList<SlaWeekRowView> Totals);

public sealed record GetSlaReportQuery(DateTimeOffset? From, DateTimeOffset? To);

/// <summary>
/// Admins' SLA report: per plan and ISO week (of asking), the share of questions first answered within the plan's
/// target, the median and 90th percentile time to first answer, and breaches; default the last eight weeks.
/// </summary>
public sealed class GetSlaReportHandler(ISupportQueries queries, TimeProvider clock)
{
    public static readonly TimeSpan DefaultRange = TimeSpan.FromDays(56);

    public async Task<Result<SlaReportView>> HandleAsync(Actor actor, GetSlaReportQuery query, CancellationToken cancellationToken)
    {
        if (actor.RequireAdmin() is { } denied)
        {
            return denied;
        }

        var now = clock.GetUtcNow();
        var to = query.To ?? now.AddTicks(1); // [from, to): up to and including now
        var from = query.From ?? IsoWeeks.Start(ISOWeekOf(to - DefaultRange).Year, ISOWeekOf(to - DefaultRange).Week);
        var validator = new Validator()
            .Require(from < to, "from", "Must be before 'to'.")
            .Require(to - from <= TimeSpan.FromDays(366), "to", "A range is at most 366 days.");
        if (!validator.IsValid)
        {
            return validator.ToError();
        }

        var weekly = new SortedDictionary<(string Week, int Order), SlaAccumulator>();
        var totals = PlanCatalog.All.ToDictionary(p => p.Id, p => new SlaAccumulator("all", p.Id, SupportTerms.For(p).FirstResponseTarget), StringComparer.Ordinal);
        await foreach (var sample in queries.SamplesAsync(from, to, cancellationToken))
        {
            var plan = PlanCatalog.Find(sample.PlanId) ?? PlanCatalog.Standard;
            var week = IsoWeeks.Of(sample.AskedAt);
            var key = (week, Order(plan));
            if (!weekly.TryGetValue(key, out var accumulator))
            {
                accumulator = new SlaAccumulator(week, plan.Id, SupportTerms.For(plan).FirstResponseTarget);
                weekly[key] = accumulator;
            }

            accumulator.Add(sample, now);
            totals[plan.Id].Add(sample, now);
        }

        // Standard stands in every week, asked or not, so its figures are always beside the premium plans'.
        foreach (var week in weekly.Keys.Select(k => k.Week).Distinct().ToArray())
        {
            weekly.TryAdd((week, Order(PlanCatalog.Standard)), new SlaAccumulator(week, PlanCatalog.StandardId, SupportTerms.StandardLevel.FirstResponseTarget));
        }

        return new SlaReportView(
            from, to,
            PlanCatalog.All.Select(SlaPlanView.From).ToArray(),
            weekly.Values.Select(a => Row(a.Figures())).ToArray(),
            PlanCatalog.All.Select(p => Row(totals[p.Id].Figures())).ToArray());
    }

    private static int Order(Plan plan) => PlanCatalog.All.ToList().IndexOf(plan);

    private static (int Year, int Week) ISOWeekOf(DateTimeOffset time) => (ISOWeek.GetYear(time.UtcDateTime), ISOWeek.GetWeekOfYear(time.UtcDateTime));

    private static SlaWeekRowView Row(SlaFigures f) => new(
        f.Week, f.PlanId, f.Target.TotalHours, f.Asked, f.Answered, f.WithinTarget, f.Breaches, f.Waiting, f.Withdrawn, f.ShareWithinTarget,
        f.MedianTimeToFirstAnswer is { } median ? Math.Round(median.TotalHours, 2) : null,
        f.P90TimeToFirstAnswer is { } p90 ? Math.Round(p90.TotalHours, 2) : null);
}

/// <param name="AccountManager">The Business plan's account manager; null on other plans.</param>
public sealed record MySupportView(string PlanId, string PlanName, SlaPlanView Terms, AccountManagerView? AccountManager);

public sealed record AccountManagerView(string Name, string Email);

/// <summary>A customer's support level: the targets their questions get, and their account manager on Business.</summary>
public sealed class GetMySupportHandler(IDocumentStore store, IOptions<SupportOptions> options)
{
    public async Task<Result<MySupportView>> HandleAsync(Actor actor, CancellationToken cancellationToken)
    {
        if (actor.RequireSignedIn() is { } denied)
        {
            return denied;
        }

        var subscription = await store.FindAsync<Subscription>(Domain.Payments.SubscriptionId.For(actor.UserId).Value, cancellationToken);
        var plan = subscription is { Status: not SubscriptionStatus.Ended } ? PlanCatalog.Find(subscription.PlanId) ?? PlanCatalog.Standard : PlanCatalog.Standard;
        var manager = SupportTerms.For(plan).AccountManager ? options.Value.AccountManagerFor(actor.UserId) : null;
        return new MySupportView(plan.Id, plan.Name, SlaPlanView.From(plan), manager is null ? null : new AccountManagerView(manager.Name, manager.Email));
    }
}
