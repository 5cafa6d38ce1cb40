using Headstore.Application.Common;
using Headstore.Application.Payments;
using Headstore.Domain.Common;
using Headstore.Domain.Payments;
using Headstore.Domain.Plans;
using Headstore.Domain.Questions;
using Headstore.Domain.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Headstore.Application.Support;

/// <summary>Premium support settings, bound from the "Support" section.</summary>
public sealed class SupportOptions
{
    public const string Section = "Support";

    /// <summary>Where SLA breaches are reported.</summary>
    public string AdminEmail { get; set; } = "support@headstore.local";

    /// <summary>Business customers' account managers; each customer keeps the same one. Empty: Headstore's account management desk.</summary>
    public IList<AccountManager> AccountManagers { get; } = [];

    public AccountManager AccountManagerFor(UserId customer)
    {
        if (AccountManagers.Count == 0)
        {
            return AccountManager.Desk;
        }

        // A stable hash (string.GetHashCode is randomised per process): the same customer, the same manager.
        var hash = customer.Value.Aggregate(17u, (h, c) => unchecked((h * 31) + c));
        return AccountManagers[(int)(hash % (uint)AccountManagers.Count)];
    }
}

public sealed class AccountManager
{
    public static readonly AccountManager Desk = new() { Name = "Headstore account management", Email = "accounts@headstore.local" };

    public string Name { get; set; } = "";

    public string Email { get; set; } = "";
}

/// <summary>A question's first-answer deadline passed without an answer.</summary>
public sealed record SlaBreached(QuestionId QuestionId, UserId AskerId, string PlanId, DateTimeOffset DueAt) : IntegrationEvent;

/// <summary>The support-plan lookups: the experts' queue, due breaches and the SLA figures.</summary>
public interface ISupportQueries
{
    /// <summary>
    /// Questions waiting for their first answer that this expert may take, in queue order: earliest deadline first,
    /// then the higher plan, then the older question.
    /// </summary>
    Task<Page<QuestionSla>> QueueAsync(ExpertQueueFilter filter, PageRequest page, CancellationToken cancellationToken);

    Task<IReadOnlyList<QuestionSla>> DueBreachesAsync(DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>The SLA samples of questions asked in [from, to), streamed.</summary>
    IAsyncEnumerable<SlaSample> SamplesAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);
}

/// <param name="Rating">The expert's rating (null before the first): premium questions below it are left out until their deadline.</param>
public sealed record ExpertQueueFilter(UserId Expert, IReadOnlyList<CategoryId> Categories, IReadOnlyList<string> Languages, decimal? Rating, DateTimeOffset Now);

/// <summary>
/// Starts and stops each question's SLA clock: asked → deadline from the asker's plan at that moment; first answer,
/// or closed unanswered (withdrawn, expired) → stopped. Idempotent: each step catches the record up with the question.
/// </summary>
public sealed class QuestionSlaRecorder(IDocumentStore store, TimeProvider clock, ILogger<QuestionSlaRecorder> logger) :
    IEventHandler<QuestionAsked>,
    IEventHandler<AnswerPosted>,
    IEventHandler<PaymentReleased>
{
    public Task HandleAsync(QuestionAsked integrationEvent, CancellationToken cancellationToken) => FollowAsync(integrationEvent.QuestionId, cancellationToken);

    public Task HandleAsync(AnswerPosted integrationEvent, CancellationToken cancellationToken) => FollowAsync(integrationEvent.QuestionId, cancellationToken);

    public async Task HandleAsync(PaymentReleased integrationEvent, CancellationToken cancellationToken)
    {
        var payment = await store.FindAsync<CustomerPayment>(integrationEvent.PaymentId.Value, cancellationToken);
        if (payment is { Purpose: PaymentPurpose.Question })
        {
            await FollowAsync(new QuestionId(payment.ReferenceId), cancellationToken);
        }
    }

    private async Task FollowAsync(QuestionId id, CancellationToken cancellationToken)
    {
        var written = await Concurrency.RetryOnConflictAsync(async () =>
        {
            var question = await store.FindAsync<Question>(id.Value, cancellationToken);
            if (question is null)
            {
                return Result<Unit>.Success(Unit.Value);
            }

            var now = clock.GetUtcNow();
            var existing = await store.FindAsync<QuestionSla>(id.Value, cancellationToken);
            var work = store.BeginWork();
            if (existing is null)
            {
                work.Add(QuestionSla.Start(question, await PlanOfAsync(question.AskerId, cancellationToken), now));
            }
            else
            {
                var followed = existing.Follow(question, now);
                if (ReferenceEquals(followed, existing))
                {
                    return Result<Unit>.Success(Unit.Value);
                }

                work.Update(followed);
            }

            var commit = await work.CommitAsync(cancellationToken);
            return commit.IsSuccess || commit.Error!.Code != "duplicate" ? commit : Error.ConcurrencyConflict();
        });
        if (!written.IsSuccess)
        {
            logger.LogWarning("The SLA clock of question {QuestionId} could not be updated: {Code}", id, written.Error!.Code);
            throw new InvalidOperationException($"The SLA clock of question {id} could not be updated.");
        }
    }

    /// <summary>The plan a customer is on now: a paid plan while its subscription has not ended (also while a renewal is retried), else Standard.</summary>
    private async Task<Plan> PlanOfAsync(UserId customer, CancellationToken cancellationToken)
    {
        var subscription = await store.FindAsync<Subscription>(SubscriptionId.For(customer).Value, cancellationToken);
        return subscription is { Status: not SubscriptionStatus.Ended } ? PlanCatalog.Find(subscription.PlanId) ?? PlanCatalog.Standard : PlanCatalog.Standard;
    }
}

