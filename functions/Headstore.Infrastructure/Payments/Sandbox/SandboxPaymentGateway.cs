using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Headstore.Application.Common;
using Headstore.Application.Payments;
using Headstore.Domain.Common;
using Headstore.Domain.Payments;
using Headstore.Infrastructure.Payments.Stripe;
using Headstore.Infrastructure.Serialization;
using Microsoft.Extensions.Options;

namespace Headstore.Infrastructure.Payments.Sandbox;

public sealed class SandboxPaymentOptions
{
    public const string Section = "Payments:Sandbox";

    /// <summary>Where this host is reachable, for the sandbox's hosted onboarding page.</summary>
    public string PublicApiUrl { get; set; } = "http://localhost:7071";
}

/// <summary>
/// The local payment sandbox: <see cref="IPaymentGateway"/> with Stripe's semantics and no network. It keeps its
/// customers, payment intents, connected accounts, transfers and idempotency keys as documents in the host's store
/// (so they survive restarts), answers Stripe's documented test payment methods as Stripe does (see
/// <see cref="SandboxTestCards"/>), maps failures through the Stripe adapter's own error mapping, and raises
/// Stripe-shaped events into the outbox in the same commit as each change; they reach the same handler as webhooks.
/// </summary>
/// <remarks>
/// Simulated: saving cards (verified on the spot), authorisations that lapse after seven days, partial capture,
/// release, increments, full and partial refunds, disputes (pm_card_createDispute), connected accounts that become
/// payout-ready through a hosted onboarding page, transfers, reversals while the money is still in the connected
/// account, and automatic payouts to the bank two days after a transfer. Not simulated: 3-D Secure, the platform's
/// available balance (always enough), fees, and currency conversion.
/// </remarks>
public sealed class SandboxPaymentGateway(IDocumentStore store, TimeProvider clock, IOptions<SandboxPaymentOptions> options) : IPaymentGateway, IPaymentSandboxControl, IDisposable
{
    public static readonly TimeSpan AuthorisationValidity = TimeSpan.FromDays(7);

    // One change at a time, like one Stripe account processing requests: simple, and enough for a local host.
    private readonly SemaphoreSlim gate = new(1, 1);

    public void Dispose() => gate.Dispose();

    public Task<Result<PaymentCustomer>> EnsureCustomerAsync(EnsureCustomerRequest request, CancellationToken cancellationToken) =>
        RunAsync<PaymentCustomer>(request.IdempotencyKey, request, async change =>
        {
            if (request.ExistingCustomerId is { Length: > 0 } existing && await store.FindAsync<SandboxCustomer>(existing, cancellationToken) is not null)
            {
                return new PaymentCustomer(existing, Created: false);
            }

            var customer = new SandboxCustomer(NewId("cus"), request.User.Value, [], change.Now, 0);
            change.Work.Add(customer);
            return Result<PaymentCustomer>.Success(new PaymentCustomer(customer.Id, Created: true));
        }, cancellationToken);

    public Task<Result<CardSetup>> CreateCardSetupAsync(CardSetupRequest request, CancellationToken cancellationToken) =>
        RunAsync<CardSetup>(request.IdempotencyKey, request, async change =>
        {
            var customer = await store.FindAsync<SandboxCustomer>(request.CustomerId, cancellationToken);
            if (customer is null)
            {
                return MissingParameter("customer", request.CustomerId);
            }

            var setupId = NewId("seti");
            var secret = $"{setupId}_secret_{RandomToken()}";
            if (request.PaymentMethodId is null)
            {
                return new CardSetup(setupId, secret, "requires_payment_method");
            }

            var card = SandboxTestCards.Find(request.PaymentMethodId);
            if (card is null)
            {
                return MissingParameter("payment_method", request.PaymentMethodId);
            }

            if (card.Behaviour == TestCardBehaviour.Declines)
            {
                change.Raise("setup_intent.setup_failed", SandboxStripeJson.SetupIntent(setupId, customer.Id, null, "requires_payment_method", change.Now));
                return Declined(card);
            }

            change.Work.Update(customer with { PaymentMethods = [.. customer.PaymentMethods.Where(p => p != card.PaymentMethodId), card.PaymentMethodId] });
            change.Raise("setup_intent.succeeded", SandboxStripeJson.SetupIntent(setupId, customer.Id, card.PaymentMethodId, "succeeded", change.Now));
            return new CardSetup(setupId, secret, "succeeded", card.PaymentMethodId);
        }, cancellationToken);

