using System.Text;
using Headstore.Api.Tests.Support;
using Headstore.Application.Common;
using Headstore.Functions.Events;
using Headstore.Functions.Http;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Headstore.Api.Tests.Functions;

/// <summary>
/// What an Azure function does with a request, run against the real application: the function body
/// (<see cref="Operations.RunAsync"/>) and the Service Bus message decoding, linked from Headstore.Functions.
/// </summary>
public sealed class FunctionsSharedCodeTests : IAsyncLifetime
{
    private readonly ApiFactory api = new(seedDemoData: true);

    public Task InitializeAsync()
    {
        api.CreateClient().Dispose(); // starts the host: migrations and demo data
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await api.DisposeAsync();

    [Fact]
    public async Task AFunction_RunsItsSharedOperation_AndWritesItsResponse()
    {
        var (status, body) = await RunAsync("ListCategories", "GET", "/api/categories");

        Assert.Equal(StatusCodes.Status200OK, status);
        Assert.Contains("\"items\"", body, StringComparison.Ordinal);
        Assert.Contains("computers-it", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFunction_PassesItsRouteValuesToTheOperation()
    {
        var (status, body) = await RunAsync("GetQuestion", "GET", "/api/questions/q_missing", ("questionId", "q_missing"));

        Assert.Equal(StatusCodes.Status404NotFound, status);
        Assert.Contains("\"status\":404", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFunctionNamingNoOperation_Fails()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(() => RunAsync("NoSuchOperation", "GET", "/api/nothing"));
    }

    [Fact]
    public void AServiceBusMessage_IsReadAsTheIntegrationEventNamedByItsSubjectOrTypeProperty()
    {
        var json = """{"questionId":"q_1","askerId":"customer-carol","categoryId":"law","eventId":"e1","occurredAt":"2026-11-20T12:00:00+00:00"}""";

        var bySubject = IntegrationEventMessages.ToEvent("QuestionAsked", new Dictionary<string, object>(), BinaryData.FromString(json));
        var byProperty = IntegrationEventMessages.ToEvent(null, new Dictionary<string, object> { ["type"] = "QuestionAsked" }, BinaryData.FromString(json));

        var asked = Assert.IsType<QuestionAsked>(bySubject);
        Assert.Equal("q_1", asked.QuestionId.Value);
        Assert.Equal("e1", asked.EventId);
        Assert.Equal(asked, byProperty);
        Assert.Throws<InvalidOperationException>(() => IntegrationEventMessages.ToEvent("NoSuchEvent", new Dictionary<string, object>(), BinaryData.FromString(json)));
        Assert.Throws<InvalidOperationException>(() => IntegrationEventMessages.ToEvent(null, new Dictionary<string, object>(), BinaryData.FromString(json)));
    }

    private async Task<(int Status, string Body)> RunAsync(string operation, string method, string path, params (string Name, string Value)[] routeValues)
    {
        await using var scope = api.Services.CreateAsyncScope();
        var http = new DefaultHttpContext { RequestServices = scope.ServiceProvider };
        http.Request.Method = method;
        http.Request.Path = path;
        http.Response.Body = new MemoryStream();

        var result = Assert.IsType<HttpResultAction>(await Operations.RunAsync(operation, http.Request, routeValues));
        await result.Result.ExecuteAsync(http);

        http.Response.Body.Position = 0;
        return (http.Response.StatusCode, Encoding.UTF8.GetString(((MemoryStream)http.Response.Body).ToArray()));
    }
}
