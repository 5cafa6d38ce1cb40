using System.Collections.Concurrent;
using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Sessions;

namespace Headstore.Infrastructure.Persistence;

/// <summary>
/// Keeps the latest committed version of each session in memory in front of a single-process store, so the meter (read
/// every second by both sides of every running session) and call events (which read the session before writing it)
/// cost no database read. Every session write goes through this store's units of work: a successful commit caches what
/// was written, a failed one forgets the sessions it touched, and a read never replaces a newer cached version with an
/// older one. Only for a store one process owns (the local SQLite file); with several instances, reads go to the store.
/// </summary>
public sealed class SessionCachingDocumentStore(IDocumentStore inner, int capacity = 20_000) : IDocumentStore
{
    private readonly ConcurrentDictionary<string, Session> sessions = new(StringComparer.Ordinal);

    public async Task<T?> FindAsync<T>(string id, CancellationToken cancellationToken)
        where T : class, IAggregate
    {
        if (typeof(T) != typeof(Session))
        {
            return await inner.FindAsync<T>(id, cancellationToken);
        }

        if (sessions.TryGetValue(id, out var cached))
        {
            return (T)(object)cached;
        }

        var found = await inner.FindAsync<T>(id, cancellationToken);
        if (found is Session session)
        {
            Remember(session);
        }

        return found;
    }

    public Task<IReadOnlyList<T>> FindManyAsync<T>(IReadOnlyCollection<string> ids, CancellationToken cancellationToken)
        where T : class, IAggregate => inner.FindManyAsync<T>(ids, cancellationToken);

    public IUnitOfWork BeginWork() => new Work(inner.BeginWork(), this);

    public int MaxWritesPerCommit => inner.MaxWritesPerCommit;

    /// <summary>Keeps the higher version: a slow reader never puts back what a writer has replaced.</summary>
    private void Remember(Session session)
    {
        if (sessions.Count >= capacity)
        {
            Trim();
        }

        sessions.AddOrUpdate(session.Id.Value, session, (_, existing) => existing.Version >= session.Version ? existing : session);
    }

    private void Forget(string id) => sessions.TryRemove(id, out _);

    /// <summary>Over capacity: drop sessions that are over first, then everything (it refills from the store).</summary>
    private void Trim()
    {
        foreach (var (id, session) in sessions)
        {
            if (session.State.IsFinal())
            {
                sessions.TryRemove(id, out _);
            }
        }

        if (sessions.Count >= capacity)
        {
            sessions.Clear();
        }
    }

    private sealed class Work(IUnitOfWork inner, SessionCachingDocumentStore cache) : IUnitOfWork
    {
        private readonly List<(Session Session, bool Known)> written = [];

        public void Add<T>(T aggregate)
            where T : class, IAggregate
        {
            Track(aggregate, known: true);
            inner.Add(aggregate);
        }

        public void AddIfAbsent<T>(T aggregate)
            where T : class, IAggregate
        {
            Track(aggregate, known: false);
            inner.AddIfAbsent(aggregate);
        }

        public void Upsert<T>(T aggregate)
            where T : class, IAggregate
        {
            Track(aggregate, known: false);
            inner.Upsert(aggregate);
        }

        public void Update<T>(T aggregate)
            where T : class, IAggregate
        {
            Track(aggregate, known: true);
            inner.Update(aggregate);
        }

        public void Publish(IntegrationEvent integrationEvent) => inner.Publish(integrationEvent);

        public async Task<Result<Unit>> CommitAsync(CancellationToken cancellationToken)
        {
            Result<Unit> result;
            try
            {
                result = await inner.CommitAsync(cancellationToken);
            }
            catch
            {
                ForgetAll();
                throw;
            }

            if (!result.IsSuccess)
            {
                ForgetAll();
                return result;
            }

            foreach (var (session, known) in written)
            {
                // An insert is stored as version 1 and an update as the next version; for the others the stored
                // version is not known here, so the next read fetches it.
                if (known)
                {
                    cache.Remember(session with { Version = session.Version + 1 });
                }
                else
                {
                    cache.Forget(session.Id.Value);
                }
            }

            return result;
        }

        private void Track<T>(T aggregate, bool known)
        {
            if (aggregate is Session session)
            {
                written.Add((session, known));
            }
        }

        private void ForgetAll()
        {
            foreach (var (session, _) in written)
            {
                cache.Forget(session.Id.Value);
            }
        }
    }
}
