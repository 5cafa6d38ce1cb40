using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Headstore.Application.Common;
using Headstore.Application.Ledger;
using Headstore.Application.Payments;
using Headstore.Domain.Common;
using Headstore.Domain.Payments;
using Headstore.Domain.Ledger;
using Microsoft.Extensions.DependencyInjection;

namespace Headstore.Api.Tests.Support;

/// <summary>Money set-up steps through the public API: cards, paid questions, payout accounts, signed webhooks.</summary>
public static class MoneyScenario
{
    public const string WebhookSecret = "whsec_test_headstore_money_0123456789";

    /// <summary>A host whose webhook endpoint accepts Stripe events signed with <see cref="WebhookSecret"/>.</summary>
    public static ApiFactory WithWebhooks(Dictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?> { ["Stripe:WebhookSecret"] = WebhookSecret };
        foreach (var (key, value) in more ?? [])
        {
            settings[key] = value;
        }

        return new ApiFactory(extraSettings: settings);
    }

    public static async Task SaveCardAsync(ApiFactory api, TestUser customer, string paymentMethod = "pm_card_visa")
    {
        var response = await api.ClientFor(customer).PostJson("/api/me/payment-methods", new { paymentMethodId = paymentMethod });
        var saved = await response.Json(HttpStatusCode.OK);
        Assert.Equal(paymentMethod, saved.GetProperty("paymentMethodId").GetString());
    }

    public static async Task<JsonElement> AskPaidAsync(ApiFactory api, TestUser customer, long amount = 9000, string currency = "USD", string title = "How do I claim my home office as a freelancer?")
    {
        var response = await api.ClientFor(customer).PostJson("/api/questions", new
        {
            categoryId = "tax-accounting", title, body = "I work from a spare bedroom; what can I claim?", language = "en",
            price = new { amount, currency },
        });
        return await response.Json(HttpStatusCode.Created);
    }

    /// <summary>An expert answers a paid question and the asker rates the answer: the payment is captured.</summary>
    public static async Task<(string QuestionId, string AnswerId)> PaidQuestionAcceptedAsync(ApiFactory api, TestUser customer, TestUser expert, long amount = 9000, string currency = "USD")
    {
        var question = await AskPaidAsync(api, customer, amount, currency);
        var questionId = question.GetProperty("id").GetString()!;
        var answer = await Scenario.AnswerAsync(api, expert, questionId);
        var answerId = answer.GetProperty("id").GetString()!;
        await (await api.ClientFor(customer).PostJson($"/api/answers/{answerId}/rating", new { stars = 5 })).Json(HttpStatusCode.OK);
        await api.DrainOutboxAsync();
        return (questionId, answerId);
    }

    public static async Task<JsonElement> ReceiptsAsync(ApiFactory api, TestUser customer) =>
        (await (await api.ClientFor(customer).GetAsync("/api/me/receipts")).Json(HttpStatusCode.OK)).GetProperty("items");

    /// <summary>The expert's ledger from 200 days before the test clock to 150 days after (the range is at most 366 days).</summary>
    public static async Task<JsonElement> LedgerAsync(ApiFactory api, TestUser expert, string query = "")
    {
        var now = api.Clock.GetUtcNow();
        var range = $"from={now.AddDays(-200):yyyy-MM-dd}&to={now.AddDays(150):yyyy-MM-dd}";
        return await (await api.ClientFor(expert).GetAsync($"/api/experts/me/ledger?{range}{query}")).Json(HttpStatusCode.OK);
    }

    /// <summary>What the expert is owed now in a currency, in minor units (negative when they owe).</summary>
    public static async Task<long> OwedAsync(ApiFactory api, TestUser expert, string currency = "USD")
    {
        var ledger = await LedgerAsync(api, expert);
        return ledger.GetProperty("closingBalances").EnumerateArray().Where(b => b.GetProperty("currency").GetString() == currency).Sum(b => b.GetProperty("amount").GetInt64());
    }

    /// <summary>Activates payouts for an expert: creates the account, then opens the sandbox's onboarding link.</summary>
    public static async Task<string> ActivatePayoutsAsync(ApiFactory api, TestUser expert, string country = "US")
    {
        var account = await (await api.ClientFor(expert).PostJson("/api/experts/me/payout-account", new { country })).Json(HttpStatusCode.OK);
        var link = new Uri(account.GetProperty("onboardingUrl").GetString()!);
        await (await api.ClientFor(null).GetAsync(link.PathAndQuery)).Json(HttpStatusCode.OK);
        await api.DrainOutboxAsync();
        return account.GetProperty("accountId").GetString()!;
    }

