using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Messaging;
using Headstore.Domain.Sessions;
using Headstore.Infrastructure.Persistence;
using Headstore.Infrastructure.Persistence.Sqlite;
using Headstore.Infrastructure.Tests.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Headstore.Infrastructure.Tests.Persistence;

/// <summary>The in-process session cache in front of SQLite: what it serves must always be what was last committed.</summary>
public sealed class SessionCachingDocumentStoreTests : IAsyncLifetime
{
    private SqliteHost host = null!;

    public async Task InitializeAsync() => host = await SqliteHost.StartAsync();

    public async Task DisposeAsync() => await host.DisposeAsync();

    [Fact]
    public void WithTheSqliteStore_SessionsAreCachedInFrontOfIt()
    {
        Assert.IsType<SessionCachingDocumentStore>(host.Services.GetRequiredService<IDocumentStore>());
    }

    [Fact]
    public async Task ACommittedSession_IsServedFromMemory_AtItsStoredVersion_AndAnUpdateReplacesIt()
    {
        var store = host.Services.GetRequiredService<IDocumentStore>();
        var session = NewSession();
        var work = store.BeginWork();
        work.Add(session);
        Assert.True((await work.CommitAsync(CancellationToken.None)).IsSuccess);

        var cached = await store.FindAsync<Session>(session.Id.Value, CancellationToken.None);
        Assert.Equal(1, cached!.Version);
        Assert.Same(cached, await store.FindAsync<Session>(session.Id.Value, CancellationToken.None));

        var update = store.BeginWork();
        update.Update(cached with { EndReason = "changed" });
        Assert.True((await update.CommitAsync(CancellationToken.None)).IsSuccess);

        var after = await store.FindAsync<Session>(session.Id.Value, CancellationToken.None);
        Assert.Equal(("changed", 2L), (after!.EndReason, after.Version));
        var stored = await host.Services.GetRequiredService<SqliteDocumentStore>().FindAsync<Session>(session.Id.Value, CancellationToken.None);
        Assert.Equal(Json(after), Json(stored!));
    }

    [Fact]
    public async Task AStaleUpdate_FailsAsAConflict_AndTheNextReadSeesWhatIsStored()
    {
        var store = host.Services.GetRequiredService<IDocumentStore>();
        var session = NewSession();
        var work = store.BeginWork();
        work.Add(session);
        await work.CommitAsync(CancellationToken.None);
        var loaded = (await store.FindAsync<Session>(session.Id.Value, CancellationToken.None))!;
        var first = store.BeginWork();
        first.Update(loaded with { EndReason = "first" });
        await first.CommitAsync(CancellationToken.None);

        var stale = store.BeginWork();
        stale.Update(loaded with { EndReason = "stale" });
        var result = await stale.CommitAsync(CancellationToken.None);

        Assert.Equal("concurrency-conflict", result.Error!.Code);
        Assert.Equal("first", (await store.FindAsync<Session>(session.Id.Value, CancellationToken.None))!.EndReason);
    }

    private static string Json(Session session) => System.Text.Json.JsonSerializer.Serialize(session, Headstore.Infrastructure.Serialization.JsonDefaults.Options);

    private static Session NewSession() =>
        Session.Request(SessionId.New(DateTimeOffset.UtcNow), new UserId("customer-carol"), "Carol", new ExpertId("expert-alice"), "Alice", SessionMode.Voice,
            SessionOrigin.Direct, null, new SessionTerms(new Money(300, Currency.USD), 5, false, TimeSpan.FromMinutes(90), 1000), null, null, DateTimeOffset.UtcNow);
}