    public Task<Result<CardPayment>> AuthoriseAsync(AuthoriseRequest request, CancellationToken cancellationToken) =>
        RunAsync<CardPayment>(request.IdempotencyKey, request, change => CreatePaymentAsync(change, request.CustomerId, request.PaymentMethodId, request.Amount, true, request.TransferGroup, request.Metadata, cancellationToken), cancellationToken);

    public Task<Result<CardPayment>> ChargeAsync(ChargeRequest request, CancellationToken cancellationToken) =>
        RunAsync<CardPayment>(request.IdempotencyKey, request, change => CreatePaymentAsync(change, request.CustomerId, request.PaymentMethodId, request.Amount, false, request.TransferGroup, request.Metadata, cancellationToken), cancellationToken);

    public Task<Result<CardPayment>> GetPaymentAsync(string paymentId, CancellationToken cancellationToken) =>
        RunAsync<CardPayment>(null, paymentId, async change =>
        {
            var intent = await LoadIntentAsync(change, paymentId, cancellationToken);
            return intent is null ? Missing("intent", paymentId) : Result<CardPayment>.Success(ToCardPayment(intent));
        }, cancellationToken);

    public Task<Result<CardPayment>> CaptureAsync(CaptureRequest request, CancellationToken cancellationToken) =>
        RunAsync<CardPayment>(request.IdempotencyKey, request, async change =>
        {
            var intent = await LoadIntentAsync(change, request.PaymentId, cancellationToken);
            if (intent is null)
            {
                return Missing("intent", request.PaymentId);
            }

            if (intent.Status != "requires_capture")
            {
                return intent.CancellationReason == "automatic"
                    ? Refused("charge_expired_for_capture", "This charge's authorisation has expired.")
                    : Refused("payment_intent_unexpected_state", $"This PaymentIntent's status is {intent.Status}; it cannot be captured.");
            }

            var amount = request.Amount?.Minor ?? intent.AmountCapturable;
            if (request.Amount is { } requested && (!string.Equals(requested.Currency.Code, intent.Currency, StringComparison.OrdinalIgnoreCase) || requested.Minor <= 0 || requested.Minor > intent.AmountCapturable))
            {
                return Invalid("amount_to_capture", $"The amount to capture must be between 1 and {intent.AmountCapturable}.");
            }

            var captured = intent with { Status = "succeeded", AmountReceived = amount, AmountCapturable = 0 };
            change.Raise("payment_intent.succeeded", SandboxStripeJson.PaymentIntent(captured));
            change.Raise("charge.captured", SandboxStripeJson.Charge(captured));
            captured = MaybeDispute(change, captured);
            change.Work.Update(captured);
            return ToCardPayment(captured);
        }, cancellationToken);

    public Task<Result<CardPayment>> ReleaseAsync(ReleaseRequest request, CancellationToken cancellationToken) =>
        RunAsync<CardPayment>(request.IdempotencyKey, request, async change =>
        {
            var intent = await LoadIntentAsync(change, request.PaymentId, cancellationToken);
            if (intent is null)
            {
                return Missing("intent", request.PaymentId);
            }

            if (intent.Status is not ("requires_capture" or "requires_payment_method"))
            {
                return Refused("payment_intent_unexpected_state", $"This PaymentIntent's status is {intent.Status}; it cannot be canceled.");
            }

            var canceled = intent with { Status = "canceled", AmountCapturable = 0, CancellationReason = "abandoned" };
            change.Work.Update(canceled);
            change.Raise("payment_intent.canceled", SandboxStripeJson.PaymentIntent(canceled));
            return ToCardPayment(canceled);
        }, cancellationToken);

