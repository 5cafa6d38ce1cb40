using Headstore.Application.Common;
using Headstore.Application.Questions;
using Headstore.Domain.Common;
using Headstore.Domain.Payments;
using Headstore.Domain.Questions;
using Headstore.Domain.Sessions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Headstore.Application.Payments;

/// <summary>
/// The periodic job that applies <see cref="AuthorisationLifetime"/>: no authorisation is left to lapse. For each
/// authorised payment whose review time has come it decides, in this order:
/// <list type="number">
/// <item>a paid question answered <see cref="MoneyOptions.AutoAcceptAfter"/> ago and not withdrawn: capture it for the accepted answer;</item>
/// <item>a paid question unanswered for <see cref="MoneyOptions.UnansweredExpiry"/>: release it and close the question;</item>
/// <item>an authorisation at least <see cref="AuthorisationLifetime.RenewAfter"/> old: renew it (authorise again off-session,
/// then release the old one); if the card declines the renewal, capture now when there is an answer, else release;</item>
/// <item>otherwise look again at the next of those times.</item>
/// </list>
/// Each payment is its own small, idempotent step; one failing does not stop the others.
/// </summary>
public sealed class AuthorisationSweep(
    IDocumentStore store,
    IPaymentQueries queries,
    IPaymentGateway gateway,
    PaymentProcessor processor,
    IOptions<MoneyOptions> options,
    TimeProvider clock,
    ILogger<AuthorisationSweep> logger) : IPeriodicJob
{
    private const int BatchSize = 100;

    public string Name => "authorisation-sweep";

    public TimeSpan Interval => TimeSpan.FromMinutes(15);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        foreach (var id in await queries.DueForReviewAsync(clock.GetUtcNow(), BatchSize, cancellationToken))
        {
            try
            {
                await ReviewAsync(id, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                logger.LogError(exception, "Reviewing authorisation of payment {PaymentId} failed; it is looked at again next run", id);
            }
        }
    }

    public async Task ReviewAsync(PaymentId id, CancellationToken cancellationToken)
    {
        var payment = await store.FindAsync<CustomerPayment>(id.Value, cancellationToken);
        if (payment is not { State: PaymentState.Authorised })
        {
            return;
        }

        if (payment.Purpose == PaymentPurpose.Session)
        {
            await ReviewSessionAsync(payment, cancellationToken);
            return;
        }

        var now = clock.GetUtcNow();
        var settings = options.Value;
        var question = payment.Purpose == PaymentPurpose.Question ? await store.FindAsync<Question>(payment.ReferenceId, cancellationToken) : null;
        if (question?.FirstAnsweredAt is { } answeredAt && now >= answeredAt + settings.AutoAcceptAfter)
        {
            await ReportAsync(id, "accepted automatically", await processor.CaptureAsync(id, null, null, cancellationToken));
            return;
        }

        if (question is { FirstAnsweredAt: null } && now >= question.AskedAt + settings.UnansweredExpiry)
        {
            await ReportAsync(id, "released unanswered", await processor.ReleaseAsync(id, "unanswered", CloseQuestion(question.Id, cancellationToken), cancellationToken));
            return;
        }

        var provider = await gateway.GetPaymentAsync(payment.ProviderPaymentId, cancellationToken);
        if (!provider.IsSuccess)
        {
            logger.LogWarning("Reading authorisation of payment {PaymentId} failed: {Code}", id, provider.Error!.Code);
            return;
        }

        if (provider.Value.Status == PaymentStatus.Canceled)
        {
            await processor.WriteAsync(id, current => current.State == PaymentState.Authorised
                ? new PaymentProcessor.Change(current.Release(now).Value, [], [new PaymentReleased(current.Id, current.CustomerId, "lapsed") { OccurredAt = now }])
                : new PaymentProcessor.Change(current, [], []), cancellationToken);
            return;
        }

        if (AuthorisationLifetime.MustCaptureOrRenew(provider.Value, now))
        {
            await RenewAsync(payment, question, now, cancellationToken);
            return;
        }

        var next = NextReview(payment, question, now);
        await processor.WriteAsync(id, current => new PaymentProcessor.Change(current.ReviewLater(next), [], []), cancellationToken);
    }

    /// <summary>
    /// A session's lifecycle captures or releases its own authorisation; the sweep only gives back one whose session was
    /// never saved (the authorisation is recorded in a commit ahead of the session's, and the process can stop between).
    /// </summary>
    private async Task ReviewSessionAsync(CustomerPayment payment, CancellationToken cancellationToken)
    {
        if (await store.FindAsync<Session>(payment.ReferenceId, cancellationToken) is null)
        {
            await ReportAsync(payment.Id, "released (its session was never saved)", await processor.ReleaseAsync(payment.Id, "session-not-started", null, cancellationToken));
            return;
        }

        await processor.WriteAsync(payment.Id, current => new PaymentProcessor.Change(current.ReviewLater(null), [], []), cancellationToken);
    }

    private async Task RenewAsync(CustomerPayment payment, Question? question, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var profile = await store.FindAsync<PaymentProfile>(payment.CustomerId.Value, cancellationToken);
        var renewal = profile is { HasCard: true }
            ? await gateway.AuthoriseAsync(new AuthoriseRequest(
                profile.ProviderCustomerId, profile.DefaultPaymentMethodId!, payment.Amount, $"authorise:{payment.Id}:renewal:{payment.Renewals + 1}", OffSession: true,
                TransferGroup: payment.ReferenceId, Description: "Headstore paid question (renewed)",
                Metadata: new Dictionary<string, string> { ["headstore_payment_id"] = payment.Id.Value }), cancellationToken)
            : Error.Rule("payment-method-required", "No saved card.");

        if (renewal is { IsSuccess: true, Value.Status: PaymentStatus.RequiresCapture })
        {
            var old = payment.ProviderPaymentId;
            var renewed = await processor.WriteAsync(payment.Id, current => current.State == PaymentState.Authorised && current.ProviderPaymentId == old
                ? new PaymentProcessor.Change(current.Renewed(renewal.Value.PaymentId, now, null), [], [])
                : new PaymentProcessor.Change(current, [], []), cancellationToken);
            if (renewed.IsSuccess)
            {
                // Only now that the new reservation holds is the old one given back.
                await gateway.ReleaseAsync(new ReleaseRequest(old, $"release:{old}"), cancellationToken);
                var next = NextReview(renewed.Value, question, now);
                await processor.WriteAsync(payment.Id, current => new PaymentProcessor.Change(current.ReviewLater(next), [], []), cancellationToken);
            }

            logger.LogInformation("Renewed authorisation of payment {PaymentId}", payment.Id);
            return;
        }

        if (renewal is { IsSuccess: false, Error.Kind: ErrorKind.Unavailable })
        {
            return;
        }

        // The card will not hold it again: take it now if it was earned, otherwise give it back.
        if (question?.FirstAnsweredAt is not null || payment.IntendedPayee is not null)
        {
            await ReportAsync(payment.Id, "captured before lapsing", await processor.CaptureAsync(payment.Id, null, null, cancellationToken));
        }
        else
        {
            var close = question is null ? null : CloseQuestion(question.Id, cancellationToken);
            await ReportAsync(payment.Id, "released, renewal declined", await processor.ReleaseAsync(payment.Id, "renewal-declined", close, cancellationToken));
        }
    }

    private DateTimeOffset NextReview(CustomerPayment payment, Question? question, DateTimeOffset now)
    {
        var times = new List<DateTimeOffset> { payment.AuthorisedAt + AuthorisationLifetime.RenewAfter };
        if (question?.FirstAnsweredAt is { } answeredAt)
        {
            times.Add(answeredAt + options.Value.AutoAcceptAfter);
        }
        else if (question is not null)
        {
            times.Add(question.AskedAt + options.Value.UnansweredExpiry);
        }

        return PaidQuestionCheckout.Earliest([.. times, now + TimeSpan.FromDays(1)]) is var next && next > now ? next : now + Interval;
    }

    private Func<IUnitOfWork, Task<Result<Unit>>> CloseQuestion(QuestionId questionId, CancellationToken cancellationToken) => async work =>
    {
        var current = await store.FindAsync<Question>(questionId.Value, cancellationToken);
        if (current is not null && current.Status != QuestionStatus.Closed)
        {
            work.Update(current.Close());
        }

        return Unit.Value;
    };

    private Task ReportAsync(PaymentId id, string what, Result<CustomerPayment> outcome)
    {
        if (outcome.IsSuccess)
        {
            logger.LogInformation("Payment {PaymentId} {What}", id, what);
        }
        else
        {
            logger.LogWarning("Payment {PaymentId} could not be {What}: {Code}", id, what, outcome.Error!.Code);
        }

        return Task.CompletedTask;
    }
}
