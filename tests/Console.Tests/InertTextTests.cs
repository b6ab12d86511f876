using DataBroker.WebConsole.Display;

namespace DataBroker.Console.Tests;

public sealed class InertTextTests
{
    [Theory]
    [InlineData("\u001b[31mred", "[U+001B][31mred")]
    [InlineData("abc\u202Egnp.exe", "abc[U+202E]gnp.exe")]
    [InlineData("x\u2066y\u2069", "x[U+2066]y[U+2069]")]
    [InlineData("bell\u0007", "bell[U+0007]")]
    [InlineData("c1\u009b", "c1[U+009B]")]
    public void Control_and_bidi_characters_are_shown_not_obeyed(string hostile, string shown) =>
        Assert.Equal(shown, InertText.Of(hostile));

    [Fact]
    public void Ordinary_text_with_lines_and_bengali_is_unchanged()
    {
        const string text = "Line one\nমোহাম্মদ রহমান\tcase 12";
        Assert.Same(text, InertText.Of(text));
    }
}
