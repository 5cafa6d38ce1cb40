using Headstore.Application.Common;
using Headstore.Application.Offers;
using Headstore.Domain.Common;
using Headstore.Domain.Offers;
using Microsoft.Azure.Cosmos;

namespace Headstore.Infrastructure.Persistence.Cosmos;

/// <summary>
/// Premium services on Cosmos DB (docs/cosmos.md, "Offers"). An offer lives in its question's partition of the commerce
/// container, with its payment (<c>pay_{questionId}_{offerId}</c>), the payment's postings, the question's private
/// information and the remote sessions held under it, so accepting (offer, payment, posting, the answer's automatic
/// rating, private information) and starting or ending a remote session are each one partition's batch. An expert's
/// catalogue lives beside their profile; when sending an offer saves a new catalogue entry, that entry is committed
/// ahead of the offer (an independent write: saved for reuse even if the offer then fails, found there by a retry).
/// </summary>
public static class CosmosOfferTypes
{
    public const string OfferEntryKind = "OfferEntry";

    internal static void Register()
    {
        var commerce = CosmosDocumentTypes.CommerceContainer;
        CosmosDocumentTypes.Register<Offer>(commerce, o =>
        {
            o.PartitionKey = offer => offer.QuestionId.Value;
            o.LocateById = true;
            o.Views = offer =>
            {
                var sort = CosmosDocumentTypes.Time(offer.CreatedAt) + " " + offer.Id.Value;
                var customer = new CosmosView(OfferEntryKind, CosmosDocumentTypes.UserPartition(offer.CustomerId), offer.Id.Value, null, [("status", offer.State.ToString()), ("sort", sort)]);
                return offer.CustomerId == offer.ExpertId.User ? [customer] : [customer, customer with { PartitionKey = CosmosDocumentTypes.UserPartition(offer.ExpertId.User) }];
            };
        });
        CosmosDocumentTypes.Register<RemoteSession>(commerce, o =>
        {
            o.PartitionKey = session => session.QuestionId.Value;
            o.LocateById = true;
            o.Index = session => [("offerId", session.OfferId.Value), ("sort", CosmosDocumentTypes.Time(session.StartedAt) + " " + session.Id.Value)];
        });

        // Its id is the question's: it shares the question's partition (under its own document id), and no view or list ever copies it.
        CosmosDocumentTypes.Register<QuestionPrivateInfo>(commerce, o => o.IdPrefix = "private-info:");
        CosmosDocumentTypes.Register<ExpertCatalog>("experts", o =>
        {
            o.IdPrefix = "catalog:";
            o.IndependentSnapshot = true;
        });
    }
}

/// <summary>
/// A person's offers from their "user:{id}" view partition (newest first, optionally in one state), then point reads;
/// an offer's remote sessions by a single-partition query in its question's partition.
/// </summary>
public sealed class CosmosOfferQueries(CosmosDatabase database, IDocumentStore store) : IOfferQueries
{
    public async Task<Page<Offer>> ListForPartyAsync(UserId party, OfferState? state, PageRequest page, CancellationToken cancellationToken)
    {
        var partition = CosmosDocumentTypes.UserPartition(party);
        var before = CosmosPaging.Decode(page.Cursor);
        var query = new QueryDefinition(
            $"SELECT TOP @limit c.sourceId, c.idx.sort FROM c WHERE c.pk = @pk AND c.type = @type{(state is null ? "" : " AND c.idx.status = @status")}" +
            $"{(before is null ? "" : " AND c.idx.sort < @before")} ORDER BY c.idx.sort DESC")
            .WithParameter("@limit", page.Limit + 1).WithParameter("@pk", partition).WithParameter("@type", CosmosDocuments.ViewType(CosmosOfferTypes.OfferEntryKind));
        query = state is { } wanted ? query.WithParameter("@status", wanted.ToString()) : query;
        query = before is null ? query : query.WithParameter("@before", before);
        var rows = await database.QueryPartitionAsync(database.Container(CosmosDocumentTypes.ViewsContainer), partition, query, cancellationToken);
        var ids = rows.Take(page.Limit).Select(r => r.GetProperty("sourceId").GetString()!).ToArray();
        var found = (await store.FindManyAsync<Offer>(ids, cancellationToken)).ToDictionary(o => o.Id.Value, StringComparer.Ordinal);
        return new Page<Offer>(ids.Where(found.ContainsKey).Select(id => found[id]).ToArray(), rows.Count > page.Limit ? CosmosPaging.Encode(rows[page.Limit - 1].GetProperty("sort").GetString()!) : null);
    }

    public async Task<IReadOnlyList<RemoteSession>> RemoteSessionsOfAsync(OfferId offer, CancellationToken cancellationToken)
    {
        if (await store.FindAsync<Offer>(offer.Value, cancellationToken) is not { } found)
        {
            return [];
        }

        var type = CosmosDocumentTypes.For(typeof(RemoteSession));
        var partition = found.QuestionId.Value;
        var query = new QueryDefinition("SELECT TOP 500 c.body FROM c WHERE c.pk = @pk AND c.type = @type AND c.idx.offerId = @offer ORDER BY c.idx.sort")
            .WithParameter("@pk", partition).WithParameter("@type", type.Kind).WithParameter("@offer", offer.Value);
        var rows = await database.QueryPartitionAsync(database.Container(type.Container), partition, query, cancellationToken);
        return rows.Select(CosmosPaging.Body<RemoteSession>).ToArray();
    }
}
