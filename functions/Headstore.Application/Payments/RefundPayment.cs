using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Payments;

namespace Headstore.Application.Payments;

/// <param name="Amount">Null refunds everything not refunded yet.</param>
/// <param name="Reason">requested_by_customer (default), duplicate or fraudulent.</param>
public sealed record RefundPaymentCommand(string? PaymentId, Money? Amount, string? Reason);

public sealed record RefundView(PaymentId PaymentId, Money Captured, Money Refunded, Money Refundable, string Status);

/// <summary>
/// An admin refunds a captured payment, fully or partly. The ledger reverses the refunded slice's split (the expert
/// gives back their share, commission is returned); an expert already paid out owes it, netted from later payouts.
/// </summary>
public sealed class RefundPaymentHandler(PaymentProcessor processor)
{
    public async Task<Result<RefundView>> HandleAsync(Actor actor, RefundPaymentCommand command, CancellationToken cancellationToken)
    {
        if (actor.RequireAdmin() is { } denied)
        {
            return denied;
        }

        if (string.IsNullOrWhiteSpace(command.PaymentId))
        {
            return Error.Validation("paymentId", "Required.");
        }

        RefundReason reason;
        switch (command.Reason)
        {
            case null or "requested_by_customer":
                reason = RefundReason.RequestedByCustomer;
                break;
            case "duplicate":
                reason = RefundReason.Duplicate;
                break;
            case "fraudulent":
                reason = RefundReason.Fraudulent;
                break;
            default:
                return Error.Validation("reason", "Use requested_by_customer, duplicate or fraudulent.");
        }

        var refunded = await processor.RefundAsync(new PaymentId(command.PaymentId.Trim()), command.Amount, reason, cancellationToken);
        return refunded.Map(RefundViewOf);
    }

    public static RefundView RefundViewOf(CustomerPayment payment) => new(payment.Id, payment.Captured, payment.Refunded, payment.Refundable, ReceiptView.StatusOf(payment));
}