    public Task<Result<CardPayment>> IncrementAuthorisationAsync(IncrementAuthorisationRequest request, CancellationToken cancellationToken) =>
        RunAsync<CardPayment>(request.IdempotencyKey, request, async change =>
        {
            var intent = await LoadIntentAsync(change, request.PaymentId, cancellationToken);
            if (intent is null)
            {
                return Missing("intent", request.PaymentId);
            }

            if (intent.Status != "requires_capture")
            {
                return Refused("payment_intent_unexpected_state", $"This PaymentIntent's status is {intent.Status}; it cannot be incremented.");
            }

            if (!string.Equals(request.NewTotal.Currency.Code, intent.Currency, StringComparison.OrdinalIgnoreCase) || request.NewTotal.Minor < intent.Amount)
            {
                return Invalid("amount", "The new amount must be at least the current amount, in the same currency.");
            }

            var raised = intent with { Amount = request.NewTotal.Minor, AmountCapturable = request.NewTotal.Minor };
            change.Work.Update(raised);
            change.Raise("payment_intent.amount_capturable_updated", SandboxStripeJson.PaymentIntent(raised));
            return ToCardPayment(raised);
        }, cancellationToken);

    public Task<Result<PaymentRefund>> RefundAsync(RefundRequest request, CancellationToken cancellationToken) =>
        RunAsync<PaymentRefund>(request.IdempotencyKey, request, async change =>
        {
            var intent = await LoadIntentAsync(change, request.PaymentId, cancellationToken);
            if (intent is null)
            {
                return MissingParameter("payment_intent", request.PaymentId);
            }

            if (intent.Status != "succeeded")
            {
                return Refused("payment_intent_unexpected_state", "Only a captured payment can be refunded.");
            }

            var remaining = intent.AmountReceived - intent.AmountRefunded;
            if (remaining <= 0)
            {
                return Refused("charge_already_refunded", "This charge has already been refunded.");
            }

            var amount = request.Amount?.Minor ?? remaining;
            if (request.Amount is { } requested && (!string.Equals(requested.Currency.Code, intent.Currency, StringComparison.OrdinalIgnoreCase) || amount <= 0 || amount > remaining))
            {
                return Invalid("amount", $"Refund amount must be between 1 and the unrefunded {remaining}.");
            }

            var refund = new SandboxRefund(NewId("re"), amount, change.Now);
            var refunded = intent with { Refunds = [.. intent.Refunds, refund] };
            change.Work.Update(refunded);
            change.Raise("charge.refunded", SandboxStripeJson.Charge(refunded), new JsonObject
            {
                ["amount_refunded"] = intent.AmountRefunded,
                ["refunded"] = false,
            });
            return new PaymentRefund(refund.Id, new Money(amount, Currency.Parse(intent.Currency)), "succeeded");
        }, cancellationToken);

    public Task<Result<ConnectedAccount>> CreateConnectedAccountAsync(CreateConnectedAccountRequest request, CancellationToken cancellationToken) =>
        RunAsync<ConnectedAccount>(request.IdempotencyKey, request, change =>
        {
            var country = PayoutCountries.Normalize(request.Country);
            if (country is null)
            {
                return Task.FromResult<Result<ConnectedAccount>>(Error.Validation("country", $"Payouts are available in {string.Join(", ", PayoutCountries.All)}."));
            }

            var account = new SandboxAccount(NewId("acct"), request.Expert.Value, country, false, false, false, RandomToken(), change.Now, 0);
            change.Work.Add(account);
            return Task.FromResult<Result<ConnectedAccount>>(new ConnectedAccount(account.Id, country, Readiness(account)));
        }, cancellationToken);

