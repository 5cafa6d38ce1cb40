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

/// <summary>Retries a read-modify-write when another writer won the race, a bounded number of times.</summary>
public static class Concurrency
{
    public static async Task<Result<T>> RetryOnConflictAsync<T>(Func<Task<Result<T>>> attempt, int attempts = 5)
    {
        Result<T> result = default;
        for (var i = 0; i < attempts; i++)
        {
            result = await attempt();
            if (result.IsSuccess || result.Error!.Code != "concurrency-conflict")
            {
                return result;
            }
        }

        return result;
    }
}
