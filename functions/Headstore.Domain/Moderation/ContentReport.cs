using Headstore.Domain.Common;

namespace Headstore.Domain.Moderation;

public enum ReportTargetType
{
    Question,
    Answer,
    Message,
    Article,
    Document,
    Profile,
}

public enum ReportReason
{
    PersonalInfo,
    Spam,
    Abuse,
    OffTopic,
    Other,
}

public enum ReportStatus
{
    Open,
    Resolved,
    Dismissed,
}

/// <summary>A post someone reported for moderation. "Personal info" reports are queued ahead of the rest.</summary>
public sealed record ContentReport(ContentReportId Id, UserId ReporterId, ReportTargetType TargetType, string TargetId, ReportReason Reason, string? Note, ReportStatus Status, int Priority, DateTimeOffset CreatedAt, long Version) : IAggregate
{
    public const int MaxNoteLength = 1000;

    string IAggregate.Id => Id.Value;

    public static ContentReport File(ContentReportId id, UserId reporter, ReportTargetType type, string targetId, ReportReason reason, string? note, DateTimeOffset now) =>
        new(id, reporter, type, targetId, reason, note is null ? null : ContactDetails.MaskIn(note.Trim()), ReportStatus.Open, reason == ReportReason.PersonalInfo ? 1 : 2, now, 0);
}
