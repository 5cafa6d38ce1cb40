using Headstore.Application.Common;
using Headstore.Application.Users;
using Headstore.Domain.Common;
using Microsoft.Extensions.Options;

namespace Headstore.Application.Notifications;

public sealed class NotificationOptions
{
    /// <summary>Where links in e-mails point (the web frontend).</summary>
    public string PublicBaseUrl { get; set; } = "http://localhost:7071";
}

/// <summary>
/// E-mails for what people need to act on. They name what happened and link to it; they never carry the text of
/// a message or any private information. Each e-mail's id derives from its event, so a redelivery is not sent twice.
/// </summary>
public sealed class NotificationMailer(UserDirectory users, IEmailSender email, IOptions<NotificationOptions> options) :
    IEventHandler<AnswerPosted>,
    IEventHandler<MessageSent>,
    IEventHandler<AppointmentRequested>,
    IEventHandler<AppointmentAnswered>,
    IEventHandler<RequestOverdue>
{
    private string Base => options.Value.PublicBaseUrl.TrimEnd('/');

    public Task HandleAsync(AnswerPosted e, CancellationToken cancellationToken) =>
        SendAsync(e.AskerId, $"answer:{e.EventId}", "Your question has a new answer",
            $"An expert answered your question.\n\nRead it: {Base}/questions/{e.QuestionId}", cancellationToken);

    public Task HandleAsync(MessageSent e, CancellationToken cancellationToken) =>
        SendAsync(e.RecipientId, $"message:{e.EventId}", e.NewThread ? $"New message from {e.SenderName}" : $"{e.SenderName} replied",
            $"{e.SenderName} sent you a message.\n\nRead and reply: {Base}/messages/{e.ThreadId}", cancellationToken);

    public Task HandleAsync(AppointmentRequested e, CancellationToken cancellationToken) =>
        SendAsync(e.ExpertId.User, $"appointment:{e.EventId}", "New appointment request",
            $"A customer asked for an appointment. Please accept one of the proposed times or decline within 24 hours.\n\n{Base}/appointments/{e.AppointmentId}", cancellationToken);

    public Task HandleAsync(AppointmentAnswered e, CancellationToken cancellationToken) =>
        SendAsync(e.NotifyUserId, $"appointment-answer:{e.EventId}", $"Appointment {e.Status.ToString().ToLowerInvariant()}",
            $"Your appointment is now {e.Status.ToString().ToLowerInvariant()}.\n\n{Base}/appointments/{e.AppointmentId}", cancellationToken);

    public Task HandleAsync(RequestOverdue e, CancellationToken cancellationToken) =>
        SendAsync(e.ExpertId.User, $"overdue:{e.EventId}", "A customer is waiting for your reply",
            $"A {e.RequestType} has been waiting for more than 24 hours. Please reply as soon as you can.\n\n{Base}/{e.RequestType}s/{e.RequestId}", cancellationToken);

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
