using Headstore.Application.Common;
using Headstore.Application.Users;
using Headstore.Domain.Common;
using Headstore.Domain.Experts;
using Headstore.Domain.Offers;
using Headstore.Domain.Questions;
using Microsoft.Extensions.Options;

namespace Headstore.Application.Offers;

/// <summary>
/// An offer: either <paramref name="ServiceId"/> (a predefined service of the question's category, or one of the
/// expert's catalogue) or <paramref name="CustomServiceName"/> (a new custom service, remembered in the catalogue).
/// </summary>
/// <param name="Deliverable">What exactly the customer receives.</param>
/// <param name="Price">In the expert's currency.</param>
public sealed record SendOfferCommand(string? ServiceId, string? CustomServiceName, string? Deliverable, Money? Price);

/// <summary>
/// The expert who answered a question offers a premium service on it. The customer is e-mailed; the offer is open until
/// they accept or decline it, the expert withdraws it, or it expires.
/// </summary>
public sealed class SendOfferHandler(IDocumentStore store, OfferWorkflow workflow, UserDirectory users, IOptions<OffersOptions> options, TimeProvider clock)
{
    public async Task<Result<OfferView>> HandleAsync(Actor actor, string questionId, SendOfferCommand command, CancellationToken cancellationToken)
    {
        if (actor.RequireRole(Roles.Expert) is { } denied)
        {
            return denied;
        }

        var profile = await store.FindAsync<ExpertProfile>(actor.UserId.Value, cancellationToken);
        if (profile is null)
        {
            return Error.Rule("profile-required", "Create your expert profile before sending offers.");
        }

        var validator = Validate(command, profile);
        if (!validator.IsValid)
        {
            return validator.ToError();
        }

        return await Concurrency.RetryOnConflictAsync<OfferView>(async () =>
        {
            var question = await store.FindAsync<Question>(questionId, cancellationToken);
            if (question is null)
            {
                return Error.NotFound("Question");
            }

            if (question.Status == QuestionStatus.Closed)
            {
                return Error.Rule("question-closed", "This question is closed; no offers can be made on it.");
            }

            if (question.Answers.Count == 0)
            {
                return Error.Rule("question-not-answered", "Nobody has answered this question yet; answer it before offering a service.");
            }

            var answer = question.Answers.FirstOrDefault(a => a.ExpertId.User == actor.UserId);
            if (answer is null)
            {
                return Error.Forbidden("Only an expert who answered this question can send an offer on it.");
            }

            var now = clock.GetUtcNow();
            var stored = await store.FindAsync<ExpertCatalog>(actor.UserId.Value, cancellationToken);
            var catalog = stored ?? ExpertCatalog.Empty(profile.Id);
            var catalogChanged = false;
            OfferService service;
            if (!string.IsNullOrWhiteSpace(command.CustomServiceName))
            {
                var (remembered, entry) = catalog.Remember(ServiceId.NewCustom(now), command.CustomServiceName, command.Deliverable!, command.Price!.Value, now);
                catalogChanged = !ReferenceEquals(remembered, catalog);
                catalog = remembered;
                service = new OfferService(entry.Id, ServiceKind.Custom, entry.Name, IsCustom: true);
            }
            else if (PredefinedServices.Find(question.CategoryId, new ServiceId(command.ServiceId!)) is { } predefined)
            {
                service = new OfferService(predefined.Id, predefined.Kind, predefined.Name, IsCustom: false);
            }
            else if (catalog.Find(new ServiceId(command.ServiceId!)) is { } entry)
            {
                service = new OfferService(entry.Id, ServiceKind.Custom, entry.Name, IsCustom: true);
            }
            else
            {
                return Error.Validation("serviceId", "Choose a service of this question's category (GET /api/categories/{id}/services) or of your catalogue.");
            }

            var step = OfferLifecycle.Send(OfferId.New(now), question, answer, profile.Details.Name, service, command.Deliverable!, command.Price!.Value, now, workflow.Policy);
            var work = store.BeginWork();
            await users.EnsureAsync(actor, work, cancellationToken);
            work.Add(step.Offer);
            if (catalogChanged && stored is null)
            {
                work.Add(catalog);
            }
            else if (catalogChanged)
            {
                work.Update(catalog);
            }

            await workflow.StageAsync(work, step, now, cancellationToken);
            var commit = await work.CommitAsync(cancellationToken);
            if (!commit.IsSuccess)
            {
                // "duplicate": the expert's first catalogue was created by another request meanwhile. Look again.
                return commit.Error!.Code == "duplicate" ? Error.ConcurrencyConflict() : commit.Error!;
            }

            return OfferView.From(step.Offer, actor);
        });
    }

    private Validator Validate(SendOfferCommand command, ExpertProfile profile)
    {
        var validator = new Validator();
        var custom = !string.IsNullOrWhiteSpace(command.CustomServiceName);
        var chosen = !string.IsNullOrWhiteSpace(command.ServiceId);
        validator.Require(custom != chosen, "serviceId", "Give either serviceId (a predefined or catalogue service) or customServiceName (a new custom service).");
        if (custom)
        {
            validator.RequireText(command.CustomServiceName, "customServiceName", ExpertCatalog.MaxNameLength, minLength: 3);
            validator.Require(!ContactDetails.Contains(command.CustomServiceName), "customServiceName", ExpertCatalog.ContactDetailsMessage);
        }

        validator.RequireText(command.Deliverable, "deliverable", Offer.MaxDeliverableLength, minLength: 10);
        validator.Require(!ContactDetails.Contains(command.Deliverable), "deliverable", ExpertCatalog.ContactDetailsMessage);
        options.Value.ValidatePrice(command.Price, profile.Details.Currency, validator, required: true);
        return validator;
    }
}