    /// <summary>Every account's balance per currency, from the ledger's projection.</summary>
    public static async Task<IReadOnlyDictionary<string, long>> TrialBalanceAsync(ApiFactory api)
    {
        using var scope = api.Services.CreateScope();
        var balances = await scope.ServiceProvider.GetRequiredService<ILedgerQueries>().TrialBalanceAsync(CancellationToken.None);
        return balances.ToDictionary(b => $"{b.Account.Key}/{b.Balance.Currency}", b => b.Balance.Minor, StringComparer.Ordinal);
    }

    /// <summary>
    /// A customer's card payment for an expert's work of any purpose (a session, a premium service), authorised on
    /// their saved card and captured through <see cref="PaymentProcessor"/> the way the sessions and offers features
    /// do: the split policy decides commission and any ambassador share. Returns the payment id.
    /// </summary>
    public static async Task<string> CapturedPaymentAsync(ApiFactory api, TestUser customer, TestUser expert, PaymentPurpose purpose, long amount = 9000, string currency = "USD", string? description = null)
    {
        using var scope = api.Services.CreateScope();
        var services = scope.ServiceProvider;
        var store = services.GetRequiredService<IDocumentStore>();
        var profile = await store.FindAsync<PaymentProfile>(customer.Subject, default) ?? throw new InvalidOperationException("Save a card first.");
        var now = api.Clock.GetUtcNow();
        var id = PaymentId.New(now);
        var money = new Money(amount, Currency.Parse(currency));
        var authorised = await services.GetRequiredService<IPaymentGateway>().AuthoriseAsync(
            new AuthoriseRequest(profile.ProviderCustomerId, profile.DefaultPaymentMethodId!, money, $"authorise:{id}"), default);
        Assert.True(authorised.IsSuccess, authorised.Error?.Detail);
        var payment = CustomerPayment.Authorise(id, purpose, $"{purpose.ToString().ToLowerInvariant()}_{id}", new UserId(customer.Subject), description ?? $"{purpose} with {expert.Name}", money,
            authorised.Value.PaymentId, now, null, new ExpertId(expert.Subject));
        var work = store.BeginWork();
        work.Add(payment);
        Assert.True((await work.CommitAsync(default)).IsSuccess);
        var captured = await services.GetRequiredService<PaymentProcessor>().CaptureAsync(id, null, null, default);
        Assert.True(captured.IsSuccess, captured.Error?.Detail);
        await api.DrainOutboxAsync();
        return id.Value;
    }

    /// <summary>Changes a document directly, for states the API reaches only slowly (an expert's rating, say).</summary>
    public static async Task UpdateAsync<T>(ApiFactory api, string id, Func<T, T> change)
        where T : class, IAggregate
    {
        var store = Store(api);
        var current = await store.FindAsync<T>(id, default) ?? throw new InvalidOperationException($"No {typeof(T).Name} {id}.");
        var work = store.BeginWork();
        work.Update(change(current));
        Assert.True((await work.CommitAsync(default)).IsSuccess);
    }
    /// <summary>Every ledger transaction, in id order, read from the store directly (no port lists them all).</summary>
    public static async Task<IReadOnlyList<LedgerTransaction>> LedgerTransactionsAsync(ApiFactory api) =>
        (await StoreInspection.AllAsync<LedgerTransaction>(api)).OrderBy(t => t.Id, StringComparer.Ordinal).ToArray();

    public static T Service<T>(ApiFactory api)
        where T : notnull => api.Services.CreateScope().ServiceProvider.GetRequiredService<T>();

    public static IDocumentStore Store(ApiFactory api) => api.Services.GetRequiredService<IDocumentStore>();

    /// <summary>Posts a Stripe event to the webhook endpoint with a valid signature made now (by the test clock).</summary>
    public static Task<HttpResponseMessage> DeliverAsync(ApiFactory api, string eventJson, DateTimeOffset? signedAt = null, string secret = WebhookSecret)
    {
        var timestamp = (signedAt ?? api.Clock.GetUtcNow()).ToUnixTimeSeconds();
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes($"{timestamp}.{eventJson}")));
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/webhooks/stripe") { Content = new StringContent(eventJson, Encoding.UTF8, "application/json") };
        request.Headers.Add("Stripe-Signature", $"t={timestamp},v1={signature}");
        return api.ClientFor(null).SendAsync(request);
    }
}
