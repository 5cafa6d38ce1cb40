using System.Globalization;
using Headstore.Application.Payments;
using Headstore.Application.Users;
using Headstore.Domain.Common;
using Headstore.Domain.Content;
using Headstore.Domain.Experts;
using Headstore.Domain.Ledger;
using Headstore.Domain.Messaging;
using Headstore.Domain.Moderation;
using Headstore.Domain.Offers;
using Headstore.Domain.Payments;
using Headstore.Domain.Plans;
using Headstore.Domain.Questions;
using Headstore.Domain.Reputation;
using Headstore.Infrastructure.Payments.Sandbox;

namespace Headstore.Infrastructure.Persistence.Sqlite;

/// <summary>Where each aggregate type lives and which of its fields are copied into indexed columns.</summary>
public sealed record SqliteDocumentTable(string Name, Func<object, IReadOnlyList<(string Column, object? Value)>> Columns);

public static class SqliteDocumentTables
{
    private static readonly Dictionary<Type, SqliteDocumentTable> Tables = new()
    {
        [typeof(UserAccount)] = Table<UserAccount>("users", _ => []),
        [typeof(Category)] = Table<Category>("categories", _ => []),
        [typeof(ExpertProfile)] = Table<ExpertProfile>("experts", e =>
        [
            ("status", e.Status.ToString()),
            ("currency", e.Details.Currency.Code),
            ("rate_minor", e.Details.RatePerMinuteMinor),
            ("rating", e.Rating is { } r ? (double)r : null),
            ("reputation", e.Reputation),
            ("categories", "," + string.Join(",", e.Details.Categories.Select(c => c.Value)) + ","),
            ("languages", "," + string.Join(",", e.Details.Languages) + ","),
            ("search_text", string.Join(" ", e.Details.Name, e.Details.JobTitle, e.Details.Company, e.Details.Offering, e.Details.Description).ToLowerInvariant()),
        ]),
        [typeof(Question)] = Table<Question>("questions", q =>
        [
            ("category_id", q.CategoryId.Value),
            ("status", q.Status.ToString()),
            ("asker_id", q.AskerId.Value),
            ("asked_at", Time(q.AskedAt)),
        ]),
        [typeof(ReputationEvent)] = Table<ReputationEvent>("reputation_events", e =>
        [
            ("expert_id", e.ExpertId.Value),
            ("day", DateOnly.FromDateTime(e.OccurredAt.UtcDateTime).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
            ("vote_gain", ReputationRules.IsVoteDriven(e.Reason) && e.AppliedPoints > 0 ? e.AppliedPoints : 0),
            ("occurred_at", Time(e.OccurredAt)),
        ]),
        [typeof(MessageThread)] = Table<MessageThread>("message_threads", t =>
        [
            ("customer_id", t.CustomerId.Value),
            ("expert_id", t.ExpertId.Value),
            ("updated_at", Time(t.UpdatedAt)),
            ("due_at", t.DueAt is { } due ? Time(due) : null),
            ("flagged_at", t.OverdueFlaggedAt is { } flagged ? Time(flagged) : null),
        ]),
        [typeof(Appointment)] = Table<Appointment>("appointments", a =>
        [
            ("customer_id", a.CustomerId.Value),
            ("expert_id", a.ExpertId.Value),
            ("created_at", Time(a.CreatedAt)),
            ("due_at", a.DueAt is { } due ? Time(due) : null),
            ("flagged_at", a.OverdueFlaggedAt is { } flagged ? Time(flagged) : null),
        ]),
        [typeof(Article)] = Table<Article>("articles", a => [("expert_id", a.ExpertId.Value), ("published_at", Time(a.PublishedAt))]),
        [typeof(ExpertDocument)] = Table<ExpertDocument>("documents", d => [("expert_id", d.ExpertId.Value), ("uploaded_at", Time(d.UploadedAt))]),
        [typeof(ContentReport)] = Table<ContentReport>("content_reports", r =>
        [
            ("status", r.Status.ToString()),
            ("priority", r.Priority),
            ("created_at", Time(r.CreatedAt)),
        ]),

        // Money (docs/money.md).
        [typeof(LedgerTransaction)] = Table<LedgerTransaction>("ledger_transactions", t => [("kind", t.Kind.ToString()), ("occurred_at", Time(t.OccurredAt))]),
        [typeof(CustomerPayment)] = Table<CustomerPayment>("payments", p =>
        [
            ("customer_id", p.CustomerId.Value),
            ("state", p.State.ToString()),
            ("provider_payment_id", p.ProviderPaymentId),
            ("review_at", p.State == PaymentState.Authorised && p.ReviewAt is { } review ? Time(review) : null),
            ("captured_at", p.CapturedAt is { } captured ? Time(captured) : null),
        ]),
        [typeof(PaymentProfile)] = Table<PaymentProfile>("payment_profiles", p => [("provider_customer_id", p.ProviderCustomerId)]),
        [typeof(PayoutAccount)] = Table<PayoutAccount>("payout_accounts", a => [("connected_account_id", a.ConnectedAccountId)]),
        [typeof(Payout)] = Table<Payout>("payouts", p =>
        [
            ("expert_id", p.ExpertId.Value),
            ("state", p.State.ToString()),
            ("connected_account_id", p.ConnectedAccountId),
            ("transfer_id", p.TransferId),
            ("created_at", Time(p.CreatedAt)),
        ]),
        [typeof(DisputeCase)] = Table<DisputeCase>("dispute_cases", d => [("outcome", d.Outcome.ToString()), ("opened_at", Time(d.OpenedAt))]),
        [typeof(Subscription)] = Table<Subscription>("subscriptions", s => [("customer_id", s.CustomerId.Value), ("due_at", s.DueAt is { } due ? Time(due) : null)]),
        [typeof(ProcessedProviderEvent)] = Table<ProcessedProviderEvent>("provider_events", e => [("processed_at", Time(e.ProcessedAt))]),
        [typeof(SandboxCustomer)] = Table<SandboxCustomer>("sandbox_customers", _ => []),
        [typeof(SandboxPaymentIntent)] = Table<SandboxPaymentIntent>("sandbox_payment_intents", i => [("status", i.Status), ("created_at", Time(i.Created))]),
        [typeof(SandboxAccount)] = Table<SandboxAccount>("sandbox_accounts", _ => []),
        [typeof(SandboxTransfer)] = Table<SandboxTransfer>("sandbox_transfers", t => [("destination", t.Destination), ("paid_out", t.PaidOutAt is null ? 0 : 1), ("created_at", Time(t.Created))]),
        [typeof(SandboxIdempotencyRecord)] = Table<SandboxIdempotencyRecord>("sandbox_idempotency", _ => []),

        // Premium services (docs/offers.md). Private information has its own table, never joined into public reads.
        [typeof(Offer)] = Table<Offer>("offers", o =>
        [
            ("customer_id", o.CustomerId.Value),
            ("expert_id", o.ExpertId.Value),
            ("question_id", o.QuestionId.Value),
            ("status", o.State.ToString()),
            ("created_at", Time(o.CreatedAt)),
        ]),
        [typeof(ExpertCatalog)] = Table<ExpertCatalog>("expert_catalogs", _ => []),
        [typeof(QuestionPrivateInfo)] = Table<QuestionPrivateInfo>("private_info", _ => []),
        [typeof(RemoteSession)] = Table<RemoteSession>("remote_sessions", r => [("offer_id", r.OfferId.Value), ("started_at", Time(r.StartedAt))]),
    };

    public static SqliteDocumentTable For(Type type) =>
        Tables.TryGetValue(type, out var table) ? table : throw new InvalidOperationException($"No SQLite table is mapped for {type.Name}.");

    /// <summary>Lets later features map their aggregates without editing this list.</summary>
    public static void Register<T>(string name, Func<T, IReadOnlyList<(string Column, object? Value)>> columns)
        where T : IAggregate => Tables[typeof(T)] = Table(name, columns);

    /// <summary>Times as sortable ISO 8601 UTC text with fixed width, so text order is time order.</summary>
    public static string Time(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private static SqliteDocumentTable Table<T>(string name, Func<T, IReadOnlyList<(string Column, object? Value)>> columns) =>
        new(name, o => columns((T)o));
}