    public Task<Result<OnboardingLink>> CreateOnboardingLinkAsync(OnboardingLinkRequest request, CancellationToken cancellationToken) =>
        RunAsync<OnboardingLink>(request.IdempotencyKey, request, async change =>
        {
            var account = await store.FindAsync<SandboxAccount>(request.ConnectedAccountId, cancellationToken);
            if (account is null)
            {
                return Missing("account", request.ConnectedAccountId);
            }

            var url = new Uri($"{options.Value.PublicApiUrl.TrimEnd('/')}/api/local-payments/onboarding/{Uri.EscapeDataString(account.Id)}?token={account.OnboardingToken}");
            return Result<OnboardingLink>.Success(new OnboardingLink(url, change.Now + TimeSpan.FromMinutes(5)));
        }, cancellationToken);

    public async Task<Result<PayoutReadiness>> GetPayoutReadinessAsync(string connectedAccountId, CancellationToken cancellationToken)
    {
        var account = await store.FindAsync<SandboxAccount>(connectedAccountId, cancellationToken);
        return account is null ? Missing("account", connectedAccountId) : Readiness(account);
    }

    public Task<Result<PaymentTransfer>> TransferAsync(TransferRequest request, CancellationToken cancellationToken) =>
        RunAsync<PaymentTransfer>(request.IdempotencyKey, request, async change =>
        {
            if (!request.Amount.IsPositive)
            {
                return Invalid("amount", "A transfer must be for a positive amount.");
            }

            var account = await store.FindAsync<SandboxAccount>(request.ConnectedAccountId, cancellationToken);
            if (account is null)
            {
                return MissingParameter("destination", request.ConnectedAccountId);
            }

            if (!account.PayoutsEnabled)
            {
                return Refused("transfers_not_allowed", "The destination account cannot receive transfers until onboarding is complete.");
            }

            var transfer = new SandboxTransfer(NewId("tr"), account.Id, request.Amount.Minor, request.Amount.Currency.Code.ToLowerInvariant(), 0, request.TransferGroup,
                request.Metadata ?? new Dictionary<string, string>(), change.Now, null, null, 0);
            change.Work.Add(transfer);
            change.Raise("transfer.created", SandboxStripeJson.Transfer(transfer));
            return new PaymentTransfer(transfer.Id, account.Id, request.Amount, Money.Zero(request.Amount.Currency), transfer.TransferGroup);
        }, cancellationToken);

    public Task<Result<TransferReversal>> ReverseTransferAsync(ReverseTransferRequest request, CancellationToken cancellationToken) =>
        RunAsync<TransferReversal>(request.IdempotencyKey, request, async change =>
        {
            var transfer = await store.FindAsync<SandboxTransfer>(request.TransferId, cancellationToken);
            if (transfer is null)
            {
                return Missing("transfer", request.TransferId);
            }

            var remaining = transfer.Amount - transfer.AmountReversed;
            var amount = request.Amount?.Minor ?? remaining;
            if (amount <= 0 || amount > remaining)
            {
                return Invalid("amount", $"A reversal is between 1 and the unreversed {remaining}.");
            }

            // The money must still be in the connected account: once paid out to the bank it cannot be pulled back.
            if (transfer.PaidOutAt is not null)
            {
                return Refused("balance_insufficient", "The connected account's balance is too low to reverse this transfer.");
            }

            var reversed = transfer with { AmountReversed = transfer.AmountReversed + amount };
            change.Work.Update(reversed);
            change.Raise("transfer.reversed", SandboxStripeJson.Transfer(reversed), new JsonObject { ["amount_reversed"] = transfer.AmountReversed, ["reversed"] = false });
            return new TransferReversal(NewId("trr"), transfer.Id, new Money(amount, Currency.Parse(transfer.Currency)));
        }, cancellationToken);

