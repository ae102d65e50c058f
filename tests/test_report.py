from rich.console import Console

from ui.report import marked_markup


def test_marked_markup_escapes_clause_text():
    markup = marked_markup("Retirees [age 55+] keep [-two-] [+three+] plans [see 12.3-]")
    console = Console(record=True, width=200)
    console.print(markup)
    assert console.export_text().strip() == "Retirees [age 55+] keep two three plans [see 12.3-]"
    assert "[strike red]two[/strike red]" in markup
    assert "[underline green]three[/underline green]" in markup
