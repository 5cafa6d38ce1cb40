using Headstore.Domain.Common;

namespace Headstore.Domain.Offers;

/// <summary>One service of an expert's own catalogue: a name, what the customer receives, and an optional usual price.</summary>
public sealed record CatalogEntry(ServiceId Id, string Name, string Description, Money? Price, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);

/// <summary>
/// An expert's personal catalogue of custom services, one document per expert (id = the expert's id). A custom service
/// offered once is remembered here by name; the expert edits and removes entries. Offers copy what they need, so
/// editing or removing an entry never changes an offer already sent.
/// </summary>
public sealed record ExpertCatalog(ExpertId Id, IReadOnlyList<CatalogEntry> Entries, long Version) : IAggregate
{
    public const int MaxEntries = 100;
    public const int MaxNameLength = 100;
    public const int MaxDescriptionLength = 2000;
    public const string ContactDetailsMessage = "Contact details are not allowed here; exchange them in the question's private information once an offer is accepted.";

    string IAggregate.Id => Id.Value;

    public static ExpertCatalog Empty(ExpertId expert) => new(expert, [], 0);

    /// <summary>Checks a name and description; <paramref name="prefix"/> names the fields as the client sent them.</summary>
    public static Validator Validate(string? name, string? description, Validator? validator = null, string nameField = "name", string descriptionField = "description")
    {
        validator ??= new Validator();
        validator.RequireText(name, nameField, MaxNameLength, minLength: 3);
        validator.RequireText(description, descriptionField, MaxDescriptionLength, minLength: 10);
        validator.Require(!ContactDetails.Contains(name), nameField, ContactDetailsMessage);
        validator.Require(!ContactDetails.Contains(description), descriptionField, ContactDetailsMessage);
        return validator;
    }

    public CatalogEntry? Find(ServiceId id) => Entries.FirstOrDefault(e => e.Id == id);

    public Result<(ExpertCatalog Catalog, CatalogEntry Entry)> Add(ServiceId id, string name, string description, Money? price, DateTimeOffset now)
    {
        if (FindByName(name) is not null)
        {
            return Error.Conflict("duplicate-service", "Your catalogue already has a service with this name.");
        }

        if (Entries.Count >= MaxEntries)
        {
            return Error.Rule("catalog-full", $"A catalogue holds at most {MaxEntries} services; remove one first.");
        }

        var entry = new CatalogEntry(id, name.Trim(), description.Trim(), price, now, now);
        return (this with { Entries = [.. Entries, entry] }, entry);
    }

    public Result<(ExpertCatalog Catalog, CatalogEntry Entry)> Change(ServiceId id, string name, string description, Money? price, DateTimeOffset now)
    {
        var existing = Find(id);
        if (existing is null)
        {
            return Error.NotFound("Service");
        }

        if (FindByName(name) is { } other && other.Id != id)
        {
            return Error.Conflict("duplicate-service", "Your catalogue already has a service with this name.");
        }

        var changed = existing with { Name = name.Trim(), Description = description.Trim(), Price = price, UpdatedAt = now };
        return (this with { Entries = Entries.Select(e => e.Id == id ? changed : e).ToArray() }, changed);
    }

    public Result<ExpertCatalog> Remove(ServiceId id) =>
        Find(id) is null ? Error.NotFound("Service") : this with { Entries = Entries.Where(e => e.Id != id).ToArray() };

    /// <summary>
    /// A custom service just offered: the entry of the same name is reused (its description and price brought up to
    /// date), otherwise a new one is added. A full catalogue still lets the offer go out; it is just not remembered.
    /// </summary>
    public (ExpertCatalog Catalog, CatalogEntry Entry) Remember(ServiceId newId, string name, string description, Money price, DateTimeOffset now)
    {
        if (FindByName(name) is { } existing)
        {
            var refreshed = existing with { Description = description.Trim(), Price = price, UpdatedAt = now };
            return (this with { Entries = Entries.Select(e => e.Id == existing.Id ? refreshed : e).ToArray() }, refreshed);
        }

        var entry = new CatalogEntry(newId, name.Trim(), description.Trim(), price, now, now);
        return Entries.Count >= MaxEntries ? (this, entry) : (this with { Entries = [.. Entries, entry] }, entry);
    }

    private CatalogEntry? FindByName(string name) => Entries.FirstOrDefault(e => string.Equals(e.Name, name.Trim(), StringComparison.OrdinalIgnoreCase));
}
