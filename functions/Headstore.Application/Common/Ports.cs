using Headstore.Domain.Common;

namespace Headstore.Application.Common;

/// <summary>
/// Reads and writes aggregates, one document each. Point reads by id; every write goes through a unit of work
/// that commits the documents and their outgoing events atomically, guarded by each aggregate's version.
/// </summary>
public interface IDocumentStore
{
    Task<T?> FindAsync<T>(string id, CancellationToken cancellationToken)
        where T : class, IAggregate;

    Task<IReadOnlyList<T>> FindManyAsync<T>(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
        where T : class, IAggregate;

    IUnitOfWork BeginWork();

    /// <summary>
    /// How many documents and events one unit of work may write (Cosmos DB: a transactional batch holds 100). Work
    /// that commits a page of events with a checkpoint sizes its pages below this.
    /// </summary>
    int MaxWritesPerCommit => int.MaxValue;
}

public interface IUnitOfWork
{
    /// <summary>Inserts a new aggregate; the commit fails with a conflict when one with the same id exists.</summary>
    void Add<T>(T aggregate)
        where T : class, IAggregate;

    /// <summary>Inserts an aggregate unless one with the same id exists (idempotent records keyed by their cause).</summary>
    void AddIfAbsent<T>(T aggregate)
        where T : class, IAggregate;

    /// <summary>Writes an aggregate whatever its stored version (last writer wins); only for documents that are snapshots of something else.</summary>
    void Upsert<T>(T aggregate)
        where T : class, IAggregate;

    /// <summary>Replaces an aggregate; the commit fails with a concurrency conflict when its stored version is no longer <see cref="IAggregate.Version"/>.</summary>
    void Update<T>(T aggregate)
        where T : class, IAggregate;

    /// <summary>Queues an integration event in the outbox, written in the same transaction.</summary>
    void Publish(IntegrationEvent integrationEvent);

    Task<Result<Unit>> CommitAsync(CancellationToken cancellationToken);
}

/// <summary>Something that happened, told to other parts of the system through the outbox. Its id makes handling idempotent.</summary>
public abstract record IntegrationEvent
{
    public string EventId { get; init; } = Guid.NewGuid().ToString("N");

    public DateTimeOffset OccurredAt { get; init; }
}

/// <summary>Handles one kind of integration event. Must be idempotent: events arrive at least once.</summary>
public interface IEventHandler<in TEvent>
    where TEvent : IntegrationEvent
{
    Task HandleAsync(TEvent integrationEvent, CancellationToken cancellationToken);
}

public sealed record EmailMessage(string Id, string To, string ToName, string Subject, string PlainText, string? Html = null);

/// <summary>Sends e-mail. Locally one .eml file per message; in Azure through Communication Services Email.</summary>
public interface IEmailSender
{
    /// <summary>Sends once per <see cref="EmailMessage.Id"/>: a repeated id is not sent again.</summary>
    Task SendAsync(EmailMessage message, CancellationToken cancellationToken);
}

public sealed record BlobInfo(string Key, string ContentType, long SizeBytes);

public interface IBlobStore
{
    Task PutAsync(string key, Stream content, string contentType, CancellationToken cancellationToken);

    Task<(Stream Content, BlobInfo Info)?> OpenReadAsync(string key, CancellationToken cancellationToken);
}

/// <summary>A job the scheduler runs periodically: sweeps and scheduled work. Enumerates; the work per item is small and idempotent.</summary>
public interface IPeriodicJob
{
    string Name { get; }

    TimeSpan Interval { get; }

    Task RunAsync(CancellationToken cancellationToken);
}

public sealed record Page<T>(IReadOnlyList<T> Items, string? NextCursor);

public sealed record PageRequest(int Limit, string? Cursor)
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;

    public static Result<PageRequest> Create(int? limit, string? cursor)
    {
        if (limit is < 1 or > MaxLimit)
        {
            return Error.Validation("limit", $"The limit is between 1 and {MaxLimit}.");
        }

        if (cursor is { Length: > 200 })
        {
            return Error.Validation("cursor", "The cursor is not valid.");
        }

        return new PageRequest(limit ?? DefaultLimit, string.IsNullOrEmpty(cursor) ? null : cursor);
    }
}
