using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Payments;

namespace Headstore.Application.Payments;

public sealed record DisputeView(string DisputeId, PaymentId PaymentId, UserId CustomerId, ExpertId? ExpertId, Money Amount, string Reason, string ProviderStatus, string Outcome, DateTimeOffset OpenedAt, DateTimeOffset? ClosedAt)
{
    public static DisputeView From(DisputeCase dispute) => new(
        dispute.Id, dispute.PaymentId, dispute.CustomerId, dispute.ExpertId, dispute.Amount, dispute.Reason, dispute.ProviderStatus,
        dispute.Outcome.ToString().ToLowerInvariant(), dispute.OpenedAt, dispute.ClosedAt);
}

/// <param name="Status">open (default), closed or all.</param>
public sealed record ListDisputesQuery(string? Status, int? Limit, string? Cursor);

/// <summary>Card disputes for admins, newest first: open ones need evidence sent to the provider before its deadline.</summary>
public sealed class ListDisputesHandler(IPaymentQueries queries)
{
    public async Task<Result<Page<DisputeView>>> HandleAsync(Actor actor, ListDisputesQuery query, CancellationToken cancellationToken)
    {
        if (actor.RequireAdmin() is { } denied)
        {
            return denied;
        }

        bool? open = query.Status switch
        {
            null or "open" => true,
            "closed" => false,
            "all" => null,
            _ => default(bool?),
        };
        if (query.Status is not (null or "open" or "closed" or "all"))
        {
            return Error.Validation("status", "Use open, closed or all.");
        }

        var page = PageRequest.Create(query.Limit, query.Cursor);
        if (!page.IsSuccess)
        {
            return page.Error!;
        }

        var disputes = await queries.ListDisputesAsync(open, page.Value, cancellationToken);
        return new Page<DisputeView>(disputes.Items.Select(DisputeView.From).ToArray(), disputes.NextCursor);
    }
}
