using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Offers;

namespace Headstore.Application.Offers;

/// <summary>All four fields at once (PUT): a missing or empty field clears it.</summary>
public sealed record UpdatePrivateInfoCommand(string? Phone, string? Messenger, string? Email, string? Notes);

/// <summary>
/// Either party writes the question's private information (phone, messenger handle, e-mail, notes). Stored as written,
/// never masked, never logged, never in an event or e-mail.
/// </summary>
public sealed class UpdatePrivateInfoHandler(IDocumentStore store, TimeProvider clock)
{
    public async Task<Result<PrivateInfoView>> HandleAsync(Actor actor, string questionId, UpdatePrivateInfoCommand command, CancellationToken cancellationToken)
    {
        var gate = await GetPrivateInfoHandler.FindForPartyAsync(store, actor, questionId, cancellationToken);
        if (!gate.IsSuccess)
        {
            return gate.Error!;
        }

        var validator = PrivateContact.Validate(command.Phone, command.Messenger, command.Email, command.Notes);
        if (!validator.IsValid)
        {
            return validator.ToError();
        }

        var contact = PrivateContact.Of(command.Phone, command.Messenger, command.Email, command.Notes);
        return await Concurrency.RetryOnConflictAsync<PrivateInfoView>(async () =>
        {
            var info = await store.FindAsync<QuestionPrivateInfo>(questionId, cancellationToken);
            var written = info!.Write(actor.UserId, contact, clock.GetUtcNow());
            if (!written.IsSuccess)
            {
                return written.Error!;
            }

            var work = store.BeginWork();
            work.Update(written.Value);
            return await work.CommitReturningAsync(PrivateInfoView.From(written.Value), cancellationToken);
        });
    }
}
