using System.Text.Json.Nodes;

namespace Headstore.Architecture.Tests.Functions;

/// <summary>The repository root's host.json is the Functions app's; it must satisfy the published host.json schema.</summary>
public sealed class HostJsonTests
{
    private static string HostJsonPath => Path.Combine(LayeringTests.RepositoryRoot(), "host.json");

    [Fact]
    public void HostJson_IsValidAgainstThePublishedSchema_ApartFromTheDurableStorageProviderType()
    {
        var hostJson = JsonNode.Parse(File.ReadAllText(HostJsonPath))!;

        // SchemaStore's schema lists no "type" under extensions.durableTask.storageProvider, yet the Durable extension
        // reads it to choose the backend ("AzureStorage", "mssql", "netherite", "azureManaged"). Exactly that property is
        // removed before validating; everything else must pass as written.
        var storageProvider = hostJson["extensions"]?["durableTask"]?["storageProvider"]?.AsObject();
        Assert.NotNull(storageProvider);
        Assert.Equal("AzureStorage", storageProvider["type"]?.GetValue<string>());
        storageProvider.Remove("type");

        var errors = new JsonSchemaSubset(JsonNode.Parse(File.ReadAllText(SchemaPath()))!).Validate(hostJson);
        Assert.True(errors.Count == 0, string.Join(Environment.NewLine, errors));
    }

    [Fact]
    public void TheSchema_RejectsTheStorageProviderType_SoTheExceptionAboveIsNeeded()
    {
        var errors = new JsonSchemaSubset(JsonNode.Parse(File.ReadAllText(SchemaPath()))!).Validate(JsonNode.Parse(File.ReadAllText(HostJsonPath)));
        Assert.Contains(errors, e => e.Contains("$.extensions.durableTask.storageProvider.type", StringComparison.Ordinal));
    }

    [Fact]
    public void HostJson_ServesTheApiUnderApi_AndNamesTheTaskHub()
    {
        var hostJson = JsonNode.Parse(File.ReadAllText(HostJsonPath))!;
        Assert.Equal("api", hostJson["extensions"]?["http"]?["routePrefix"]?.GetValue<string>());
        Assert.Matches("^[A-Za-z][A-Za-z0-9]{2,44}$", hostJson["extensions"]?["durableTask"]?["hubName"]?.GetValue<string>() ?? "");
    }

    /// <summary>../shared/specs beside the repository root (the folder holding Serverless.sln).</summary>
    private static string SchemaPath()
    {
        var specs = Path.GetFullPath(Path.Combine(LayeringTests.RepositoryRoot(), "..", "shared", "specs"));
        var path = Path.Combine(specs, "functions-host.schema.json");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"The host.json test needs the published schema at {path} (../shared/specs beside the repository root), which does not exist.", path);
    }
}
