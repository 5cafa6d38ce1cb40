using System.Text.Json.Serialization;
using Headstore.Domain.Common;

namespace Headstore.Domain.Offers;

/// <summary>How a remote session ended.</summary>
public enum RemoteSessionOutcome
{
    Resolved,
    NotResolved,
    Aborted,

    /// <summary>Ended because its offer was completed, given up or refunded while it ran.</summary>
    OfferClosed,
}

/// <summary>
/// One secure remote assistance session under an accepted offer for that service, kept for quality and disputes:
/// who started and ended it, when, how long it lasted and how it ended. Readable by the two parties and admins.
/// </summary>
public sealed record RemoteSession(
    RemoteSessionId Id,
    OfferId OfferId,
    QuestionId QuestionId,
    ExpertId ExpertId,
    UserId CustomerId,
    UserId StartedBy,
    DateTimeOffset StartedAt,
    UserId? EndedBy,
    DateTimeOffset? EndedAt,
    RemoteSessionOutcome? Outcome,
    string? Note,
    long Version) : IAggregate
{
    public const int MaxNoteLength = 1000;

    string IAggregate.Id => Id.Value;

    [JsonIgnore]
    public bool IsRunning => EndedAt is null;

    [JsonIgnore]
    public TimeSpan? Duration => EndedAt - StartedAt;

    public static RemoteSession Start(RemoteSessionId id, Offer offer, UserId by, DateTimeOffset now) =>
        new(id, offer.Id, offer.QuestionId, offer.ExpertId, offer.CustomerId, by, now, null, null, null, null, 0);

    public bool IsParty(UserId user) => user == CustomerId || user == ExpertId.User;

    public Result<RemoteSession> End(UserId? by, RemoteSessionOutcome outcome, string? note, DateTimeOffset now)
    {
        if (!IsRunning)
        {
            return Error.Conflict("remote-session-ended", "This remote session has already ended.");
        }

        if (note is { Length: > MaxNoteLength })
        {
            return Error.Validation("note", $"At most {MaxNoteLength} characters.");
        }

        return this with { EndedBy = by, EndedAt = now, Outcome = outcome, Note = string.IsNullOrWhiteSpace(note) ? null : ContactDetails.MaskIn(note.Trim()) };
    }
}
