using System.Globalization;
using System.Text;
using Headstore.Application.Common;
using Headstore.Application.Notifications;
using Headstore.Application.Users;
using Headstore.Domain.Common;
using Headstore.Domain.Ledger;
using Headstore.Domain.Payments;
using Headstore.Domain.Sessions;
using Microsoft.Extensions.Options;

namespace Headstore.Application.Sessions;

/// <summary>
/// Session e-mails: the ring (so an expert away from the app still sees the call), a booked session's start, and after
/// settlement an itemised receipt to each side (time on the call, free minutes, minutes charged at the rate, the total;
/// for the expert the commission and their earnings), or a "you were not charged" note when the session never took place.
/// Ids derive from the event, so a redelivery is not sent twice. Amounts and times only, never call tokens.
/// </summary>
public sealed class SessionMailer(IDocumentStore store, UserDirectory users, IEmailSender email, IOptions<NotificationOptions> notifications) :
    IEventHandler<SessionRinging>,
    IEventHandler<SessionOpened>,
    IEventHandler<SessionSettled>
{
    private string Base => notifications.Value.PublicBaseUrl.TrimEnd('/');

    public async Task HandleAsync(SessionRinging e, CancellationToken cancellationToken)
    {
        var session = await store.FindAsync<Session>(e.SessionId.Value, cancellationToken);
        if (session is null)
        {
            return;
        }

        await SendAsync(session.ExpertId.User, $"session-ringing:{e.EventId}", $"{session.CustomerName} is calling you",
            $"{session.CustomerName} wants a {Mode(session)} session with you now ({session.Terms.RatePerMinute.Format()} per minute" +
            $"{(session.Terms.FreeMinutes > 0 ? $", first {session.Terms.FreeMinutes} minutes free" : "")}{(session.Terms.IsFree ? ", free session" : "")}).\n\n" +
            $"Accept or decline: {Base}/sessions/{session.Id}", cancellationToken);
    }

    public async Task HandleAsync(SessionOpened e, CancellationToken cancellationToken)
    {
        var session = await store.FindAsync<Session>(e.SessionId.Value, cancellationToken);
        if (session is null)
        {
            return;
        }

        var text = $"Your booked {Mode(session)} session between {session.CustomerName} and {session.ExpertName} starts now.\n\nJoin: {Base}/sessions/{session.Id}";
        await SendAsync(session.CustomerId, $"session-opened:{e.EventId}:customer", "Your session starts now", text, cancellationToken);
        await SendAsync(session.ExpertId.User, $"session-opened:{e.EventId}:expert", "Your session starts now", text, cancellationToken);
    }

    public async Task HandleAsync(SessionSettled e, CancellationToken cancellationToken)
    {
        var session = await store.FindAsync<Session>(e.SessionId.Value, cancellationToken);
        if (session?.Bill is not { } bill || session.Settlement is not { } settlement)
        {
            return;
        }

        var tookPlace = bill.BillableSeconds > 0 || bill.Amount.IsPositive;
        if (!tookPlace)
        {
            await SendAsync(session.CustomerId, $"session-not-charged:{e.EventId}", $"Your session with {session.ExpertName} did not take place",
                $"Your {Mode(session)} session with {session.ExpertName} did not take place ({Reason(session)}). " +
                (session.PaymentId is null ? "Nothing was charged." : "The amount held on your card has been released: you were not charged."), cancellationToken);
            return;
        }

        var payment = session.PaymentId is { } paymentId ? await store.FindAsync<CustomerPayment>(paymentId.Value, cancellationToken) : null;
        var lines = Itemised(session, bill);
        var customer = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Receipt for your {Mode(session)} session with {session.ExpertName} on {Day(session.OpenedAt ?? session.CreatedAt)}.\n\n")
            .Append(lines)
            .Append(CultureInfo.InvariantCulture, $"  Total: {settlement.Captured.Format()}\n\n");
        if (payment is not null)
        {
            customer.Append(CultureInfo.InvariantCulture, $"Charged to your saved card; the rest of the {payment.Amount.Format()} held was released. Receipt number: {payment.Id}\n");
        }
        else if (session.Terms.IsFree)
        {
            customer.Append("This was a free session: nothing was charged.\n");
        }

        if (settlement.Outcome == SessionSettlement.FailedOutcome)
        {
            customer.Append("We could not take this payment from your card; our support team will contact you.\n");
        }

        customer.Append(CultureInfo.InvariantCulture, $"\nRate and review {session.ExpertName}: {Base}/sessions/{session.Id}");
        await SendAsync(session.CustomerId, $"session-receipt:{e.EventId}", $"Your session receipt: {settlement.Captured.Format()}", customer.ToString(), cancellationToken);

        var expert = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"Your {Mode(session)} session with {session.CustomerName} on {Day(session.OpenedAt ?? session.CreatedAt)}.\n\n")
            .Append(lines)
            .Append(CultureInfo.InvariantCulture, $"  Paid by the customer: {settlement.Captured.Format()}\n");
        if (payment?.Earner?.Split is { } split && settlement.Captured.IsPositive)
        {
            var parts = split.Of(settlement.Captured);
            expert.Append(CultureInfo.InvariantCulture, $"  Headstore commission ({RevenueSplit.Percent(split.CommissionBasisPoints)}): -{parts.Commission.Format()}\n");
        }

        expert.Append(CultureInfo.InvariantCulture, $"  Your earnings: {settlement.ExpertEarnings.Format()}\n\nIt is paid out with your next weekly payout. Your ledger: {Base}/experts/me/ledger");
        await SendAsync(session.ExpertId.User, $"session-earnings:{e.EventId}", $"Session with {session.CustomerName}: you earned {settlement.ExpertEarnings.Format()}", expert.ToString(), cancellationToken);
    }

    private static string Itemised(Session session, SessionBill bill)
    {
        var text = new StringBuilder();
        if (bill.Kind is SessionBillKind.LateCancellation or SessionBillKind.NoShow)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {(bill.Kind == SessionBillKind.NoShow ? "No-show fee" : "Late cancellation fee")}: {bill.ChargedMinutes} min × {bill.RatePerMinute.Format()} = {bill.Amount.Format()}\n");
            return text.ToString();
        }

        text.Append(CultureInfo.InvariantCulture, $"  Time on the call together: {Duration(bill.BillableSeconds)}\n");
        if (session.Terms.FreeMinutes > 0 && !session.Terms.IsFree)
        {
            text.Append(CultureInfo.InvariantCulture, $"  Free minutes: {bill.FreeMinutesUsed} of {session.Terms.FreeMinutes}\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"  Charged: {bill.ChargedMinutes} min × {bill.RatePerMinute.Format()} = {bill.Amount.Format()}\n");
        return text.ToString();
    }

    private static string Reason(Session session) => session.EndReason switch
    {
        "declined" => "the expert declined",
        "no-answer" => "the expert did not answer",
        "caller-hung-up" => "you hung up before the expert answered",
        "customer-did-not-join" or "expert-did-not-join" or "call-did-not-connect" => "the call did not connect",
        "payment-declined" or "payment-not-authorised" => "your card was declined",
        { } other when other.StartsWith("cancelled", StringComparison.Ordinal) => "it was cancelled",
        _ => "it ended before the call connected",
    };

    private static string Mode(Session session) => session.Mode.ToString().ToLowerInvariant();

    private static string Duration(long seconds) => $"{seconds / 60} min {seconds % 60:00} s";

    private static string Day(DateTimeOffset time) => time.UtcDateTime.ToString("d MMM yyyy HH:mm 'UTC'", CultureInfo.InvariantCulture);

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
