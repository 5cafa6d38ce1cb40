using System.Net;
using System.Net.Http.Headers;
using Headstore.Api.Tests.Support;

namespace Headstore.Api.Tests.Content;

public sealed class ContentJourneyTests : IDisposable
{
    private readonly ApiFactory api = new();
    private readonly TestUser alice = TestUser.Expert("alice");

    [Fact]
    public async Task Article_IsPublished_Masked_AndEarnsReputation()
    {
        await Scenario.CreateExpertAsync(api, alice);
        var body = "Five things every freelancer should know about expenses. Contact me at alice@example.com for more. " + new string('x', 40);
        var article = await (await api.ClientFor(alice).PostJson("/api/articles", new { title = "Freelancer expenses", body, categoryId = "tax-accounting" })).Json(HttpStatusCode.Created);
        Assert.DoesNotContain("alice@example.com", article.GetProperty("body").GetString());
        await (await api.ClientFor(TestUser.Customer()).PostJson("/api/articles", new { title = "Freelancer expenses", body })).Problem(HttpStatusCode.Forbidden);
        await (await api.ClientFor(alice).PostJson("/api/articles", new { title = "x", body = "short" })).Problem(HttpStatusCode.BadRequest, "body");
        await api.DrainOutboxAsync();
        var reputation = await (await api.ClientFor(null).GetAsync("/api/experts/expert-alice/reputation")).Json(HttpStatusCode.OK);
        Assert.Equal(20, reputation.GetProperty("total").GetInt64());
        var read = await (await api.ClientFor(null).GetAsync($"/api/articles/{article.GetProperty("id").GetString()}")).Json(HttpStatusCode.OK);
        Assert.Equal("Freelancer expenses", read.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Document_UploadsAndDownloadsByteForByte_WithItsHash()
    {
        await Scenario.CreateExpertAsync(api, alice);
        var bytes = Enumerable.Range(0, 200_000).Select(i => (byte)(i % 251)).ToArray();
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent("VAT checklist"), "title");
        var file = new ByteArrayContent(bytes);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/pdf");
        form.Add(file, "file", "vat-checklist.pdf");
        var document = await (await api.ClientFor(alice).PostAsync("/api/documents", form)).Json(HttpStatusCode.Created);
        Assert.Equal(bytes.Length, document.GetProperty("sizeBytes").GetInt64());
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), document.GetProperty("sha256").GetString());

        var download = await api.ClientFor(null).GetAsync($"/api/documents/{document.GetProperty("id").GetString()}");
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("application/pdf", download.Content.Headers.ContentType?.MediaType);
        Assert.Equal(bytes, await download.Content.ReadAsByteArrayAsync());

        await api.DrainOutboxAsync();
        var stats = await (await api.ClientFor(alice).GetAsync("/api/experts/me/statistics")).Json(HttpStatusCode.OK);
        Assert.Equal(1, stats.GetProperty("documents").GetInt32());
    }

    [Fact]
    public async Task Document_Refusals()
    {
        await Scenario.CreateExpertAsync(api, alice);
        using var exe = new MultipartFormDataContent { { new StringContent("Tool"), "title" } };
        var binary = new ByteArrayContent([1, 2, 3]);
        binary.Headers.ContentType = new MediaTypeHeaderValue("application/x-msdownload");
        exe.Add(binary, "file", "tool.exe");
        await (await api.ClientFor(alice).PostAsync("/api/documents", exe)).Problem(HttpStatusCode.BadRequest, "file");
        await (await api.ClientFor(alice).PostJson("/api/documents", new { title = "json" })).Problem(HttpStatusCode.BadRequest, "file");
        await (await api.ClientFor(null).GetAsync("/api/documents/doc_missing")).Problem(HttpStatusCode.NotFound);
    }

    public void Dispose() => api.Dispose();
}
