using System.Globalization;
using System.Text;
using Headstore.Application.Common;
using Headstore.Application.Notifications;
using Headstore.Application.Plans;
using Headstore.Application.Users;
using Headstore.Domain.Common;
using Headstore.Domain.Ledger;
using Headstore.Domain.Payments;
using Microsoft.Extensions.Options;

namespace Headstore.Application.Payments;

/// <summary>
/// Receipts and money notices by e-mail: what was paid, for what, and how it divides (the expert's earnings and each
/// part of the commission), refunds, payouts, disputes and plan renewals. They carry amounts and descriptions, never
/// card details or private information. Each e-mail's id derives from its event, so a redelivery is not sent twice.
/// </summary>
public sealed class MoneyMailer(IDocumentStore store, UserDirectory users, IEmailSender email, IOptions<NotificationOptions> notifications, IOptions<MoneyOptions> money) :
    IEventHandler<PaymentCaptured>,
    IEventHandler<PaymentRefunded>,
    IEventHandler<PaymentReleased>,
    IEventHandler<DisputeOpened>,
    IEventHandler<PayoutSent>,
    IEventHandler<PayoutNotSent>,
    IEventHandler<BankPayoutFailed>,
    IEventHandler<SubscriptionRenewalDue>,
    IEventHandler<SubscriptionRenewalDeclined>,
    IEventHandler<SubscriptionEnded>
{
    private string Base => notifications.Value.PublicBaseUrl.TrimEnd('/');

    public async Task HandleAsync(PaymentCaptured e, CancellationToken cancellationToken)
    {
        var payment = await store.FindAsync<CustomerPayment>(e.PaymentId.Value, cancellationToken);

        // A session's itemised receipts (time, free minutes, minutes at the rate) come from the session's own mailer.
        if (payment is null || payment.Purpose == PaymentPurpose.Session)
        {
            return;
        }

        var receipt = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"You paid {payment.Captured.Format()} on {Day(payment.CapturedAt ?? e.OccurredAt)} for: {payment.Description}.\n")
            .Append(CultureInfo.InvariantCulture, $"Receipt number: {payment.Id}\n\nHow it is divided:\n");
        foreach (var line in ReceiptView.BreakdownOf(payment))
        {
            receipt.Append(CultureInfo.InvariantCulture, $"  {line.Label}: {line.Amount.Format()}\n");
        }

        receipt.Append(CultureInfo.InvariantCulture, $"  Total: {payment.Captured.Format()}\n\nCharged to your saved card. All receipts: {Base}/me/receipts");
        await SendAsync(payment.CustomerId, $"receipt:{e.EventId}", $"Your receipt: {payment.Captured.Format()} for {payment.Description}", receipt.ToString(), cancellationToken);

        if (payment.Earner is { Kind: EarnerKind.Expert, Expert: { } expert, Split: { } split })
        {
            var parts = split.Of(payment.Captured);
            var text = $"You earned {parts.Expert.Format()} for: {payment.Description}.\n\n" +
                       $"  Price paid by the customer: {payment.Captured.Format()}\n" +
                       $"  Headstore commission ({RevenueSplit.Percent(split.CommissionBasisPoints)}): -{parts.Commission.Format()}\n" +
                       $"  Your earnings: {parts.Expert.Format()}\n\nIt is paid out with your next weekly payout. Your ledger: {Base}/experts/me/ledger";
            await SendAsync(expert.User, $"earned:{e.EventId}", $"You earned {parts.Expert.Format()}", text, cancellationToken);
        }
    }

    public async Task HandleAsync(PaymentRefunded e, CancellationToken cancellationToken)
    {
        var payment = await store.FindAsync<CustomerPayment>(e.PaymentId.Value, cancellationToken);
        if (payment is null)
        {
            return;
        }

        await SendAsync(e.CustomerId, $"refund:{e.EventId}", $"Refund of {e.Amount.Format()}",
            $"We refunded {e.Amount.Format()} of your payment of {payment.Captured.Format()} for: {payment.Description}.\nReceipt number: {payment.Id}\n\n" +
            "It reaches your card within 5 to 10 working days.", cancellationToken);
        if (e.ExpertId is { } expert && payment.Earner?.Split is { } split)
        {
            var share = split.Of(e.Amount).Expert;
            await SendAsync(expert.User, $"refund-expert:{e.EventId}", $"A customer was refunded {e.Amount.Format()}",
                $"The customer was refunded {e.Amount.Format()} for: {payment.Description}.\nYour earnings go down by about {share.Format()} (the commission on it is returned too); " +
                $"if it was already paid out, it is deducted from your next payout. Your ledger: {Base}/experts/me/ledger", cancellationToken);
        }
    }

    public Task HandleAsync(PaymentReleased e, CancellationToken cancellationToken) =>
        e.Reason == "lapsed" || e.Reason.StartsWith("session-", StringComparison.Ordinal)
            ? Task.CompletedTask
            : SendAsync(e.CustomerId, $"released:{e.EventId}", "You were not charged",
                e.Reason switch
                {
                    "unanswered" => "Nobody answered your paid question in time, so the amount held on your card has been released. You were not charged.",
                    "renewal-declined" => "Your card declined keeping the amount for your paid question held, so it has been released and the question closed. You were not charged.",
                    _ => "You withdrew your paid question's payment; the amount held on your card has been released. You were not charged.",
                }, cancellationToken);

    public Task HandleAsync(DisputeOpened e, CancellationToken cancellationToken) =>
        email.SendAsync(new EmailMessage($"dispute:{e.EventId}", money.Value.AdminEmail, "Headstore admin", $"Card dispute opened: {e.Amount.Format()}",
            $"A cardholder disputed {e.Amount.Format()} (reason: {e.Reason}) on payment {e.PaymentId}.\nThe earnings are frozen until it closes. " +
            $"Send evidence to the payment provider before its deadline.\n\nDisputes: {Base}/admin/disputes"), cancellationToken);

    public Task HandleAsync(PayoutSent e, CancellationToken cancellationToken) =>
        SendAsync(e.ExpertId.User, $"payout:{e.EventId}", $"Payout of {e.Amount.Format()} on its way",
            $"We sent {e.Amount.Format()} to your payout account. It usually reaches your bank within 2 working days.\n\nYour payouts: {Base}/experts/me/payouts", cancellationToken);

    public Task HandleAsync(PayoutNotSent e, CancellationToken cancellationToken) =>
        SendAsync(e.ExpertId.User, $"payout-failed:{e.EventId}", "Your payout could not be sent",
            $"We could not send your payout of {e.Amount.Format()}. It stays in your balance and goes out with next week's payout. " +
            $"Please check your payout account: {Base}/experts/me/payout-account", cancellationToken);

    public Task HandleAsync(BankPayoutFailed e, CancellationToken cancellationToken) =>
        SendAsync(e.ExpertId.User, $"bank-failed:{e.EventId}", "Your bank returned a payout",
            $"Your bank could not accept a payout. The money is safe in your payout account; update your bank details there and it is paid again: {Base}/experts/me/payout-account", cancellationToken);

    public Task HandleAsync(SubscriptionRenewalDue e, CancellationToken cancellationToken) =>
        SendAsync(e.CustomerId, $"renewal-notice:{e.SubscriptionId}:{e.Period}", $"Your {e.PlanName} plan renews on {Day(e.RenewsAt)}",
            $"Your {e.PlanName} plan renews on {Day(e.RenewsAt)} for {e.Price.Format()}, charged to your saved card.\n" +
            $"Nothing to do if you want to keep it. To cancel, do it before then: {Base}/me/plan", cancellationToken);

    public Task HandleAsync(SubscriptionRenewalDeclined e, CancellationToken cancellationToken) =>
        SendAsync(e.CustomerId, $"renewal-declined:{e.EventId}", e.Ended ? "Your plan has ended" : "We could not renew your plan",
            e.Ended
                ? "Your card declined the renewal of your plan several times, so your plan has ended and you are back on Standard."
                : "Your card declined the renewal of your plan. We try again tomorrow; please check your saved card: " + $"{Base}/me/payment-methods", cancellationToken);

    public Task HandleAsync(SubscriptionEnded e, CancellationToken cancellationToken) =>
        SendAsync(e.CustomerId, $"plan-ended:{e.EventId}", "Your plan has ended",
            "As you asked, your plan ended at the end of its period. You are on Standard now and were not charged again.", cancellationToken);

    private static string Day(DateTimeOffset time) => time.UtcDateTime.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    private async Task SendAsync(UserId recipient, string id, string subject, string text, CancellationToken cancellationToken)
    {
        var account = await users.FindAsync(recipient, cancellationToken);
        if (account?.Email is not { Length: > 0 } address)
        {
            return;
        }

        await email.SendAsync(new EmailMessage(id, address, account.Name, subject, $"Hello {account.Name},\n\n{text}\n\nHeadstore"), cancellationToken);
    }
}
