namespace DataBroker.WebConsole.Pages.Shared;

/// <summary>A live request table: where its change notices come from and where its rows are re-read.</summary>
public sealed record RequestTable(string Id, string Caption, string LiveSource, string RowsUrl, RequestRows Rows);
