using Headstore.Application.Common;
using Headstore.Domain.Common;
using Headstore.Domain.Experts;

namespace Headstore.Application.Experts;

public sealed record SetExpertStatusCommand(string? Status);

public sealed class SetExpertStatusHandler(IDocumentStore store, TimeProvider clock)
{
    public async Task<Result<ExpertProfileView>> HandleAsync(Actor actor, SetExpertStatusCommand command, CancellationToken cancellationToken)
    {
        if (actor.RequireRole(Roles.Expert) is { } denied)
        {
            return denied;
        }

        var status = command.Status?.ToLowerInvariant() switch
        {
            "online" => ExpertStatus.Online,
            "offline" => ExpertStatus.Offline,
            "busy" => ExpertStatus.Busy,
            _ => (ExpertStatus?)null,
        };
        if (status is null)
        {
            return Error.Validation("status", "Use 'online' or 'offline'.");
        }

        return await Concurrency.RetryOnConflictAsync(async () =>
        {
            var profile = await store.FindAsync<ExpertProfile>(actor.UserId.Value, cancellationToken);
            if (profile is null)
            {
                return Error.NotFound("Your expert profile");
            }

            var changed = profile.SetStatus(status.Value, clock.GetUtcNow());
            if (!changed.IsSuccess)
            {
                return changed.Error!;
            }

            var work = store.BeginWork();
            work.Update(changed.Value);
            return await work.CommitReturningAsync(ExpertProfileView.From(changed.Value), cancellationToken);
        });
    }
}
