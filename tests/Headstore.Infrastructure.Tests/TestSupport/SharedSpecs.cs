namespace Headstore.Infrastructure.Tests.TestSupport;

/// <summary>
/// The published API descriptions live beside the repository (../shared/specs from the folder holding
/// Serverless.sln), not inside it; tests read them from there at run time.
/// </summary>
internal static class SharedSpecs
{
    public static string PathOf(string fileName)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Serverless.sln")))
        {
            directory = directory.Parent;
        }

        if (directory is null)
        {
            throw new InvalidOperationException(
                $"Could not find the repository root (the folder with Serverless.sln) above {AppContext.BaseDirectory}.");
        }

        var path = Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "specs", fileName));
        if (!File.Exists(path))
        {
            throw new InvalidOperationException(
                $"The contract file {path} is missing. These tests check our client against the published API description; " +
                "put the shared specs folder beside the repository (../shared/specs) to run them.");
        }

        return path;
    }
}

/// <summary>A clock the test sets and moves.</summary>
internal sealed class ManualTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
