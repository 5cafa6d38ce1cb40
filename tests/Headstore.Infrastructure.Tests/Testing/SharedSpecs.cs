namespace Headstore.Infrastructure.Tests.Testing;

/// <summary>The published API descriptions kept beside the repository in ../shared/specs/.</summary>
public static class SharedSpecs
{
    public static string Directory { get; } = Locate();

    public static string PathOf(string fileName)
    {
        var path = Path.Combine(Directory, fileName);
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"The contract tests need {fileName} in {Directory}; the shared specs folder is incomplete.", path);
    }

    private static string Locate()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Serverless.sln")))
            {
                var specs = Path.GetFullPath(Path.Combine(directory.FullName, "..", "shared", "specs"));
                return System.IO.Directory.Exists(specs)
                    ? specs
                    : throw new DirectoryNotFoundException($"The contract tests read API descriptions from {specs}, which does not exist.");
            }
        }

        throw new DirectoryNotFoundException($"No folder above {AppContext.BaseDirectory} holds Serverless.sln, so ../shared/specs cannot be found.");
    }
}
