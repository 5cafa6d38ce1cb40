using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Messaging;

namespace Headstore.Application.Messaging;

public sealed record MessageView(int Sequence, UserId AuthorId, string AuthorName, string Body, DateTimeOffset SentAt);

public sealed record MessageThreadView(MessageThreadId Id, UserId CustomerId, string CustomerName, ExpertId ExpertId, string Subject, IReadOnlyList<MessageView> Messages, DateTimeOffset? ReplyDueAt, bool Overdue, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    public static MessageThreadView From(MessageThread thread) => new(
        thread.Id, thread.CustomerId, thread.CustomerName, thread.ExpertId, thread.Subject,
        thread.Messages.Select(m => new MessageView(m.Sequence, m.AuthorId, m.AuthorName, m.Body, m.SentAt)).ToArray(),
        thread.DueAt, thread.OverdueFlaggedAt is not null, thread.CreatedAt, thread.UpdatedAt);
}

public sealed record AppointmentView(AppointmentId Id, UserId CustomerId, string CustomerName, ExpertId ExpertId, IReadOnlyList<DateTimeOffset> ProposedTimes, string Mode, string? Note, string Status, DateTimeOffset? ScheduledAt, string? DeclineReason, DateTimeOffset? ReplyDueAt, bool Overdue, DateTimeOffset CreatedAt)
{
    public static AppointmentView From(Appointment appointment) => new(
        appointment.Id, appointment.CustomerId, appointment.CustomerName, appointment.ExpertId, appointment.ProposedTimes,
        appointment.Mode.ToString().ToLowerInvariant(), appointment.Note, appointment.Status.ToString().ToLowerInvariant(),
        appointment.ScheduledAt, appointment.DeclineReason, appointment.DueAt, appointment.OverdueFlaggedAt is not null, appointment.CreatedAt);
}

public sealed record OverdueRequestView(string RequestType, string RequestId, ExpertId ExpertId, UserId CustomerId, DateTimeOffset DueAt, DateTimeOffset FlaggedAt);

public interface IMessagingQueries
{
    /// <summary>Conversations where the user is the customer or the expert, most recently updated first.</summary>
    Task<Page<MessageThread>> ThreadsForAsync(UserId user, PageRequest page, CancellationToken cancellationToken);

    Task<Page<Appointment>> AppointmentsForAsync(UserId user, PageRequest page, CancellationToken cancellationToken);

    /// <summary>Requests whose reply is due before <paramref name="now"/> and that are not flagged yet (the sweep's work list).</summary>
    Task<IReadOnlyList<string>> DueUnflaggedAsync(string requestType, DateTimeOffset now, int limit, CancellationToken cancellationToken);

    /// <summary>Flagged requests still waiting for the expert, oldest due first (admin).</summary>
    Task<Page<OverdueRequestView>> OverdueAsync(PageRequest page, CancellationToken cancellationToken);
}
