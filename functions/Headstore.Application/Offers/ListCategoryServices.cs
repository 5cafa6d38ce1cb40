using Headstore.Application.Categories;
using Headstore.Domain.Common;
using Headstore.Domain.Offers;

namespace Headstore.Application.Offers;

/// <summary>The predefined premium services of a category (public).</summary>
public sealed class ListCategoryServicesHandler(ICategoryCatalog categories)
{
    public async Task<Result<IReadOnlyList<PredefinedServiceView>>> HandleAsync(string categoryId, CancellationToken cancellationToken)
    {
        var exists = await categories.ExistsAsync(cancellationToken);
        var id = new CategoryId(categoryId);
        if (string.IsNullOrEmpty(categoryId) || !exists(id))
        {
            return Error.NotFound("Category");
        }

        return PredefinedServices.ForCategory(id).Select(PredefinedServiceView.From).ToArray();
    }
}
