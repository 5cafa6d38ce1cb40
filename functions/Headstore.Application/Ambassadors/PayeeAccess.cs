using Headstore.Application.Common;
using Headstore.Domain.Common;

namespace Headstore.Application.Ambassadors;

public static class PayeeAccess
{
    /// <summary>
    /// Experts and ambassadors are paid (and reported to) the same way: their payables share one payout account and
    /// one weekly payout. An ambassador is usually an expert too, but needs no expert profile to be paid.
    /// </summary>
    public static Error? RequirePayee(this Actor actor) =>
        actor.IsInRole(Roles.Ambassador) ? actor.RequireRole(Roles.Ambassador) : actor.RequireRole(Roles.Expert);
}
