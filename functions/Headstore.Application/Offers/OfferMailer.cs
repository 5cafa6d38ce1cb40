using System.Globalization;
using Headstore.Application.Common;
using Headstore.Application.Notifications;
using Headstore.Application.Users;
using Headstore.Domain.Common;
using Headstore.Domain.Offers;
using Microsoft.Extensions.Options;

namespace Headstore.Application.Offers;

/// <summary>
/// E-mails about offers: sent, reminder, accepted, declined, withdrawn, expired, completion prompt, completed, cannot
/// complete (with care told), refund asked for, refund stuck (care). They name the service, the price and the link;
/// never the deliverable's or a reason's text, and never private information. Receipts and earnings come from
/// <see cref="Payments.MoneyMailer"/> on the payments. Each e-mail's id derives from its event, so a redelivery is not
/// sent twice.
/// </summary>
public sealed class OfferMailer(IDocumentStore store, UserDirectory users, IEmailSender email, IOptions<NotificationOptions> notifications, IOptions<OffersOptions> options) :
    IEventHandler<OfferNoticeRaised>
{
    private string Base => notifications.Value.PublicBaseUrl.TrimEnd('/');

    public async Task HandleAsync(OfferNoticeRaised e, CancellationToken cancellationToken)
    {
        var offer = await store.FindAsync<Offer>(e.OfferId.Value, cancellationToken);
        if (offer is null)
        {
            return;
        }

        var what = $"\"{offer.Service.Name}\" for {offer.Price.Format()}";
        var link = $"{Base}/offers/{offer.Id}";
        var id = $"offer-{e.Notice.ToString().ToLowerInvariant()}:{e.EventId}";
        switch (e.Notice)
        {
            case OfferNotice.Sent:
                await SendAsync(offer.CustomerId, id, $"{offer.ExpertName} offered you {offer.Service.Name}",
                    $"{offer.ExpertName}, who answered your question, offers you {what}.\n\nSee what you receive, then accept, decline or keep it for later (it stays open until {Day(offer.ExpiresAt)}): {link}", cancellationToken);
                break;
            case OfferNotice.Reminder:
                await SendAsync(offer.CustomerId, id, $"Your offer from {offer.ExpertName} is waiting",
                    $"{offer.ExpertName}'s offer of {what} is still open until {Day(offer.ExpiresAt)}. Accept or decline it: {link}", cancellationToken);
                break;
            case OfferNotice.Accepted:
                await SendAsync(offer.ExpertId.User, id, $"Offer accepted: {offer.Service.Name}",
                    $"The customer accepted and paid your offer of {what}. It is in your requests now; please deliver it and mark it completed: {Base}/me/offers?status=in-progress", cancellationToken);
                break;
            case OfferNotice.Declined:
                await SendAsync(offer.ExpertId.User, id, $"Offer declined: {offer.Service.Name}", $"The customer declined your offer of {what}.\n\n{link}", cancellationToken);
                break;
            case OfferNotice.Withdrawn:
                await SendAsync(offer.CustomerId, id, $"Offer withdrawn: {offer.Service.Name}", $"{offer.ExpertName} withdrew the offer of {what}. You were not charged.\n\n{link}", cancellationToken);
                break;
            case OfferNotice.Expired:
                await SendAsync(offer.CustomerId, id, $"Offer expired: {offer.Service.Name}", $"The offer of {what} from {offer.ExpertName} has expired. You were not charged.\n\n{link}", cancellationToken);
                await SendAsync(offer.ExpertId.User, $"{id}:expert", $"Offer expired: {offer.Service.Name}", $"Your offer of {what} expired without an answer from the customer.\n\n{link}", cancellationToken);
                break;
            case OfferNotice.CompletionPrompt:
                await SendAsync(offer.ExpertId.User, id, $"Please complete: {offer.Service.Name}",
                    $"The customer accepted your offer of {what} on {Day(offer.AcceptedAt ?? offer.UpdatedAt)} and is waiting. Mark it completed when delivered, or tell us you cannot complete it: {link}", cancellationToken);
                break;
            case OfferNotice.Completed:
                await SendAsync(offer.CustomerId, id, $"Completed: {offer.Service.Name}",
                    $"{offer.ExpertName} marked {what} as completed. If you are not satisfied, you can ask for a full refund until {Day(offer.RefundableUntil ?? offer.UpdatedAt)}: {link}", cancellationToken);
                break;
            case OfferNotice.CannotComplete:
                await SendAsync(offer.CustomerId, id, $"{offer.ExpertName} cannot complete {offer.Service.Name}",
                    $"{offer.ExpertName} cannot complete {what}. We are refunding everything you paid for it in full; you will get a refund e-mail for each payment.\n\n{link}", cancellationToken);
                await CareAsync($"{id}:care", $"Offer {offer.Id} could not be completed",
                    $"Expert {offer.ExpertId} cannot complete offer {offer.Id} ({offer.Service.Name}, {offer.Price.Format()}) for customer {offer.CustomerId} on question {offer.QuestionId}. " +
                    "The customer is being refunded in full; please follow up with both.", cancellationToken);
                break;
            case OfferNotice.Refunded:
                await SendAsync(offer.ExpertId.User, id, $"Refund asked for: {offer.Service.Name}",
                    $"The customer asked for a refund of {what}; it is refunded in full and your earnings go down accordingly (see your ledger: {Base}/experts/me/ledger).\n\n{link}", cancellationToken);
                break;
            case OfferNotice.RefundFailed:
                await CareAsync(id, $"Refund of offer {offer.Id} needs care",
                    $"The refund of offer {offer.Id} for customer {offer.CustomerId} could not be made ({offer.Refund?.FailureCode}). Please resolve it: {Base}/admin/disputes", cancellationToken);
                break;
        }
    }

    private static string Day(DateTimeOffset time) => time.UtcDateTime.ToString("d MMM yyyy", CultureInfo.InvariantCulture);

    private Task CareAsync(string id, string subject, string text, CancellationToken cancellationToken) =>
        email.SendAsync(new EmailMessage(id, options.Value.CareEmail, "Headstore care", subject, $"{text}\n\nHeadstore"), cancellationToken);

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
