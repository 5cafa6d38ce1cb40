using Headstore.Application.Common;
using Headstore.Application.Payments;
using Headstore.Domain.Common;
using Headstore.Domain.Ledger;
using Headstore.Domain.Payments;
using Headstore.Domain.Plans;
using Headstore.Domain.Questions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Headstore.Application.Questions;

/// <summary>
/// Pay-per-question (docs/money.md, "Paid questions"): the price is authorised on the asker's saved card when they ask;
/// captured for the expert whose answer the asker rates (or, if they do neither, for the first answer
/// <see cref="MoneyOptions.AutoAcceptAfter"/> after it came); released if the asker withdraws before that, or if nobody
/// answers within <see cref="MoneyOptions.UnansweredExpiry"/>. Members ask without a charge.
/// </summary>
public sealed class PaidQuestionCheckout(IDocumentStore store, IPaymentGateway gateway, IOptions<MoneyOptions> options, ILogger<PaidQuestionCheckout> logger)
{
    public void Validate(Money? price, Validator validator)
    {
        if (price is not { } value)
        {
            return;
        }

        var settings = options.Value;
        validator.Require(value.Minor >= settings.MinimumQuestionPriceMinor && value.Minor <= settings.MaximumQuestionPriceMinor, "price",
            $"A question's price is between {new Money(settings.MinimumQuestionPriceMinor, value.Currency).Format()} and {new Money(settings.MaximumQuestionPriceMinor, value.Currency).Format()}.");
    }

    /// <summary>Marks a member's question as covered, or authorises a price. Nothing is written here; the caller commits both.</summary>
    public async Task<Result<(Question Question, CustomerPayment? Payment)>> PrepareAsync(Actor actor, Question question, Money? price, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var subscription = await store.FindAsync<Subscription>(SubscriptionId.For(actor.UserId).Value, cancellationToken);
        if (subscription is { IsMember: true })
        {
            return (question with { CoveredByPlan = true }, null);
        }

        if (price is not { } amount)
        {
            return (question, null);
        }

        var profile = await store.FindAsync<PaymentProfile>(actor.UserId.Value, cancellationToken);
        if (profile is not { HasCard: true })
        {
            return Error.Rule("payment-method-required", "Save a card first (POST /api/me/payment-methods) to ask a paid question.");
        }

        var paymentId = PaymentId.ForQuestion(question.Id);
        var authorised = await gateway.AuthoriseAsync(new AuthoriseRequest(
            profile.ProviderCustomerId, profile.DefaultPaymentMethodId!, amount, $"authorise:{paymentId}", OffSession: false,
            TransferGroup: question.Id.Value, Description: "Headstore paid question",
            Metadata: new Dictionary<string, string> { ["headstore_payment_id"] = paymentId.Value, ["question_id"] = question.Id.Value }), cancellationToken);
        if (!authorised.IsSuccess)
        {
            return authorised.Error!;
        }

        if (authorised.Value.Status != PaymentStatus.RequiresCapture)
        {
            // A card that needs the customer to authenticate again cannot hold a question's price: give it back.
            await ReleaseQuietlyAsync(authorised.Value.PaymentId, cancellationToken);
            return new Error(ErrorKind.PaymentRequired, "authentication-required", "Your bank asks you to confirm this card; save it again and retry.");
        }

        var review = Earliest(now + AuthorisationLifetime.RenewAfter, now + options.Value.UnansweredExpiry);
        var payment = CustomerPayment.Authorise(paymentId, PaymentPurpose.Question, question.Id.Value, actor.UserId, $"Paid question: {Shorten(question.Title)}", amount, authorised.Value.PaymentId, now, review);
        return (question with { Price = amount, PaymentId = paymentId.Value }, payment);
    }

    /// <summary>Gives an authorisation back when the question that needed it was not saved.</summary>
    public async Task ReleaseQuietlyAsync(string providerPaymentId, CancellationToken cancellationToken)
    {
        var released = await gateway.ReleaseAsync(new ReleaseRequest(providerPaymentId, $"release:{providerPaymentId}"), CancellationToken.None);
        if (!released.IsSuccess)
        {
            logger.LogWarning("Releasing unused authorisation {ProviderPaymentId} failed ({Code}); it lapses by itself", providerPaymentId, released.Error!.Code);
        }

        _ = cancellationToken;
    }

    public static DateTimeOffset Earliest(params DateTimeOffset[] times) => times.Min();

