using Headstore.Domain.Common;

namespace Headstore.Application.Common;

public static class ResultExtensions
{
    /// <summary>Commits and, on success, returns the value.</summary>
    public static async Task<Result<T>> CommitReturningAsync<T>(this IUnitOfWork work, T value, CancellationToken cancellationToken)
    {
        var commit = await work.CommitAsync(cancellationToken);
        return commit.IsSuccess ? value : commit.Error!;
    }

    public static Error? RequireRole(this Actor actor, string role)
    {
        if (!actor.IsAuthenticated)
        {
            return Error.Unauthorized();
        }

        return actor.IsInRole(role) || actor.IsAdmin ? null : Error.Forbidden($"This needs the {role} role.");
    }

    public static Error? RequireSignedIn(this Actor actor) => actor.IsAuthenticated ? null : Error.Unauthorized();

    public static Error? RequireAdmin(this Actor actor)
    {
        if (!actor.IsAuthenticated)
        {
            return Error.Unauthorized();
        }

        return actor.IsAdmin ? null : Error.Forbidden("This needs the admin role.");
    }
}

/// <summary>
/// Retries a read-modify-write when another writer won the race, a bounded number of times, waiting a short random
/// while between attempts (doubling each time) so that many writers of one aggregate do not retry in lockstep.
/// </summary>
public static class Concurrency
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(1);

    public static async Task<Result<T>> RetryOnConflictAsync<T>(Func<Task<Result<T>>> attempt, int attempts = 10)
    {
        Result<T> result = default;
        for (var i = 0; i < attempts; i++)
        {
            if (i > 0)
            {
                var ceiling = Math.Min(MaxBackoff.TotalMilliseconds, FirstBackoff.TotalMilliseconds * (1 << Math.Min(i, 10)));
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * ceiling));
            }

            result = await attempt();
            if (result.IsSuccess || result.Error!.Code != "concurrency-conflict")
            {
                return result;
            }
        }

        return result;
    }
}
