using System.Globalization;
using Headstore.Application.Users;
using Headstore.Domain.Common;
using Headstore.Domain.Content;
using Headstore.Domain.Experts;
using Headstore.Domain.Messaging;
using Headstore.Domain.Moderation;
using Headstore.Domain.Questions;
using Headstore.Domain.Reputation;

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
