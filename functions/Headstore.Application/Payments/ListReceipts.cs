using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Ledger;
using Headstore.Domain.Payments;

namespace Headstore.Application.Payments;

/// <summary>One line of a receipt's breakdown: who gets what of the amount paid.</summary>
public sealed record ReceiptLine(string Label, Money Amount);

/// <summary>What a customer paid, for what, and how it was divided; refunds shown against it.</summary>
public sealed record ReceiptView(
    PaymentId PaymentId,
    string Purpose,
    string ReferenceId,
    string Description,
    DateTimeOffset PaidAt,
    Money Amount,
    Money Refunded,
    string Status,
    IReadOnlyList<ReceiptLine> Breakdown)
{
    public static ReceiptView From(CustomerPayment payment) => new(
        payment.Id,
        payment.Purpose.ToString().ToLowerInvariant(),
        payment.ReferenceId,
        payment.Description,
        payment.CapturedAt ?? payment.CreatedAt,
        payment.Captured,
        payment.Refunded,
        StatusOf(payment),
        BreakdownOf(payment));

    public static string StatusOf(CustomerPayment payment) => payment switch
    {
        { State: PaymentState.Authorised } => "authorised",
        { State: PaymentState.Released } => "released",
        { HasOpenDispute: true } => "disputed",
        _ when payment.Refunded == payment.Captured => "refunded",
        _ when payment.Refunded.IsPositive => "partially-refunded",
        _ => "paid",
    };

    /// <summary>The fee breakdown of the amount paid: the expert's earnings and each part of the commission, or the plan.</summary>
    public static IReadOnlyList<ReceiptLine> BreakdownOf(CustomerPayment payment)
    {
        if (payment.Earner is not { Kind: EarnerKind.Expert, Split: { } split })
        {
            return [new ReceiptLine(payment.Purpose == PaymentPurpose.Subscription ? "Plan" : "Headstore", payment.Captured)];
        }

        var parts = split.Of(payment.Captured);
        var lines = new List<ReceiptLine>
        {
            new("Expert's earnings", parts.Expert),
            new($"Headstore commission ({RevenueSplit.Percent(split.CommissionBasisPoints)})", parts.Commission),
        };
        return lines;
    }
}

public sealed record ListReceiptsQuery(int? Limit, string? Cursor);

public sealed class ListReceiptsHandler(IPaymentQueries queries)
{
    public async Task<Result<Page<ReceiptView>>> HandleAsync(Actor actor, ListReceiptsQuery query, CancellationToken cancellationToken)
    {
        if (actor.RequireSignedIn() is { } denied)
        {
            return denied;
        }

        var page = PageRequest.Create(query.Limit, query.Cursor);
        if (!page.IsSuccess)
        {
            return page.Error!;
        }

        var payments = await queries.ListCapturedAsync(actor.UserId, page.Value, cancellationToken);
        return new Page<ReceiptView>(payments.Items.Select(ReceiptView.From).ToArray(), payments.NextCursor);
    }
}
