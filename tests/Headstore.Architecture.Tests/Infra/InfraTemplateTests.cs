using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Headstore.Architecture.Tests.Infra;

/// <summary>
/// Cheap structural checks of the Bicep templates. Neither the Bicep compiler nor the Azure CLI's Bicep support can be
/// installed on this machine (the CLI downloads the compiler from outside the package registries), so nothing here
/// compiles or deploys the templates; these tests catch the slips a reviewer would: unbalanced brackets, a module
/// file that does not exist, a parameter passed that is not declared or a required one that is not passed.
/// </summary>
public sealed partial class InfraTemplateTests
{
    private static string InfraDirectory => Path.Combine(LayeringTests.RepositoryRoot(), "infra");

    public static TheoryData<string> BicepFiles()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.EnumerateFiles(InfraDirectory, "*.bicep", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetRelativePath(InfraDirectory, file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(BicepFiles))]
    public void EveryBicepFile_HasBalancedBracketsOutsideStringsAndComments(string file)
    {
        var problem = BicepText.FindUnbalanced(File.ReadAllText(Path.Combine(InfraDirectory, file)));
        Assert.True(problem is null, $"{file}: {problem}");
    }

    [Fact]
    public void EveryModuleReferenced_Exists_AndGetsOnlyDeclaredParameters_AndAllRequiredOnes()
    {
        foreach (var file in Directory.EnumerateFiles(InfraDirectory, "*.bicep", SearchOption.AllDirectories))
        {
            var text = BicepText.WithoutComments(File.ReadAllText(file));
            foreach (Match module in ModuleDeclaration().Matches(text))
            {
                var modulePath = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(file)!, module.Groups["path"].Value));
                Assert.True(File.Exists(modulePath), $"{Path.GetFileName(file)}: module '{module.Groups["name"].Value}' refers to {module.Groups["path"].Value}, which does not exist.");

                var declared = Parameters(File.ReadAllText(modulePath));
                var passed = BicepText.TopLevelKeys(BicepText.BlockAfter(text, module.Index, "params:"));
                var unknown = passed.Except(declared.Keys, StringComparer.Ordinal).ToList();
                var missing = declared.Where(p => !p.Value && !passed.Contains(p.Key)).Select(p => p.Key).ToList();
                Assert.True(unknown.Count == 0, $"{Path.GetFileName(file)}: module '{module.Groups["name"].Value}' is passed undeclared parameters: {string.Join(", ", unknown)}");
                Assert.True(missing.Count == 0, $"{Path.GetFileName(file)}: module '{module.Groups["name"].Value}' lacks required parameters: {string.Join(", ", missing)}");
            }
        }
    }

    [Fact]
    public void TheCosmosContainersBicepCreates_AreExactlyTheOnesTheStoreUses()
    {
        var text = BicepText.WithoutComments(File.ReadAllText(Path.Combine(InfraDirectory, "main.bicep")));
        var start = text.IndexOf("var cosmosContainers = [", StringComparison.Ordinal);
        Assert.True(start >= 0, "main.bicep declares var cosmosContainers.");
        var list = text[start..text.IndexOf(']', start)];
        var declared = Regex.Matches(list, "'([^']+)'").Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal(Headstore.Infrastructure.Persistence.Cosmos.CosmosDocumentTypes.Containers, declared);
    }

    [Fact]
    public void MainParameters_AreDeclaredInMain_AndCoverEveryRequiredOne()
    {
        var declared = Parameters(File.ReadAllText(Path.Combine(InfraDirectory, "main.bicep")));
        var given = JsonNode.Parse(File.ReadAllText(Path.Combine(InfraDirectory, "main.parameters.json")))!["parameters"]!.AsObject().Select(p => p.Key).ToList();

        var undeclared = given.Except(declared.Keys, StringComparer.Ordinal).ToList();
        var missing = declared.Where(p => !p.Value && !given.Contains(p.Key)).Select(p => p.Key).ToList();
        Assert.True(undeclared.Count == 0, $"main.parameters.json sets parameters main.bicep does not declare: {string.Join(", ", undeclared)}");
        Assert.True(missing.Count == 0, $"main.parameters.json does not set required parameters: {string.Join(", ", missing)}");
    }

    [Fact]
    public void AzureYaml_DeploysTheFunctionsProjectAsTheApiService()
    {
        var yaml = File.ReadAllText(Path.Combine(LayeringTests.RepositoryRoot(), "azure.yaml"));
        Assert.Matches(@"(?m)^  api:\r?\n    project: \./functions/Headstore\.Functions\r?\n    language: dotnet\r?\n    host: function\r?$", yaml);
        Assert.True(File.Exists(Path.Combine(LayeringTests.RepositoryRoot(), "functions", "Headstore.Functions", "Headstore.Functions.csproj")));
        Assert.Contains("'azd-service-name': 'api'", File.ReadAllText(Path.Combine(InfraDirectory, "main.bicep")), StringComparison.Ordinal);
    }

    [Fact]
    public void TheBracketCheck_FindsAnUnclosedBlock_AndIgnoresBracketsInStringsAndComments()
    {
        Assert.Null(BicepText.FindUnbalanced("var a = '{ [ (' // ] } )\nvar b = '${c}/x' /* { */\nvar d = '''\n{ multi\n'''\nvar e = { f: [ 1 ] }\n"));
        Assert.NotNull(BicepText.FindUnbalanced("resource r 'x@1' = {\n  properties: {\n    a: 1\n}\n"));
        Assert.NotNull(BicepText.FindUnbalanced("var a = [ 1 }"));
        Assert.Equal(["a", "b"], BicepText.TopLevelKeys("{\n  a: 1\n  b: {\n    c: 2\n  }\n}"));
    }

    /// <summary>Each declared parameter and whether it has a default value (then it need not be passed).</summary>
    private static Dictionary<string, bool> Parameters(string bicep) =>
        ParameterDeclaration().Matches(BicepText.WithoutComments(bicep)).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["default"].Success, StringComparer.Ordinal);

    [GeneratedRegex(@"(?m)^\s*module\s+(?<name>\w+)\s+'(?<path>[^']+)'")]
    private static partial Regex ModuleDeclaration();

    [GeneratedRegex(@"(?m)^\s*param\s+(?<name>\w+)\s+\w+(?<default>\s*=)?")]
    private static partial Regex ParameterDeclaration();
}

