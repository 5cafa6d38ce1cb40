using Headstore.Infrastructure.Persistence.Sqlite;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Headstore.Api.Hosting;

/// <summary>Ready when the database answers a query.</summary>
public sealed class SqliteHealthCheck(SqliteDatabase database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT COUNT(*) FROM schema_migrations";
            var migrations = await command.ExecuteScalarAsync(cancellationToken);
            return HealthCheckResult.Healthy($"{migrations} migrations applied");
        }
        catch (Exception exception) when (exception is Microsoft.Data.Sqlite.SqliteException or IOException)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.");
        }
    }
}