/// <summary>
/// Every minute: questions past their first-answer deadline without an answer are marked breached, once each, and a
/// <see cref="SlaBreached"/> event goes out in the same commit (admins and the account manager are told by its handler).
/// </summary>
public sealed class SlaBreachSweep(ISupportQueries queries, IDocumentStore store, TimeProvider clock, ILogger<SlaBreachSweep> logger) : IPeriodicJob
{
    public string Name => "sla-breaches";

    public TimeSpan Interval => TimeSpan.FromMinutes(1);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        foreach (var sla in await queries.DueBreachesAsync(now, 500, cancellationToken))
        {
            if (sla.Breach(now) is not { } breached)
            {
                continue;
            }

            var work = store.BeginWork();
            work.Update(breached);
            work.Publish(new SlaBreached(sla.Id, sla.AskerId, sla.PlanId, sla.DueAt) { OccurredAt = now });
            var commit = await work.CommitAsync(cancellationToken);
            if (!commit.IsSuccess)
            {
                logger.LogInformation("SLA breach of {QuestionId} not recorded ({Code}); looked at again next sweep", sla.Id, commit.Error!.Code);
            }
        }
    }
}

/// <summary>Tells admins of every breach, and the customer's account manager when their plan has one.</summary>
public sealed class SlaBreachNotifier(IEmailSender email, IDocumentStore store, IOptions<SupportOptions> options, IOptions<Notifications.NotificationOptions> notifications) : IEventHandler<SlaBreached>
{
    public async Task HandleAsync(SlaBreached integrationEvent, CancellationToken cancellationToken)
    {
        var question = await store.FindAsync<Question>(integrationEvent.QuestionId.Value, cancellationToken);
        var plan = PlanCatalog.Find(integrationEvent.PlanId) ?? PlanCatalog.Standard;
        var terms = SupportTerms.For(plan);
        var link = $"{notifications.Value.PublicBaseUrl.TrimEnd('/')}/questions/{integrationEvent.QuestionId}";
        var text = $"The {plan.Name} question \"{question?.Title ?? integrationEvent.QuestionId.Value}\" in {question?.CategoryId.Value ?? "?"} ({question?.Language ?? "?"}) " +
                   $"has no answer {terms.FirstResponseTarget.TotalHours:0} hours after it was asked (due {integrationEvent.DueAt:yyyy-MM-dd HH:mm} UTC). " +
                   $"It is now open to every expert in its category.\n\n{link}\n\nSLA figures: {notifications.Value.PublicBaseUrl.TrimEnd('/')}/admin/sla";
        await email.SendAsync(new EmailMessage($"sla-breach:{integrationEvent.QuestionId}", options.Value.AdminEmail, "Headstore support", $"SLA breach: {plan.Name} question unanswered", text), cancellationToken);
        if (terms.AccountManager)
        {
            var manager = options.Value.AccountManagerFor(integrationEvent.AskerId);
            await email.SendAsync(new EmailMessage($"sla-breach-am:{integrationEvent.QuestionId}", manager.Email, manager.Name, $"Your customer's question is overdue", text), cancellationToken);
        }
    }
}
