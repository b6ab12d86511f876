using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace DataBroker.WebConsole.Pages;

/// <summary>The one page for refusals and failures: what happened in words, nothing about how.</summary>
[IgnoreAntiforgeryToken]
public sealed class StatusModel : PageModel
{
    public string Title { get; private set; } = "Something went wrong";

    public string Explanation { get; private set; } = "The console could not complete this. Nothing was changed.";

    public void OnGet(int? code) => Describe(code ?? HttpContext.Response.StatusCode);

    public void OnPost(int? code) => Describe(code ?? HttpContext.Response.StatusCode);

    private void Describe(int code)
    {
        (Title, Explanation) = code switch
        {
            StatusCodes.Status403Forbidden => ("Not for your role",
                "You are not allowed to open this page. Pages are shown only to the roles the broker lets use them."),
            StatusCodes.Status404NotFound => ("Not found", "There is no such page, or it is not yours to see."),
            StatusCodes.Status400BadRequest => ("The form expired", "Reload the page and try again; nothing was changed."),
            _ => (Title, Explanation),
        };
    }
}
