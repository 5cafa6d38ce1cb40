using Headstore.Application.Common;
using Headstore.Application.Users;
using Headstore.Domain.Common;
using Headstore.Domain.Experts;
using Headstore.Domain.Messaging;

namespace Headstore.Application.Messaging;

public sealed record RequestAppointmentCommand(IReadOnlyList<DateTimeOffset>? ProposedTimes, string? Mode, string? Note);

public sealed class RequestAppointmentHandler(IDocumentStore store, UserDirectory users, TimeProvider clock)
{
    public async Task<Result<AppointmentView>> HandleAsync(Actor actor, string expertId, RequestAppointmentCommand command, CancellationToken cancellationToken)
    {
        if (actor.RequireRole(Roles.Customer) is { } denied)
        {
            return denied;
        }

        if (!Enum.TryParse<SessionMode>(command.Mode, ignoreCase: true, out var mode) || !Enum.IsDefined(mode))
        {
            return Error.Validation("mode", "Use 'voice' or 'video'.");
        }

        var expert = await store.FindAsync<ExpertProfile>(expertId, cancellationToken);
        if (expert is null)
        {
            return Error.NotFound("Expert");
        }

        var now = clock.GetUtcNow();
        var requested = Appointment.Request(AppointmentId.New(now), actor, expert.Id, command.ProposedTimes, mode, command.Note, now);
        if (!requested.IsSuccess)
        {
            return requested.Error!;
        }

        var work = store.BeginWork();
        await users.EnsureAsync(actor, work, cancellationToken);
        work.Add(requested.Value);
        work.Publish(new AppointmentRequested(requested.Value.Id, expert.Id, actor.UserId) { OccurredAt = now });
        return await work.CommitReturningAsync(AppointmentView.From(requested.Value), cancellationToken);
    }
}

public sealed record AcceptAppointmentCommand(DateTimeOffset? Time);

public sealed record DeclineAppointmentCommand(string? Reason);

/// <summary>Accept, decline and cancel: the expert answers a request, or either party calls it off.</summary>
public sealed class AnswerAppointmentHandler(IDocumentStore store, TimeProvider clock)
{
    public Task<Result<AppointmentView>> AcceptAsync(Actor actor, string appointmentId, AcceptAppointmentCommand command, CancellationToken cancellationToken) =>
        command.Time is null
            ? Task.FromResult(Result<AppointmentView>.Failure(Error.Validation("time", "Choose one of the proposed times.")))
            : ChangeAsync(actor, appointmentId, (a, now) => a.Accept(actor, command.Time.Value, now), cancellationToken);

    public Task<Result<AppointmentView>> DeclineAsync(Actor actor, string appointmentId, DeclineAppointmentCommand command, CancellationToken cancellationToken) =>
        ChangeAsync(actor, appointmentId, (a, now) => a.Decline(actor, command.Reason, now), cancellationToken);

    public Task<Result<AppointmentView>> CancelAsync(Actor actor, string appointmentId, CancellationToken cancellationToken) =>
        ChangeAsync(actor, appointmentId, (a, now) => a.Cancel(actor, now), cancellationToken);

    private async Task<Result<AppointmentView>> ChangeAsync(Actor actor, string appointmentId, Func<Appointment, DateTimeOffset, Result<Appointment>> change, CancellationToken cancellationToken)
    {
        if (actor.RequireSignedIn() is { } denied)
        {
            return denied;
        }

        return await Concurrency.RetryOnConflictAsync(async () =>
        {
            var appointment = await store.FindAsync<Appointment>(appointmentId, cancellationToken);
            if (appointment is null || !appointment.IsParty(actor.UserId))
            {
                return Error.NotFound("Appointment");
            }

            var now = clock.GetUtcNow();
            var changed = change(appointment, now);
            if (!changed.IsSuccess)
            {
                return changed.Error!;
            }

            var updated = changed.Value;
            var notify = actor.UserId == updated.CustomerId ? updated.ExpertId.User : updated.CustomerId;
            var work = store.BeginWork();
            work.Update(updated);
            work.Publish(new AppointmentAnswered(updated.Id, updated.Status, notify) { OccurredAt = now });
            return await work.CommitReturningAsync(AppointmentView.From(updated), cancellationToken);
        });
    }
}
