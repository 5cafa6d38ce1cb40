using Headstore.Http.Categories;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace Headstore.Functions.Http;

/// <summary>The category operations as HTTP functions; routes, types and handlers are declared once in <see cref="CategoryEndpoints"/>.</summary>
public static class CategoryFunctions
{
    [Function(nameof(CategoryEndpoints.ListCategories))]
    public static Task<IActionResult> ListCategories([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "categories")] HttpRequest req) =>
        Operations.RunAsync(nameof(CategoryEndpoints.ListCategories), req);
}