/// <summary>Just enough of Bicep's lexical rules to check brackets: comments, '…' strings with ${…} interpolation, and '''…''' strings.</summary>
internal static class BicepText
{
    public static string? FindUnbalanced(string text)
    {
        var stack = new Stack<(char Open, int Line)>();
        var line = 1;
        var interpolations = new Stack<int>(); // bracket depth at which an interpolation inside a string started
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\n')
            {
                line++;
            }

            if (Starts(text, i, "//"))
            {
                i = SkipTo(text, i, "\n") - 1;
                continue;
            }

            if (Starts(text, i, "/*"))
            {
                var end = SkipTo(text, i + 2, "*/") + 2;
                line += text[i..Math.Min(end, text.Length)].Count(ch => ch == '\n');
                i = end - 1;
                continue;
            }

            if (Starts(text, i, "'''"))
            {
                var end = SkipTo(text, i + 3, "'''") + 3;
                line += text[i..Math.Min(end, text.Length)].Count(ch => ch == '\n');
                i = end - 1;
                continue;
            }

            if (c == '\'' || (c == '}' && interpolations.Count > 0 && interpolations.Peek() == stack.Count))
            {
                if (c == '}')
                {
                    interpolations.Pop();
                }

                // Inside a string: up to its end, or into an interpolation.
                var j = i + 1;
                for (; j < text.Length && text[j] != '\''; j++)
                {
                    if (text[j] == '\\')
                    {
                        j++;
                    }
                    else if (Starts(text, j, "${"))
                    {
                        interpolations.Push(stack.Count);
                        j++;
                        break;
                    }
                    else if (text[j] == '\n')
                    {
                        return $"line {line}: a string is not closed on its line";
                    }
                }

                if (j >= text.Length)
                {
                    return $"line {line}: a string is not closed";
                }

                i = j;
                continue;
            }

            if (c is '{' or '[' or '(')
            {
                stack.Push((c, line));
            }
            else if (c is '}' or ']' or ')')
            {
                if (stack.Count == 0)
                {
                    return $"line {line}: '{c}' closes nothing";
                }

                var (open, openedAt) = stack.Pop();
                if ("{[(".IndexOf(open, StringComparison.Ordinal) != "}])".IndexOf(c, StringComparison.Ordinal))
                {
                    return $"line {line}: '{c}' closes '{open}' opened on line {openedAt}";
                }
            }
        }

        return stack.Count == 0 ? null : $"line {stack.Peek().Line}: '{stack.Peek().Open}' is never closed";
    }

    public static string WithoutComments(string text)
    {
        var builder = new StringBuilder();
        foreach (var line in text.Split('\n'))
        {
            var quotes = 0;
            var cut = line.Length;
            for (var i = 0; i < line.Length - 1; i++)
            {
                if (line[i] == '\\')
                {
                    i++;
                }
                else if (line[i] == '\'')
                {
                    quotes++;
                }
                else if (line[i] == '/' && line[i + 1] == '/' && quotes % 2 == 0)
                {
                    cut = i;
                    break;
                }
            }

            builder.Append(line.AsSpan(0, cut)).Append('\n');
        }

        return builder.ToString();
    }

    /// <summary>The { … } block that follows <paramref name="marker"/> after position <paramref name="from"/>.</summary>
    public static string BlockAfter(string text, int from, string marker)
    {
        var start = text.IndexOf('{', text.IndexOf(marker, from, StringComparison.Ordinal));
        var depth = 0;
        for (var i = start; i < text.Length; i++)
        {
            depth += text[i] switch { '{' => 1, '}' => -1, _ => 0 };
            if (depth == 0)
            {
                return text[start..(i + 1)];
            }
        }

        return text[start..];
    }

    /// <summary>The property names directly inside an object literal, one per line as Bicep writes them.</summary>
    public static List<string> TopLevelKeys(string block)
    {
        var keys = new List<string>();
        var depth = 0;
        foreach (var line in block.Split('\n'))
        {
            if (depth == 1 && Regex.Match(line, @"^\s*'?([\w-]+)'?\s*:") is { Success: true } key)
            {
                keys.Add(key.Groups[1].Value);
            }

            depth += line.Count(ch => ch is '{' or '[') - line.Count(ch => ch is '}' or ']');
        }

        return keys;
    }

    private static bool Starts(string text, int index, string value) => string.CompareOrdinal(text, index, value, 0, value.Length) == 0;

    private static int SkipTo(string text, int from, string value)
    {
        var index = text.IndexOf(value, from, StringComparison.Ordinal);
        return index < 0 ? text.Length : index;
    }
}
