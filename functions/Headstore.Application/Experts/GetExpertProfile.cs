using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Experts;

namespace Headstore.Application.Experts;

public sealed class GetExpertProfileHandler(IDocumentStore store)
{
    public async Task<Result<ExpertProfileView>> HandleAsync(string expertId, CancellationToken cancellationToken)
    {
        var profile = await store.FindAsync<ExpertProfile>(expertId, cancellationToken);
        return profile is null ? Error.NotFound("Expert") : ExpertProfileView.From(profile);
    }
}
