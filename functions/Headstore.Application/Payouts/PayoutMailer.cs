using Headstore.Application.Common;
using Headstore.Application.Notifications;
using Headstore.Application.Users;
using Microsoft.Extensions.Options;

namespace Headstore.Application.Payouts;

/// <summary>Tells the payee when a payout reached their bank (sending, refusals and returned bank payouts are told by <see cref="Payments.MoneyMailer"/>).</summary>
public sealed class PayoutMailer(UserDirectory users, IEmailSender email, IOptions<NotificationOptions> notifications) : IEventHandler<PayoutPaid>
{
    public async Task HandleAsync(PayoutPaid integrationEvent, CancellationToken cancellationToken)
    {
        var account = await users.FindAsync(integrationEvent.ExpertId.User, cancellationToken);
        if (account?.Email is not { Length: > 0 } address)
        {
            return;
        }

        var text = $"Hello {account.Name},\n\nYour payout of {integrationEvent.Amount.Format()} has reached your bank.\n\n" +
                   $"Your payouts: {notifications.Value.PublicBaseUrl.TrimEnd('/')}/experts/me/payouts\n\nHeadstore";
        await email.SendAsync(new EmailMessage($"payout-paid:{integrationEvent.PayoutId}", address, account.Name, $"Payout of {integrationEvent.Amount.Format()} arrived", text), cancellationToken);
    }
}
