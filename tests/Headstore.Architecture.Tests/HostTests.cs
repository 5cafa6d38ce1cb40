using System.Text.RegularExpressions;

namespace Headstore.Architecture.Tests;

/// <summary>Entry points are thin: the local host maps the shared operations and holds no use-case logic.</summary>
public sealed partial class HostTests
{
    [Fact]
    public void LocalHost_MapsRoutesOnlyThroughTheSharedOperations()
    {
        var apiFolder = Path.Combine(LayeringTests.RepositoryRoot(), "functions", "Headstore.Api");
        var offenders = Directory.EnumerateFiles(apiFolder, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("/bin/", StringComparison.Ordinal))
            .Where(f => MapCall().IsMatch(File.ReadAllText(f)))
            .Select(Path.GetFileName)
            .ToArray();

        // The development token endpoint, health and OpenAPI are host concerns, not API operations.
        Assert.All(offenders, f => Assert.Contains(f, new[] { "DevTokenEndpoint.cs", "OperationMapping.cs", "Program.cs", "LocalOnlyEndpoints.cs" }));
    }

    [Fact]
    public void EveryOperation_HasAUniqueNameAndRoute()
    {
        var operations = Headstore.Http.HttpOperations.All;
        Assert.Equal(operations.Count, operations.Select(o => o.Name).Distinct().Count());
        Assert.Equal(operations.Count, operations.Select(o => $"{o.Method} {o.Route}").Distinct().Count());
        Assert.All(operations, o => Assert.StartsWith("/api/", o.Route));
    }

    [GeneratedRegex(@"\.Map(Get|Post|Put|Delete|Patch|Methods)\(")]
    private static partial Regex MapCall();
}