    /// <summary>Stands in for the provider's hosted onboarding form: the account becomes able to receive payouts.</summary>
    public Task<Result<PayoutReadiness>> CompleteOnboardingAsync(string accountId, string token, CancellationToken cancellationToken) =>
        RunAsync<PayoutReadiness>(null, accountId, async change =>
        {
            var account = await store.FindAsync<SandboxAccount>(accountId, cancellationToken);
            if (account is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(account.OnboardingToken), Encoding.UTF8.GetBytes(token ?? "")))
            {
                return Error.NotFound("Onboarding link");
            }

            // Like Stripe's account links the link works once: a new token, so a link seen later (say, in a request log) is dead.
            var wasReady = account.DetailsSubmitted;
            account = account with { DetailsSubmitted = true, PayoutsEnabled = true, ChargesEnabled = true, OnboardingToken = RandomToken() };
            change.Work.Update(account);
            if (!wasReady)
            {
                change.Raise("account.updated", SandboxStripeJson.Account(account), new JsonObject { ["details_submitted"] = false }, account.Id);
            }

            return Readiness(account);
        }, cancellationToken);

    /// <summary>What the provider does on its own as time passes: lapsing authorisations and paying connected accounts out.</summary>
    internal async Task<int> ExpireAsync(string intentId, CancellationToken cancellationToken)
    {
        var outcome = await RunAsync(null, intentId, async change => Result<int>.Success(await LoadIntentAsync(change, intentId, cancellationToken) is { Status: "canceled" } ? 1 : 0), cancellationToken);
        return outcome.IsSuccess ? outcome.Value : 0;
    }

    /// <summary>Pays a connected account's transfers (older than the payout delay) out to its bank: one payout per currency.</summary>
    internal Task<Result<int>> PayOutAsync(string accountId, IReadOnlyList<string> transferIds, CancellationToken cancellationToken) =>
        RunAsync<int>(null, accountId, async change =>
        {
            var account = await store.FindAsync<SandboxAccount>(accountId, cancellationToken);
            if (account is not { PayoutsEnabled: true })
            {
                return 0;
            }

            var transfers = (await store.FindManyAsync<SandboxTransfer>(transferIds, cancellationToken)).Where(t => t.PaidOutAt is null).ToArray();
            var payouts = 0;
            foreach (var currency in transfers.GroupBy(t => t.Currency))
            {
                var amount = currency.Sum(t => t.Amount - t.AmountReversed);
                var payoutId = NewId("po");
                foreach (var transfer in currency)
                {
                    change.Work.Update(transfer with { PaidOutAt = change.Now, PayoutId = payoutId });
                }

                if (amount > 0)
                {
                    change.Raise("payout.paid", SandboxStripeJson.Payout(payoutId, amount, currency.Key, "paid", change.Now, null), account: account.Id);
                    payouts++;
                }
            }

            return Result<int>.Success(payouts);
        }, cancellationToken);

    private async Task<Result<CardPayment>> CreatePaymentAsync(Change change, string customerId, string paymentMethodId, Money amount, bool manualCapture, string? transferGroup, IReadOnlyDictionary<string, string>? metadata, CancellationToken cancellationToken)
    {
        if (!amount.IsPositive)
        {
            return Invalid("amount", "A payment must be for a positive amount.");
        }

        if (await store.FindAsync<SandboxCustomer>(customerId, cancellationToken) is null)
        {
            return MissingParameter("customer", customerId);
        }

        var card = SandboxTestCards.Find(paymentMethodId);
        if (card is null)
        {
            return MissingParameter("payment_method", paymentMethodId);
        }

        var id = NewId("pi");
        var intent = new SandboxPaymentIntent(id, customerId, paymentMethodId, amount.Minor, amount.Currency.Code.ToLowerInvariant(), manualCapture, "requires_payment_method",
            0, 0, [], $"ch_{id[3..]}", transferGroup, metadata ?? new Dictionary<string, string>(), null, null, null, change.Now, 0);
        if (card.Behaviour is TestCardBehaviour.Declines or TestCardBehaviour.SavesButChargesFail)
        {
            var failed = intent with { FailureCode = card.DeclineCode ?? card.Code };
            change.Work.Add(failed);
            change.Raise("payment_intent.payment_failed", SandboxStripeJson.PaymentIntent(failed));
            return Declined(card);
        }

        intent = manualCapture
            ? intent with { Status = "requires_capture", AmountCapturable = amount.Minor }
            : intent with { Status = "succeeded", AmountReceived = amount.Minor };
        if (manualCapture)
        {
            change.Work.Add(intent);
            change.Raise("payment_intent.amount_capturable_updated", SandboxStripeJson.PaymentIntent(intent));
            return ToCardPayment(intent);
        }

        change.Raise("payment_intent.succeeded", SandboxStripeJson.PaymentIntent(intent));
        change.Raise("charge.succeeded", SandboxStripeJson.Charge(intent));
        intent = MaybeDispute(change, intent);
        change.Work.Add(intent);
        return ToCardPayment(intent);
    }

    /// <summary>Reads an intent and lets an authorisation older than seven days lapse, as the card networks do.</summary>
    private async Task<SandboxPaymentIntent?> LoadIntentAsync(Change change, string id, CancellationToken cancellationToken)
    {
        var intent = await store.FindAsync<SandboxPaymentIntent>(id, cancellationToken);
        if (intent is { Status: "requires_capture" } && change.Now >= intent.Created + AuthorisationValidity)
        {
            intent = intent with { Status = "canceled", AmountCapturable = 0, CancellationReason = "automatic" };
            change.Work.Update(intent);
            change.Raise("payment_intent.canceled", SandboxStripeJson.PaymentIntent(intent));
            change.CommitEvenOnFailure = true;
            return intent with { Version = intent.Version + 1 };
        }

        return intent;
    }

    /// <summary>The dispute test card: once money is taken, the cardholder disputes it. The caller writes the intent returned.</summary>
    private static SandboxPaymentIntent MaybeDispute(Change change, SandboxPaymentIntent intent)
    {
        if (SandboxTestCards.Find(intent.PaymentMethod)?.Behaviour != TestCardBehaviour.Disputed || intent.DisputeId is not null)
        {
            return intent;
        }

        var disputed = intent with { DisputeId = NewId("dp") };
        change.Raise("charge.dispute.created", SandboxStripeJson.Dispute(disputed, "needs_response", change.Now));
        return disputed;
    }

    /// <summary>
    /// Runs one provider request: under the gate, replaying the remembered answer to a known idempotency key (another
    /// request with the same key is a conflict, as in Stripe), otherwise doing it and committing its objects, events
    /// and answer together.
    /// </summary>
    private async Task<Result<T>> RunAsync<T>(string? idempotencyKey, object request, Func<Change, Task<Result<T>>> operation, CancellationToken cancellationToken)
    {
        await gate.WaitAsync(cancellationToken);
        try
        {
            var requestHash = Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request, request.GetType(), JsonDefaults.Options)));
            var recordId = idempotencyKey is null ? null : $"{request.GetType().Name}:{idempotencyKey}";
            if (recordId is not null && await store.FindAsync<SandboxIdempotencyRecord>(recordId, cancellationToken) is { } remembered)
            {
                if (remembered.RequestHash != requestHash)
                {
                    return Error.Conflict("idempotency-key-reused", "This operation was already requested with different details.");
                }

                return remembered.Error is { } error ? error : JsonSerializer.Deserialize<T>(remembered.ValueJson!, JsonDefaults.Options)!;
            }

            var change = new Change(store.BeginWork(), clock.GetUtcNow());
            var result = await operation(change);

            // Like Stripe, remember what the request did (including declines), but not requests refused before they ran.
            var remember = recordId is not null && (result.IsSuccess || result.Error!.Kind == ErrorKind.PaymentRequired);
            if (remember)
            {
                change.Work.Add(new SandboxIdempotencyRecord(recordId!, requestHash, result.IsSuccess ? JsonSerializer.Serialize(result.Value, JsonDefaults.Options) : null,
                    result.IsSuccess ? null : result.Error, change.Now, 0));
            }

            if (result.IsSuccess || remember || change.CommitEvenOnFailure || change.HasEvents)
            {
                change.Flush();
                var commit = await change.Work.CommitAsync(cancellationToken);
                if (!commit.IsSuccess)
                {
                    throw new InvalidOperationException($"The payment sandbox could not save its state: {commit.Error!.Code}");
                }
            }

            return result;
        }
        finally
        {
            gate.Release();
        }
    }

    private static CardPayment ToCardPayment(SandboxPaymentIntent intent)
    {
        var currency = Currency.Parse(intent.Currency);
        var status = intent.Status switch
        {
            "requires_capture" => PaymentStatus.RequiresCapture,
            "succeeded" => PaymentStatus.Succeeded,
            "canceled" => PaymentStatus.Canceled,
            _ => PaymentStatus.RequiresPaymentMethod,
        };
        return new CardPayment(intent.Id, status, new Money(intent.Amount, currency), new Money(intent.AmountCapturable, currency), new Money(intent.AmountReceived, currency),
            intent.Created, intent.Status is "succeeded" or "requires_capture" ? intent.ChargeId : null, intent.TransferGroup, null);
    }

    private static PayoutReadiness Readiness(SandboxAccount account) => new(account.Id, account.ChargesEnabled, account.PayoutsEnabled, account.DetailsSubmitted);

    // Errors as the Stripe adapter maps Stripe's own answers, so callers see the same codes either way.
    private static Error Declined(TestCard card) =>
        StripeErrors.Map(HttpStatusCode.PaymentRequired, new StripeApiError("card_error", card.Code, card.DeclineCode, card.Message, "payment_method"));

    private static Error Refused(string code, string message) =>
        StripeErrors.Map(HttpStatusCode.BadRequest, new StripeApiError("invalid_request_error", code, null, message, null));

    private static Error Invalid(string param, string message) =>
        StripeErrors.Map(HttpStatusCode.BadRequest, new StripeApiError("invalid_request_error", "parameter_invalid_integer", null, message, param));

    private static Error Missing(string param, string id) =>
        StripeErrors.Map(HttpStatusCode.NotFound, new StripeApiError("invalid_request_error", "resource_missing", null, $"No such {param}: '{id}'", param));

    /// <summary>A request naming an object that does not exist: Stripe answers 400 with the parameter, not 404.</summary>
    private static Error MissingParameter(string param, string id) =>
        StripeErrors.Map(HttpStatusCode.BadRequest, new StripeApiError("invalid_request_error", "resource_missing", null, $"No such {param}: '{id}'", param));

    private static string NewId(string prefix) => IdGenerator.New(prefix, DateTimeOffset.UnixEpoch).Replace($"{prefix}_0000000000", $"{prefix}_", StringComparison.Ordinal);

    private static string RandomToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>One request's writes: documents and Stripe-shaped events, committed together.</summary>
    private sealed class Change(IUnitOfWork work, DateTimeOffset now)
    {
        private readonly List<string> events = [];

        public IUnitOfWork Work { get; } = work;

        public DateTimeOffset Now { get; } = now;

        public bool CommitEvenOnFailure { get; set; }

        public bool HasEvents => events.Count > 0;

        public void Raise(string type, JsonObject dataObject, JsonObject? previousAttributes = null, string? account = null) =>
            events.Add(SandboxStripeJson.Event(type, dataObject, Now, previousAttributes, account));

        public void Flush()
        {
            foreach (var payload in events)
            {
                Work.Publish(new PaymentProviderEventRaised("stripe", payload) { OccurredAt = Now });
            }
        }
    }
}
