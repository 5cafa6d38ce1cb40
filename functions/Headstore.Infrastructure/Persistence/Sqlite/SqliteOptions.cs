using System.ComponentModel.DataAnnotations;

namespace Headstore.Infrastructure.Persistence.Sqlite;

public sealed class SqliteOptions
{
    public const string Section = "Sqlite";

    /// <summary>The database file. Relative paths are under the content root; the default is ./.data/headstore.db.</summary>
    [Required]
    public string DatabasePath { get; set; } = ".data/headstore.db";

    /// <summary>How long a writer waits for the write lock before giving up.</summary>
    [Range(100, 60_000)]
    public int BusyTimeoutMilliseconds { get; set; } = 10_000;
}
