using Headstore.Application.Categories;
using Headstore.Domain.Experts;
using Headstore.Http.Common;

namespace Headstore.Http.Categories;

public static class CategoryEndpoints
{
    public static readonly IReadOnlyList<HttpOperation> Operations =
    [
        new(nameof(ListCategories), "GET", "/api/categories", ListCategories, OperationAccess.Public, "Categories", "All categories", ResponseType: typeof(IReadOnlyList<Category>)),
    ];

    public static async Task<ApiResponse> ListCategories(HttpContext http, CancellationToken cancellationToken) =>
        ApiResponse.Ok(new { items = await http.Service<ListCategoriesHandler>().HandleAsync(cancellationToken), nextCursor = (string?)null });
}
