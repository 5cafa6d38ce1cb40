using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Offers;
using Headstore.Domain.Questions;
using Microsoft.Extensions.Logging;

namespace Headstore.Application.Offers;

/// <summary>
/// An admin reads a question's private information for a dispute or care case. The read is audited in the same commit
/// (who, when, why: a reason is required) and the answer lists every admin read so far. The log line names the admin
/// and the question, never the information.
/// </summary>
public sealed class ReadPrivateInfoAsAdminHandler(IDocumentStore store, TimeProvider clock, ILogger<ReadPrivateInfoAsAdminHandler> logger)
{
    public async Task<Result<AdminPrivateInfoView>> HandleAsync(Actor actor, string questionId, string? reason, CancellationToken cancellationToken)
    {
        if (actor.RequireAdmin() is { } denied)
        {
            return denied;
        }

        if (await store.FindAsync<Question>(questionId, cancellationToken) is null)
        {
            return Error.NotFound("Question");
        }

        var read = await Concurrency.RetryOnConflictAsync<AdminPrivateInfoView>(async () =>
        {
            var info = await store.FindAsync<QuestionPrivateInfo>(questionId, cancellationToken);
            if (info is null)
            {
                return Error.NotFound("Private information (no offer on this question was accepted)");
            }

            var audited = info.ReadByAdmin(actor, reason, clock.GetUtcNow());
            if (!audited.IsSuccess)
            {
                return audited.Error!;
            }

            var work = store.BeginWork();
            work.Update(audited.Value);
            return await work.CommitReturningAsync(AdminPrivateInfoView.From(audited.Value), cancellationToken);
        });
        if (read.IsSuccess)
        {
            logger.LogInformation("Admin {AdminId} read the private information of question {QuestionId} (audited)", actor.UserId, questionId);
        }

        return read;
    }
}
