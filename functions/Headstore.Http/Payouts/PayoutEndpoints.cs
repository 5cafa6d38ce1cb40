using Headstore.Application.Common;
using Headstore.Application.Payouts;
using Headstore.Http.Common;

namespace Headstore.Http.Payouts;

public static class PayoutEndpoints
{
    public static readonly IReadOnlyList<HttpOperation> Operations =
    [
        new(nameof(SetUpPayoutAccount), "POST", "/api/experts/me/payout-account", SetUpPayoutAccount, OperationAccess.SignedIn, "Payouts", "Activate payout: creates your payout account (once, in a supported country) and returns a fresh onboarding link", typeof(SetUpPayoutAccountCommand), typeof(PayoutAccountView), RateLimit: RateLimitKind.Write),
        new(nameof(GetPayoutAccount), "GET", "/api/experts/me/payout-account", GetPayoutAccount, OperationAccess.SignedIn, "Payouts", "Your payout account and whether payouts can reach it", ResponseType: typeof(PayoutAccountView)),
        new(nameof(ListPayouts), "GET", "/api/experts/me/payouts", ListPayouts, OperationAccess.SignedIn, "Payouts", "Your weekly payouts, newest first", ResponseType: typeof(Page<PayoutView>)),
        new(nameof(RunPayoutWeek), "POST", "/api/admin/payouts/{week}/run", RunPayoutWeek, OperationAccess.SignedIn, "Admin", "Run a week's payouts again (admins; week as 2026-W45): pays whoever is owed and was not paid that week, nobody twice", ResponseType: typeof(PayoutWeekView), RateLimit: RateLimitKind.Write),
        new(nameof(GetPayoutWeek), "GET", "/api/admin/payouts/{week}", GetPayoutWeek, OperationAccess.SignedIn, "Admin", "A week's payout run: its progress and its payouts per state and currency (admins)", ResponseType: typeof(PayoutWeekView)),
    ];

    public static Task<ApiResponse> RunPayoutWeek(HttpContext http, CancellationToken cancellationToken) =>
        http.Service<RunPayoutWeekHandler>().HandleAsync(http.GetActor(), http.Route("week"), cancellationToken).ToOk();

    public static Task<ApiResponse> GetPayoutWeek(HttpContext http, CancellationToken cancellationToken) =>
        http.Service<GetPayoutWeekHandler>().HandleAsync(http.GetActor(), http.Route("week"), cancellationToken).ToOk();

    public static Task<ApiResponse> SetUpPayoutAccount(HttpContext http, CancellationToken cancellationToken) =>
        http.WithBody<SetUpPayoutAccountCommand>(cancellationToken, command =>
            http.Service<SetUpPayoutAccountHandler>().HandleAsync(http.GetActor(), command, cancellationToken).ToOk());

    public static Task<ApiResponse> GetPayoutAccount(HttpContext http, CancellationToken cancellationToken) =>
        http.Service<GetPayoutAccountHandler>().HandleAsync(http.GetActor(), cancellationToken).ToOk();

    public static async Task<ApiResponse> ListPayouts(HttpContext http, CancellationToken cancellationToken)
    {
        var limit = http.QueryInt("limit");
        return limit.IsSuccess
            ? await http.Service<ListPayoutsHandler>().HandleAsync(http.GetActor(), new ListPayoutsQuery(limit.Value, http.Query("cursor")), cancellationToken).ToOk()
            : ApiResponse.Problem(limit.Error!);
    }
}
