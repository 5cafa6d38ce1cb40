using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Moderation;

namespace Headstore.Application.Moderation;

public sealed record ReportContentCommand(string? TargetType, string? TargetId, string? Reason, string? Note);

public sealed record ContentReportView(ContentReportId Id, string TargetType, string TargetId, string Reason, string? Note, string Status, DateTimeOffset CreatedAt)
{
    public static ContentReportView From(ContentReport report) => new(report.Id, Kebab(report.TargetType.ToString()), report.TargetId, Kebab(report.Reason.ToString()), report.Note, report.Status.ToString().ToLowerInvariant(), report.CreatedAt);

    internal static string Kebab(string pascal) => string.Concat(pascal.Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString()));
}

public interface IModerationQueries
{
    /// <summary>Open reports, personal-info first, then oldest first (admin).</summary>
    Task<Page<ContentReport>> OpenReportsAsync(PageRequest page, CancellationToken cancellationToken);
}

/// <summary>Anyone signed in can report a post; personal-info reports go to the front of the moderation queue.</summary>
public sealed class ReportContentHandler(IDocumentStore store, TimeProvider clock)
{
    public async Task<Result<ContentReportView>> HandleAsync(Actor actor, ReportContentCommand command, CancellationToken cancellationToken)
    {
        if (actor.RequireSignedIn() is { } denied)
        {
            return denied;
        }

        var validator = new Validator();
        var type = ParseKebab<ReportTargetType>(command.TargetType);
        var reason = ParseKebab<ReportReason>(command.Reason);
        validator.Require(type is not null, "targetType", "Use question, answer, message, article, document or profile.")
            .Require(reason is not null, "reason", "Use personal-info, spam, abuse, off-topic or other.")
            .RequireText(command.TargetId, "targetId", 200)
            .OptionalText(command.Note, "note", ContentReport.MaxNoteLength);
        if (!validator.IsValid)
        {
            return validator.ToError();
        }

        if (!await TargetExistsAsync(type!.Value, command.TargetId!, cancellationToken))
        {
            return Error.NotFound("The reported post");
        }

        var now = clock.GetUtcNow();
        var report = ContentReport.File(ContentReportId.New(now), actor.UserId, type.Value, command.TargetId!, reason!.Value, command.Note, now);
        var work = store.BeginWork();
        work.Add(report);
        work.Publish(new ContentReported(report.Id, report.TargetType, report.TargetId, report.Reason) { OccurredAt = now });
        return await work.CommitReturningAsync(ContentReportView.From(report), cancellationToken);
    }

    private async Task<bool> TargetExistsAsync(ReportTargetType type, string id, CancellationToken cancellationToken) => type switch
    {
        ReportTargetType.Question => await store.FindAsync<Domain.Questions.Question>(id, cancellationToken) is not null,
        ReportTargetType.Answer => new AnswerId(id).TryGetQuestion(out var q)
            && (await store.FindAsync<Domain.Questions.Question>(q.Value, cancellationToken))?.FindAnswer(new AnswerId(id)) is not null,
        ReportTargetType.Message => await store.FindAsync<Domain.Messaging.MessageThread>(id, cancellationToken) is not null,
        ReportTargetType.Article => await store.FindAsync<Domain.Content.Article>(id, cancellationToken) is not null,
        ReportTargetType.Document => await store.FindAsync<Domain.Content.ExpertDocument>(id, cancellationToken) is not null,
        ReportTargetType.Profile => await store.FindAsync<Domain.Experts.ExpertProfile>(id, cancellationToken) is not null,
        _ => false,
    };

    private static T? ParseKebab<T>(string? value)
        where T : struct, Enum =>
        value is not null && Enum.TryParse<T>(value.Replace("-", "", StringComparison.Ordinal), ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) ? parsed : null;
}

public sealed class ListOpenReportsHandler(IModerationQueries queries)
{
    public async Task<Result<Page<ContentReportView>>> HandleAsync(Actor actor, int? limit, string? cursor, CancellationToken cancellationToken)
    {
        if (actor.RequireAdmin() is { } denied)
        {
            return denied;
        }

        var page = PageRequest.Create(limit, cursor);
        if (!page.IsSuccess)
        {
            return page.Error!;
        }

        var reports = await queries.OpenReportsAsync(page.Value, cancellationToken);
        return new Page<ContentReportView>(reports.Items.Select(ContentReportView.From).ToArray(), reports.NextCursor);
    }
}
