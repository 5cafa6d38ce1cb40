using Headstore.Application.Categories;
using Headstore.Domain.Experts;

namespace Headstore.Infrastructure.Persistence.Sqlite;

/// <summary>Categories change only by deployment or seeding; they are read once and kept for a minute.</summary>
public sealed class SqliteCategoryCatalog(SqliteDatabase database, TimeProvider clock) : ICategoryCatalog
{
    private static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(1);
    private (IReadOnlyList<Category> Items, DateTimeOffset LoadedAt)? cache;

    public async Task<IReadOnlyList<Category>> ListAsync(CancellationToken cancellationToken)
    {
        if (cache is { } cached && clock.GetUtcNow() - cached.LoadedAt < Lifetime && cached.Items.Count > 0)
        {
            return cached.Items;
        }

        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT body FROM categories ORDER BY json_extract(body, '$.name')";
        var items = await SqliteQueries.ReadDocumentsAsync<Category>(command, cancellationToken);
        cache = (items, clock.GetUtcNow());
        return items;
    }
}
