using Headstore.Application.Common;
using Headstore.Domain.Common;

namespace Headstore.Application.Users;

/// <summary>
/// What Headstore knows of a person from their access token: name and e-mail for notifications.
/// Sign-in itself belongs to the identity provider.
/// </summary>
public sealed record UserAccount(UserId Id, string Name, string? Email, IReadOnlyList<string> Roles, DateTimeOffset FirstSeenAt, DateTimeOffset UpdatedAt, long Version) : IAggregate
{
    string IAggregate.Id => Id.Value;
}

public sealed class UserDirectory(IDocumentStore store, TimeProvider clock)
{
    /// <summary>Records the actor's name and e-mail the first time they act, or when they changed; otherwise writes nothing.</summary>
    public async Task EnsureAsync(Actor actor, IUnitOfWork work, CancellationToken cancellationToken)
    {
        var existing = await store.FindAsync<UserAccount>(actor.UserId.Value, cancellationToken);
        var roles = actor.Roles.Order(StringComparer.Ordinal).ToArray();
        if (existing is null)
        {
            var now = clock.GetUtcNow();
            work.AddIfAbsent(new UserAccount(actor.UserId, actor.Name, actor.Email, roles, now, now, 0));
        }
        else if (existing.Name != actor.Name || existing.Email != actor.Email || !existing.Roles.SequenceEqual(roles))
        {
            work.Upsert(existing with { Name = actor.Name, Email = actor.Email ?? existing.Email, Roles = roles, UpdatedAt = clock.GetUtcNow() });
        }
    }

    public Task<UserAccount?> FindAsync(UserId id, CancellationToken cancellationToken) => store.FindAsync<UserAccount>(id.Value, cancellationToken);
}
