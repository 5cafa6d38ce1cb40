using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Headstore.Architecture.Tests.Functions;

/// <summary>An HTTP-triggered function as written in Headstore.Functions: its name, methods, full route and what it calls.</summary>
public sealed record HttpFunction(string File, string FunctionName, IReadOnlyList<string> Methods, string Route, IReadOnlyList<string> Parameters, string? CalledOperation, IReadOnlyList<string> RouteValuesPassed);

/// <summary>A timer-triggered function: its name, schedule expression and the job name it runs (null when it runs something else).</summary>
public sealed record TimerFunction(string File, string FunctionName, string Schedule, string? JobName);

/// <summary>
/// Reads the Functions app's sources with Roslyn's parser (syntax only: the worker packages do not restore here, so the
/// project cannot be compiled), the way a reviewer would: [Function] methods, their triggers and the call they make.
/// </summary>
public static class FunctionsSource
{
    public static string ProjectDirectory => Path.Combine(LayeringTests.RepositoryRoot(), "functions", "Headstore.Functions");

    public static IReadOnlyList<HttpFunction> HttpFunctions(string routePrefix) =>
        FunctionMethods().SelectMany(f => ReadHttpFunction(f.File, f.Method, routePrefix)).ToList();

    public static IReadOnlyList<TimerFunction> TimerFunctions() =>
        FunctionMethods().SelectMany(f => ReadTimerFunction(f.File, f.Method)).ToList();

    public static IReadOnlyList<string> AllFunctionNames() =>
        FunctionMethods().Select(f => FunctionName(f.Method)).ToList();

    private static IEnumerable<(string File, MethodDeclarationSyntax Method)> FunctionMethods()
    {
        foreach (var file in Directory.EnumerateFiles(ProjectDirectory, "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                                 && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                     .Order(StringComparer.Ordinal))
        {
            var root = CSharpSyntaxTree.ParseText(File.ReadAllText(file), path: file).GetRoot();
            foreach (var method in root.DescendantNodes().OfType<MethodDeclarationSyntax>().Where(m => Attribute(m.AttributeLists, "Function") is not null))
            {
                yield return (Path.GetRelativePath(ProjectDirectory, file), method);
            }
        }
    }

    private static IEnumerable<HttpFunction> ReadHttpFunction(string file, MethodDeclarationSyntax method, string routePrefix)
    {
        var trigger = method.ParameterList.Parameters.Select(p => Attribute(p.AttributeLists, "HttpTrigger")).FirstOrDefault(a => a is not null);
        if (trigger is null)
        {
            yield break;
        }

        var arguments = trigger.ArgumentList?.Arguments ?? default;
        var methods = arguments.Where(a => a.NameEquals is null && a.Expression is LiteralExpressionSyntax { RawKind: (int)SyntaxKind.StringLiteralExpression })
            .Select(a => ((LiteralExpressionSyntax)a.Expression).Token.ValueText.ToUpperInvariant())
            .ToList();
        var route = arguments.Where(a => a.NameEquals?.Name.Identifier.ValueText == "Route").Select(a => ConstantText(a.Expression)).FirstOrDefault() ?? FunctionName(method);
        var call = method.DescendantNodes().OfType<InvocationExpressionSyntax>()
            .FirstOrDefault(i => i.Expression is MemberAccessExpressionSyntax { Name.Identifier.ValueText: "RunAsync", Expression: IdentifierNameSyntax { Identifier.ValueText: "Operations" } });
        var callArguments = call?.ArgumentList.Arguments ?? default;
        var routeValues = callArguments.Skip(2)
            .Select(a => a.Expression is TupleExpressionSyntax tuple ? ConstantText(tuple.Arguments[0].Expression) : null)
            .OfType<string>()
            .ToList();
        yield return new HttpFunction(
            file,
            FunctionName(method),
            methods,
            $"/{routePrefix}/{route.TrimStart('/')}",
            method.ParameterList.Parameters.Select(p => p.Identifier.ValueText).ToList(),
            callArguments.Count > 0 ? ConstantText(callArguments[0].Expression) : null,
            routeValues);
    }

    private static IEnumerable<TimerFunction> ReadTimerFunction(string file, MethodDeclarationSyntax method)
    {
        var trigger = method.ParameterList.Parameters.Select(p => Attribute(p.AttributeLists, "TimerTrigger")).FirstOrDefault(a => a is not null);
        if (trigger?.ArgumentList is not { Arguments.Count: > 0 } arguments)
        {
            yield break;
        }

        var job = method.DescendantNodes().OfType<InvocationExpressionSyntax>()
            .Where(i => i.Expression is IdentifierNameSyntax { Identifier.ValueText: "RunAsync" } && i.ArgumentList.Arguments.Count > 0)
            .Select(i => ConstantText(i.ArgumentList.Arguments[0].Expression))
            .FirstOrDefault();
        yield return new TimerFunction(file, FunctionName(method), ConstantText(arguments.Arguments[0].Expression) ?? "", job);
    }

    private static string FunctionName(MethodDeclarationSyntax method)
    {
        var attribute = Attribute(method.AttributeLists, "Function")!;
        return attribute.ArgumentList?.Arguments.FirstOrDefault() is { } argument ? ConstantText(argument.Expression) ?? "" : "";
    }

    private static AttributeSyntax? Attribute(SyntaxList<AttributeListSyntax> lists, string name) =>
        lists.SelectMany(l => l.Attributes).FirstOrDefault(a => a.Name.ToString() is var n && (n == name || n == $"{name}Attribute" || n.EndsWith($".{name}", StringComparison.Ordinal)));

    /// <summary>A string literal's text, or the name a nameof(...) yields; null for anything else.</summary>
    private static string? ConstantText(ExpressionSyntax expression) => expression switch
    {
        LiteralExpressionSyntax literal when literal.IsKind(SyntaxKind.StringLiteralExpression) => literal.Token.ValueText,
        InvocationExpressionSyntax { Expression: IdentifierNameSyntax { Identifier.ValueText: "nameof" } } nameOf =>
            nameOf.ArgumentList.Arguments[0].Expression switch
            {
                MemberAccessExpressionSyntax member => member.Name.Identifier.ValueText,
                IdentifierNameSyntax identifier => identifier.Identifier.ValueText,
                _ => null,
            },
        _ => null,
    };
}
