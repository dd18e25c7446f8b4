"""The domain's table of printable characters (procedure/domain/printable.py) is the shipped font's repertoire:
the text check refuses exactly what the documents can't print (issue 13 moved the table into the domain)."""
from forms.embedded_font import printable_codepoints
from procedure.domain import printable
from tools.printable import render


def test_table_matches_the_fonts():
    assert printable.PRINTABLE == printable_codepoints(), "run python -m tools.printable --write"


def test_committed_module_is_generated():
    assert printable.__file__ and open(printable.__file__, encoding="utf-8").read() == render()


def test_unprintable_characters_in_order_of_first_appearance():
    assert printable.unprintable_characters("Jan 汉字 Ĳsselmeer 汉 ✓") == ["汉", "字", "✓"]
    assert printable.unprintable_characters("Łódź Škoda — Çağlar\n\t") == []