    private static string Shorten(string title) => title.Length <= 80 ? title : title[..77] + "...";
}

/// <summary>Moves a paid question's payment along with the question: capture on the asker's rating, review sooner when answered.</summary>
public sealed class PaidQuestionPayments(IDocumentStore store, PaymentProcessor processor, IRevenueSplitPolicy splits, IOptions<MoneyOptions> options, ILogger<PaidQuestionPayments> logger) :
    IEventHandler<AnswerPosted>,
    IEventHandler<AnswerRated>
{
    public async Task HandleAsync(AnswerPosted integrationEvent, CancellationToken cancellationToken)
    {
        var payment = await PaymentOfAsync(integrationEvent.QuestionId, cancellationToken);
        if (payment is not { State: PaymentState.Authorised })
        {
            return;
        }

        var acceptBy = integrationEvent.OccurredAt + options.Value.AutoAcceptAfter;
        if (payment.ReviewAt is { } review && review <= acceptBy)
        {
            return;
        }

        await processor.WriteAsync(payment.Id, current => current.State == PaymentState.Authorised && (current.ReviewAt is null || current.ReviewAt > acceptBy)
            ? new PaymentProcessor.Change(current.ReviewLater(acceptBy), [], [])
            : new PaymentProcessor.Change(current, [], []), cancellationToken);
    }

    /// <summary>The asker accepted an answer by rating it: its expert earns the price, less commission.</summary>
    public async Task HandleAsync(AnswerRated integrationEvent, CancellationToken cancellationToken)
    {
        var payment = await PaymentOfAsync(integrationEvent.QuestionId, cancellationToken);
        if (payment is not { State: PaymentState.Authorised })
        {
            return;
        }

        var captured = await processor.CaptureAsync(payment.Id, null, Earner.ForExpert(integrationEvent.ExpertId, await splits.ForAsync(integrationEvent.ExpertId, PaymentPurpose.Question, cancellationToken)), cancellationToken);
        if (!captured.IsSuccess)
        {
            if (captured.Error!.Kind == ErrorKind.Unavailable)
            {
                throw new InvalidOperationException("The payment provider is unavailable; the capture is retried.");
            }

            // The sweep looks at the payment again; it captures or releases it before the authorisation lapses.
            logger.LogWarning("Capturing paid question {QuestionId} failed: {Code}", integrationEvent.QuestionId, captured.Error.Code);
        }
    }

    private async Task<CustomerPayment?> PaymentOfAsync(QuestionId questionId, CancellationToken cancellationToken)
    {
        var question = await store.FindAsync<Question>(questionId.Value, cancellationToken);
        return question?.PaymentId is { } paymentId ? await store.FindAsync<CustomerPayment>(paymentId, cancellationToken) : null;
    }
}

public sealed record QuestionPaymentView(QuestionId QuestionId, PaymentId PaymentId, Money Price, string Status);

/// <summary>
/// The asker withdraws a paid question's payment before accepting an answer: the authorisation is released (they pay
/// nothing) and the question closes to new answers. Once an answer was accepted and paid, a refund is for support.
/// </summary>
public sealed class WithdrawQuestionPaymentHandler(IDocumentStore store, PaymentProcessor processor)
{
    public async Task<Result<QuestionPaymentView>> HandleAsync(Actor actor, string questionId, CancellationToken cancellationToken)
    {
        if (actor.RequireSignedIn() is { } denied)
        {
            return denied;
        }

        var question = await store.FindAsync<Question>(questionId, cancellationToken);
        if (question is null)
        {
            return Error.NotFound("Question");
        }

        if (question.AskerId != actor.UserId)
        {
            return Error.Forbidden("Only the person who asked can withdraw a question's payment.");
        }

        if (question.PaymentId is null || question.Price is null)
        {
            return Error.Rule("not-paid", "This question has no payment to withdraw.");
        }

        var released = await processor.ReleaseAsync(new PaymentId(question.PaymentId), "withdrawn", async work =>
        {
            var current = await store.FindAsync<Question>(questionId, cancellationToken);
            work.Update(current!.Close());
            return Unit.Value;
        }, cancellationToken);
        if (!released.IsSuccess)
        {
            return released.Error!.Code == "already-captured"
                ? Error.Rule("already-charged", "You accepted an answer and it was paid for; contact support, who can refund it.")
                : released.Error!;
        }

        return new QuestionPaymentView(question.Id, released.Value.Id, released.Value.Amount, ReceiptView.StatusOf(released.Value));
    }
}
