using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Headstore.Application.Common;
using Headstore.Http;

namespace Headstore.Architecture.Tests.Functions;

/// <summary>
/// The Azure Functions app and the local host serve the same API: every shared operation (method + route) has exactly
/// one HTTP function with that method and route (host.json's routePrefix prepended) which runs the operation of the same
/// name, and the Functions app has no HTTP route the local host lacks. Every periodic job has a timer. The Functions
/// project cannot be compiled here, so its sources are read with Roslyn's parser.
/// </summary>
public sealed partial class FunctionsParityTests
{
    /// <summary>
    /// Routes the local host serves on purpose that Azure does not: the development token endpoint (Development only,
    /// mapped outside the shared operations) and the local call sandbox that stands in for ACS callbacks.
    /// </summary>
    private static readonly string[] LocalHostOnlyRoutePrefixes = ["/api/dev/", "/api/local-calls/", "/api/local-payments/"];

    [Fact]
    public void EveryLocalRoute_HasAFunctionWithTheSameMethodAndRoute_AndNoFunctionRouteIsExtra()
    {
        var local = LocalRoutes().ToHashSet(StringComparer.Ordinal);
        var azure = FunctionsSource.HttpFunctions(RoutePrefix()).SelectMany(f => f.Methods.Select(m => $"{m} {f.Route}")).ToList();

        var missing = local.Except(azure, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var extra = azure.Except(local, StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var duplicated = azure.GroupBy(r => r, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();

        Assert.True(
            missing.Count + extra.Count + duplicated.Count == 0,
            $"Operations with no HTTP function in Headstore.Functions: [{string.Join(", ", missing)}]; HTTP functions with no shared operation of the same method and route: [{string.Join(", ", extra)}]; routes served by more than one function: [{string.Join(", ", duplicated)}].");
    }

    [Fact]
    public void EveryHttpFunction_RunsTheOperationOfItsOwnMethodAndRoute_UnderThatOperationsName()
    {
        var operations = HttpOperations.All.ToDictionary(o => $"{o.Method} {o.Route}", StringComparer.Ordinal);
        foreach (var function in FunctionsSource.HttpFunctions(RoutePrefix()))
        {
            Assert.True(function.Methods.Count == 1, $"{function.File}: {function.FunctionName} should serve one method, like its operation.");
            if (!operations.TryGetValue($"{function.Methods[0]} {function.Route}", out var operation))
            {
                continue; // reported by the route comparison
            }

            Assert.True(function.CalledOperation == operation.Name, $"{function.File}: {function.FunctionName} serves {operation.Method} {operation.Route} but runs '{function.CalledOperation}' instead of {operation.Name}.");
            Assert.True(function.FunctionName == operation.Name, $"{function.File}: the function for {operation.Method} {operation.Route} is named '{function.FunctionName}'; name it {operation.Name} (the host middleware finds the operation's access by it).");
        }
    }

    [Fact]
    public void EveryHttpFunction_BindsAndPassesEachRouteParameter()
    {
        foreach (var function in FunctionsSource.HttpFunctions(RoutePrefix()))
        {
            var parameters = RouteParameter().Matches(function.Route).Select(m => m.Groups[1].Value).Order(StringComparer.Ordinal).ToList();
            Assert.True(parameters.SequenceEqual(function.RouteValuesPassed.Order(StringComparer.Ordinal)), $"{function.File}: {function.FunctionName} must pass route values [{string.Join(", ", parameters)}], passes [{string.Join(", ", function.RouteValuesPassed)}].");
            Assert.All(parameters, p => Assert.True(function.Parameters.Contains(p), $"{function.File}: {function.FunctionName} does not bind route parameter {p}."));
        }
    }

    /// <summary>
    /// Jobs that only the local host runs: the SQLite store's idempotency-key expiry (in Azure, Cosmos DB expires those
    /// records with a time to live) and the payment sandbox's clock (Azure uses Stripe).
    /// </summary>
    private static readonly string[] LocalHostOnlyJobs = ["idempotency-key-expiry", "payment-sandbox"];

    /// <summary>The application's and the adapters' jobs (the Cosmos view repair among them), less the local-only ones.</summary>
    [Fact]
    public void EveryPeriodicJob_HasATimerWithAScheduleFromSettings_AndEveryJobTimerNamesAJob()
    {
        var jobs = new[] { typeof(IPeriodicJob).Assembly, typeof(Headstore.Infrastructure.DependencyInjection).Assembly }
            .SelectMany(a => a.GetTypes())
            .Where(t => t is { IsClass: true, IsAbstract: false } && typeof(IPeriodicJob).IsAssignableFrom(t))
            .Select(t => ((IPeriodicJob)RuntimeHelpers.GetUninitializedObject(t)).Name) // Name is a constant; no dependencies needed to read it
            .Except(LocalHostOnlyJobs, StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        var timers = FunctionsSource.TimerFunctions();

        Assert.NotEmpty(jobs);
        Assert.Equal(jobs, timers.Where(t => t.JobName is not null).Select(t => t.JobName!).Order(StringComparer.Ordinal).ToList());
        Assert.All(timers, t => Assert.Matches(@"^%[A-Za-z0-9:]+%$", t.Schedule));
    }

    [Fact]
    public void EveryTimersScheduleSetting_IsSetByTheBicep_AndInTheLocalSettingsExample()
    {
        var root = LayeringTests.RepositoryRoot();
        var bicep = File.ReadAllText(Path.Combine(root, "infra", "main.bicep"));
        var localSettings = JsonNode.Parse(File.ReadAllText(Path.Combine(root, "functions", "Headstore.Functions", "local.settings.example.json")))!["Values"]!.AsObject();
        var settings = FunctionsSource.TimerFunctions().Select(t => t.Schedule.Trim('%')).Distinct(StringComparer.Ordinal).ToList();

        Assert.NotEmpty(settings);
        Assert.All(settings, setting =>
        {
            Assert.True(Regex.IsMatch(bicep, $@"^\s*{Regex.Escape(setting.Replace(":", "__", StringComparison.Ordinal))}:\s*\S", RegexOptions.Multiline), $"infra/main.bicep sets no app setting {setting.Replace(":", "__", StringComparison.Ordinal)}.");
            Assert.True(localSettings.ContainsKey(setting), $"local.settings.example.json has no {setting}.");
        });
    }

    [Fact]
    public void FunctionNames_AreUnique()
    {
        var names = FunctionsSource.AllFunctionNames();
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.All(names, n => Assert.Matches("^[A-Za-z][A-Za-z0-9_-]{0,127}$", n));
    }

    /// <summary>Every method and route of the local host's shared operations, less the documented local-only ones.</summary>
    private static IEnumerable<string> LocalRoutes() =>
        HttpOperations.All
            .Where(o => !LocalHostOnlyRoutePrefixes.Any(p => o.Route.StartsWith(p, StringComparison.Ordinal)))
            .Select(o => $"{o.Method.ToUpperInvariant()} {o.Route}");

    private static string RoutePrefix()
    {
        var hostJson = JsonNode.Parse(File.ReadAllText(Path.Combine(LayeringTests.RepositoryRoot(), "host.json")))!;
        return hostJson["extensions"]?["http"]?["routePrefix"]?.GetValue<string>() ?? "api";
    }

    [GeneratedRegex(@"\{([A-Za-z0-9_]+)[^}]*\}")]
    private static partial Regex RouteParameter();
}
