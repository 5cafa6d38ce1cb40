using Headstore.Domain.Common;

namespace Headstore.Domain.Messaging;

public enum AppointmentStatus
{
    Requested,
    Accepted,
    Declined,
    Cancelled,
}

public enum SessionMode
{
    Voice,
    Video,
}

/// <summary>A customer's request for a session at one of a few proposed times; the expert accepts one or declines.</summary>
public sealed record Appointment(
    AppointmentId Id,
    UserId CustomerId,
    string CustomerName,
    ExpertId ExpertId,
    IReadOnlyList<DateTimeOffset> ProposedTimes,
    SessionMode Mode,
    string? Note,
    AppointmentStatus Status,
    DateTimeOffset? ScheduledAt,
    string? DeclineReason,
    DateTimeOffset? DueAt,
    DateTimeOffset? OverdueFlaggedAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    UserId? CancelledBy,
    long Version) : IAggregate
{
    public const int MaxProposedTimes = 5;
    public const int MaxNoteLength = 1000;

    string IAggregate.Id => Id.Value;

    public static Result<Appointment> Request(AppointmentId id, Actor customer, ExpertId expert, IReadOnlyList<DateTimeOffset>? proposedTimes, SessionMode mode, string? note, DateTimeOffset now)
    {
        var validator = new Validator()
            .Require(proposedTimes is { Count: > 0 and <= MaxProposedTimes }, "proposedTimes", $"Propose 1 to {MaxProposedTimes} times.")
            .OptionalText(note, "note", MaxNoteLength);
        if (proposedTimes is not null)
        {
            validator.Require(proposedTimes.All(t => t > now + TimeSpan.FromMinutes(30)), "proposedTimes", "Proposed times must be at least 30 minutes in the future.")
                .Require(proposedTimes.All(t => t < now + TimeSpan.FromDays(180)), "proposedTimes", "Proposed times must be within 180 days.");
        }

        if (!validator.IsValid)
        {
            return validator.ToError();
        }

        if (customer.UserId == expert.User)
        {
            return Error.Rule("own-profile", "You cannot book yourself.");
        }

        var times = proposedTimes!.Select(t => t.ToUniversalTime()).Distinct().Order().ToArray();
        return new Appointment(id, customer.UserId, customer.Name, expert, times, mode, note is null ? null : ContactDetails.MaskIn(note.Trim()),
            AppointmentStatus.Requested, null, null, now + RequestDeadlines.ResponseTime, null, now, now, null, 0);
    }

    public bool IsParty(UserId user) => user == CustomerId || user == ExpertId.User;

    public Result<Appointment> Accept(Actor actor, DateTimeOffset time, DateTimeOffset now)
    {
        if (actor.UserId != ExpertId.User)
        {
            return Error.Forbidden("Only the expert can accept an appointment request.");
        }

        if (Status != AppointmentStatus.Requested)
        {
            return Error.Conflict("appointment-not-open", $"The appointment is {Status.ToString().ToLowerInvariant()}.");
        }

        var chosen = time.ToUniversalTime();
        if (!ProposedTimes.Contains(chosen))
        {
            return Error.Validation("time", "Choose one of the proposed times.");
        }

        if (chosen <= now)
        {
            return Error.Rule("time-passed", "That time has passed; ask the customer to propose new times.");
        }

        return this with { Status = AppointmentStatus.Accepted, ScheduledAt = chosen, DueAt = null, UpdatedAt = now };
    }

    public Result<Appointment> Decline(Actor actor, string? reason, DateTimeOffset now)
    {
        if (actor.UserId != ExpertId.User)
        {
            return Error.Forbidden("Only the expert can decline an appointment request.");
        }

        if (Status != AppointmentStatus.Requested)
        {
            return Error.Conflict("appointment-not-open", $"The appointment is {Status.ToString().ToLowerInvariant()}.");
        }

        if (reason is { Length: > MaxNoteLength })
        {
            return Error.Validation("reason", $"At most {MaxNoteLength} characters.");
        }

        return this with { Status = AppointmentStatus.Declined, DeclineReason = reason is null ? null : ContactDetails.MaskIn(reason), DueAt = null, UpdatedAt = now };
    }

    public Result<Appointment> Cancel(Actor actor, DateTimeOffset now)
    {
        if (!IsParty(actor.UserId))
        {
            return Error.Forbidden("Only the customer or the expert can cancel this appointment.");
        }

        if (Status is not (AppointmentStatus.Requested or AppointmentStatus.Accepted))
        {
            return Error.Conflict("appointment-not-open", $"The appointment is {Status.ToString().ToLowerInvariant()}.");
        }

        return this with { Status = AppointmentStatus.Cancelled, DueAt = null, CancelledBy = actor.UserId, UpdatedAt = now };
    }

    public Appointment FlagOverdue(DateTimeOffset now) => this with { OverdueFlaggedAt = now };
}
