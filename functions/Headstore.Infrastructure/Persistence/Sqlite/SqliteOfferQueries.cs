using Headstore.Application.Common;
using Headstore.Application.Offers;
using Headstore.Domain.Common;
using Headstore.Domain.Offers;

namespace Headstore.Infrastructure.Persistence.Sqlite;

/// <summary>Offer lists by party (the customer's and the expert's indexes) and remote sessions by offer.</summary>
public sealed class SqliteOfferQueries(SqliteDatabase database) : IOfferQueries
{
    public async Task<Page<Offer>> ListForPartyAsync(UserId party, OfferState? state, PageRequest page, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        var where = new List<string> { "(customer_id = $party OR expert_id = $party)" };
        command.Parameters.AddWithValue("$party", party.Value);
        if (state is { } wanted)
        {
            where.Add("status = $status");
            command.Parameters.AddWithValue("$status", wanted.ToString());
        }

        if (SqliteQueries.DecodeCursor(page.Cursor) is { } cursor)
        {
            where.Add("(created_at < $cursorTime OR (created_at = $cursorTime AND id < $cursorId))");
            command.Parameters.AddWithValue("$cursorTime", cursor.SortKey);
            command.Parameters.AddWithValue("$cursorId", cursor.Id);
        }

        command.CommandText = $"SELECT body, created_at, id FROM offers WHERE {string.Join(" AND ", where)} ORDER BY created_at DESC, id DESC LIMIT $limit";
        command.Parameters.AddWithValue("$limit", page.Limit + 1);
        return await SqliteQueries.ReadPageAsync<Offer>(command, page.Limit, cancellationToken);
    }

    public async Task<IReadOnlyList<RemoteSession>> RemoteSessionsOfAsync(OfferId offer, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT body FROM remote_sessions WHERE offer_id = $offer ORDER BY started_at, id LIMIT 500";
        command.Parameters.AddWithValue("$offer", offer.Value);
        return await SqliteQueries.ReadDocumentsAsync<RemoteSession>(command, cancellationToken);
    }
}
