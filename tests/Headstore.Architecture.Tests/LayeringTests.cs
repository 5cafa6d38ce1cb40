using System.Reflection;
using System.Xml.Linq;

namespace Headstore.Architecture.Tests;

/// <summary>
/// Keeps the layers honest: the domain and the application build and test anywhere, with no database, cloud,
/// payment or web package; the shared HTTP layer does not reach around the application into the adapters.
/// </summary>
public sealed class LayeringTests
{
    private static readonly string[] InfrastructureAssemblyPrefixes =
    [
        "Microsoft.Data.Sqlite", "SQLitePCL", "Microsoft.Azure.Cosmos", "Azure.", "Newtonsoft.Json", "Microsoft.AspNetCore", "Microsoft.EntityFrameworkCore",
        "Stripe", "Polly", "OpenTelemetry", "System.IdentityModel", "Microsoft.IdentityModel", "Headstore.Infrastructure", "Headstore.Http", "Headstore.Api",
    ];

    private static readonly Assembly Domain = typeof(Headstore.Domain.Common.Money).Assembly;
    private static readonly Assembly Application = typeof(Headstore.Application.DependencyInjection).Assembly;
    private static readonly Assembly Http = typeof(Headstore.Http.HttpOperations).Assembly;

    [Fact]
    public void Domain_ReferencesNothingButTheBaseLibrary()
    {
        var references = Domain.GetReferencedAssemblies().Select(a => a.Name!).ToArray();
        Assert.All(references, name => Assert.True(name is "System.Runtime" or "netstandard" || name.StartsWith("System.", StringComparison.Ordinal), $"Domain references {name}"));
        AssertNoForbidden("Headstore.Domain", references);
    }

    [Fact]
    public void Application_ReferencesNoInfrastructure()
    {
        AssertNoForbidden("Headstore.Application", Application.GetReferencedAssemblies().Select(a => a.Name!));
    }

    [Fact]
    public void Http_DoesNotReferenceTheAdapters()
    {
        var references = Http.GetReferencedAssemblies().Select(a => a.Name!).ToArray();
        Assert.DoesNotContain("Headstore.Infrastructure", references);
        Assert.DoesNotContain(references, r => r.StartsWith("Microsoft.Data.Sqlite", StringComparison.Ordinal) || r.StartsWith("Microsoft.Azure.Cosmos", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Headstore.Domain")]
    [InlineData("Headstore.Application")]
    public void InnerProjects_DeclareNoInfrastructurePackages(string project)
    {
        var file = Path.Combine(RepositoryRoot(), "functions", project, $"{project}.csproj");
        var document = XDocument.Load(file);
        var packages = document.Descendants("PackageReference").Select(p => (string)p.Attribute("Include")!).ToArray();
        var projects = document.Descendants("ProjectReference").Select(p => Path.GetFileNameWithoutExtension(((string)p.Attribute("Include")!).Replace('\\', '/'))).ToArray();
        var frameworks = document.Descendants("FrameworkReference").Select(p => (string)p.Attribute("Include")!).ToArray();
        Assert.All(packages, p => Assert.StartsWith("Microsoft.Extensions.", p));
        Assert.All(projects, p => Assert.True(p is "Headstore.Domain", $"{project} references project {p}"));
        Assert.Empty(frameworks);
    }

    [Fact]
    public void DomainTypes_DoNotReadTheSystemClock()
    {
        // Time comes from TimeProvider: a use of DateTime.UtcNow / DateTimeOffset.UtcNow in Domain or Application is a defect.
        foreach (var folder in new[] { "Headstore.Domain", "Headstore.Application" })
        {
            foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryRoot(), "functions", folder), "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains("/obj/", StringComparison.Ordinal)))
            {
                var text = File.ReadAllText(file);
                Assert.False(text.Contains("DateTime.UtcNow", StringComparison.Ordinal) || text.Contains("DateTimeOffset.UtcNow", StringComparison.Ordinal) || text.Contains("DateTime.Now", StringComparison.Ordinal),
                    $"{file} reads the system clock; inject TimeProvider instead.");
            }
        }
    }

    private static void AssertNoForbidden(string layer, IEnumerable<string> references)
    {
        foreach (var reference in references)
        {
            Assert.False(InfrastructureAssemblyPrefixes.Any(p => reference.StartsWith(p, StringComparison.Ordinal)), $"{layer} references {reference}");
        }
    }

    internal static string RepositoryRoot()
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
