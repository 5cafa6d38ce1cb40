using Headstore.Application.Common;
using Headstore.Application.Payments;
using Headstore.Domain.Common;
using Headstore.Domain.Experts;
using Headstore.Domain.Messaging;
using Headstore.Domain.Payments;
using Headstore.Domain.Sessions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Headstore.Application.Sessions;

/// <summary>
/// Appointments become booked sessions: an accepted appointment is a session scheduled for its time at the expert's
/// current rate (its id derives from the appointment, so a redelivery books once), and a cancelled appointment cancels
/// its session under the cancellation rules (free until the notice, then the late fee for the customer; the expert
/// cancelling costs the customer nothing). The lifecycle authorises the card the day before and opens the call at the time.
/// </summary>
public sealed class ScheduledSessions(
    IDocumentStore store,
    SessionRunner runner,
    IRevenueSplitPolicy splits,
    IOptions<SessionOptions> options,
    TimeProvider clock,
    ILogger<ScheduledSessions> logger) : IEventHandler<AppointmentAnswered>
{
    public async Task HandleAsync(AppointmentAnswered e, CancellationToken cancellationToken)
    {
        var appointment = await store.FindAsync<Appointment>(e.AppointmentId.Value, cancellationToken);
        if (appointment is null)
        {
            return;
        }

        if (appointment.Status == AppointmentStatus.Accepted && e.Status == AppointmentStatus.Accepted)
        {
            await BookAsync(appointment, cancellationToken);
        }
        else if (e.Status == AppointmentStatus.Cancelled)
        {
            await CancelAsync(appointment, cancellationToken);
        }
    }

    private async Task BookAsync(Appointment appointment, CancellationToken cancellationToken)
    {
        var id = SessionId.ForAppointment(appointment.Id);
        if (await store.FindAsync<Session>(id.Value, cancellationToken) is not null)
        {
            return;
        }

        var expert = await store.FindAsync<ExpertProfile>(appointment.ExpertId.Value, cancellationToken);
        if (expert is null || appointment.ScheduledAt is null)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var split = await splits.ForAsync(expert.Id, PaymentPurpose.Session, cancellationToken);
        var terms = new SessionTerms(expert.RatePerMinute, expert.Details.FreeMinutes, false, options.Value.MaxDuration, split.CommissionBasisPoints);
        var session = Session.Schedule(appointment, appointment.CustomerName, expert.Details.Name, terms, now);
        var booked = await runner.CommitAsync(session, [new SessionSignal.TimePassed()], isNew: true, fromTimer: false, null, null, cancellationToken);
        if (!booked.IsSuccess && booked.Error!.Code != "duplicate")
        {
            throw new InvalidOperationException($"Appointment {appointment.Id} could not be booked as a session: {booked.Error.Code}");
        }
    }

    private async Task CancelAsync(Appointment appointment, CancellationToken cancellationToken)
    {
        var by = appointment.CancelledBy == appointment.ExpertId.User ? SessionParty.Expert : SessionParty.Customer;
        var cancelled = await runner.ApplyAsync(SessionId.ForAppointment(appointment.Id), new SessionSignal.CancelBooking(by), cancellationToken);
        if (!cancelled.IsSuccess && cancelled.Error!.Kind != ErrorKind.NotFound)
        {
            logger.LogWarning("Cancelling the session of appointment {AppointmentId} was refused: {Code}", appointment.Id, cancelled.Error.Code);
        }
    }
}
