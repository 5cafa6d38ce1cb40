using Headstore.Domain.Common;
using Headstore.Domain.Experts;

namespace Headstore.Application.Categories;

/// <summary>The category list: small, read on every profile save and question, so implementations cache it.</summary>
public interface ICategoryCatalog
{
    Task<IReadOnlyList<Category>> ListAsync(CancellationToken cancellationToken);
}

public static class CategoryCatalogExtensions
{
    public static async Task<Func<CategoryId, bool>> ExistsAsync(this ICategoryCatalog catalog, CancellationToken cancellationToken)
    {
        var ids = (await catalog.ListAsync(cancellationToken)).Select(c => c.Id).ToHashSet();
        return ids.Contains;
    }
}

public sealed record ListCategoriesQuery;

public sealed class ListCategoriesHandler(ICategoryCatalog catalog)
{
    public Task<IReadOnlyList<Category>> HandleAsync(CancellationToken cancellationToken) => catalog.ListAsync(cancellationToken);
}
