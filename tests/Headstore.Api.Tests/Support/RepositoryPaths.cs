namespace Headstore.Api.Tests.Support;

public static class RepositoryPaths
{
    /// <summary>The repository root: the folder above the test binaries that holds Serverless.sln.</summary>
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Serverless.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Serverless.sln not found above the test binaries.");
    }
}
