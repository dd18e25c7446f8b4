"""The fast document path (issue 12, point 4): fonts parsed once per process and embedded from
per-process font programs (forms/embedded_font.py), and the one-pass line breaker and plain-line writer
in forms/layout.py — same bytes for the same data in every process, same lines and pages as fpdf2's own
line breaker, byte for byte the same output as fpdf2's own line renderer, text that still extracts, and
glyphs that still render."""
from __future__ import annotations

import hashlib
import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from forms import embedded_font
from forms.content import ProtectedPerson
from forms.documents import (
    render_beschikking_intrekking,
    render_beschikking_oplegging,
    render_beschikking_verlenging,
    render_info_achterblijvers,
    render_info_uithuisgeplaatste,
    render_pv_uitreiking,
    render_rihg_report,
    render_veilig_thuis_notice,
)
from forms.layout import FONT_FAMILY, WthDocument
from forms.samples import (
    sample_beschikking,
    sample_info_achterblijvers,
    sample_info_uithuisgeplaatste,
    sample_intrekking,
    sample_rihg_report,
    sample_rihg_report_full,
    sample_uitreiking,
    sample_verlenging,
    sample_veilig_thuis_notice,
)
from procedure.domain.rihg import load_catalogue

ROOT = Path(__file__).resolve().parents[2]


def _text(pdf: bytes) -> str:
    return " ".join(re.sub(r"\s+", " ", p.extract_text() or "").strip()
                    for p in PdfReader(io.BytesIO(pdf)).pages)


def _page_texts(pdf: bytes) -> list[str]:
    return [re.sub(r"\s+", " ", p.extract_text() or "").strip() for p in PdfReader(io.BytesIO(pdf)).pages]


def _embedded_fonts(pdf: bytes) -> dict[str, int]:
    """BaseFont name -> uncompressed FontFile2 length, for every font the PDF embeds."""
    out = {}
    for page in PdfReader(io.BytesIO(pdf)).pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            cid = font["/DescendantFonts"][0].get_object()
            out[str(font["/BaseFont"])] = int(cid["/FontDescriptor"]["/FontFile2"]["/Length1"])
    return out


# -- determinism across processes --------------------------------------------------------------------

_HASHES = """
import hashlib, json, sys
sys.path.insert(0, {root!r})
from forms.documents import render_beschikking_oplegging, render_rihg_report, render_pv_uitreiking
from forms.samples import sample_beschikking, sample_rihg_report_full, sample_uitreiking
from procedure.domain.rihg import load_catalogue
docs = {{
    "beschikking": lambda: render_beschikking_oplegging(sample_beschikking()),
    "pv": lambda: render_pv_uitreiking(sample_uitreiking()),
    "rihg": lambda: render_rihg_report(sample_rihg_report_full(load_catalogue())),
    "grieks": lambda: render_beschikking_oplegging(sample_beschikking(facts="Ω en ł en ß")),
}}
order = {order!r}
print(json.dumps({{k: hashlib.sha256(docs[k]()).hexdigest() for k in order}}))
"""


def _hashes_in_new_process(order: list[str]) -> dict[str, str]:
    out = subprocess.run([sys.executable, "-c", _HASHES.format(root=str(ROOT), order=order)],
                         capture_output=True, text=True, check=True, timeout=120).stdout
    return json.loads(out)


def test_same_data_gives_same_bytes_in_every_process_whatever_was_rendered_before():
    here = {
        "beschikking": render_beschikking_oplegging(sample_beschikking()),
        "pv": render_pv_uitreiking(sample_uitreiking()),
        "rihg": render_rihg_report(sample_rihg_report_full(load_catalogue())),
        "grieks": render_beschikking_oplegging(sample_beschikking(facts="Ω en ł en ß")),
    }
    here = {k: hashlib.sha256(v).hexdigest() for k, v in here.items()}
    first = _hashes_in_new_process(["grieks", "beschikking", "pv", "rihg"])
    second = _hashes_in_new_process(["rihg", "pv", "beschikking", "grieks"])
    assert first == second == here


def test_other_data_gives_other_bytes():
    a = render_beschikking_oplegging(sample_beschikking())
    b = render_beschikking_oplegging(sample_beschikking(person_name="Jan Pieter de Vriesch"))
    assert a != b and "Jan Pieter de Vriesch" in _text(b)


# -- font programs --------------------------------------------------------------------------------------

def test_only_the_styles_a_document_uses_are_embedded_each_from_one_program():
    fonts = _embedded_fonts(render_pv_uitreiking(sample_uitreiking()))
    # Regular, bold and italic are used; bold-italic is not, so it is not embedded.
    assert sorted(fonts) == ["/MPDFAA+LiberationSans", "/MPDFAA+LiberationSansBold",
                             "/MPDFAA+LiberationSansItalic"]


@pytest.mark.parametrize("facts, program", [
    ("Hij riep: “ga weg” — zij (Zoë, Ĳsselmuiden) belde 112 om 23:05; € 12,50.", "basis"),
    ("De buurman, de heer Łukasz Wąsowski, en mevrouw Şahin hoorden het.", "latijn"),
    ("Zij zei dat hij haar ‘Ωmega’ noemde.", "document"),
])
def test_the_smallest_program_that_covers_the_text_is_embedded_and_the_text_survives(facts, program):
    chosen = []
    original = embedded_font._program_for

    def spy(font):
        name, prog = original(font)
        chosen.append((font.wth_style, name))
        return name, prog

    embedded_font._program_for = spy
    try:
        pdf = render_beschikking_oplegging(sample_beschikking(facts=facts))
    finally:
        embedded_font._program_for = original
    assert ("", program) in chosen                 # the regular style carries the facts
    assert " ".join(facts.split()) in _text(pdf)


def test_a_repertoire_program_is_no_larger_than_fpdf2s_own_subset_would_be():
    """The price of cutting programs once per process is bounded: the ``basis`` program without
    hinting is no larger than a hinted per-document subset of the same style."""
    pdf = render_beschikking_oplegging(sample_beschikking())
    sizes = _embedded_fonts(pdf)
    assert all(n < 20_000 for n in sizes.values()), sizes


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler's pdftoppm is not installed")
def test_glyphs_from_every_kind_of_program_render(tmp_path):
    """A page whose only text is in the extra characters must not render blank."""
    for name, text in (("basis", "ĲĲĲ ëëë €€€"), ("latijn", "ŁŁŁ ŞŞŞ ȘȘȘ"), ("document", "ΩΩΩ ЖЖЖ")):
        pdf = WthDocument(document_id="T", version=1, municipality_name="Venlo", title="t", is_draft=False,
                          generated_at=sample_beschikking().generated_at)
        pdf.set_font(FONT_FAMILY, "B", 40)
        pdf.set_xy(30, 150)
        pdf.cell(0, 20, text)
        src = tmp_path / f"{name}.pdf"
        src.write_bytes(pdf.to_bytes())
        # 60 dpi: the 40 pt text sits at y = 150–170 mm, i.e. 354–402 px
        png = subprocess.run(["pdftoppm", "-r", "60", "-gray", "-x", "0", "-y", "330", "-W", "496",
                              "-H", "100", str(src)], capture_output=True, check=True, timeout=60).stdout
        header_end = png.index(b"255\n") + 4            # PGM: count dark pixels in the text band
        dark = sum(1 for b in png[header_end:] if b < 128)
        assert dark > 500, (name, dark)
        assert text.replace(" ", "") in _text(src.read_bytes()).replace(" ", "")


# -- the one-pass line breaker is fpdf2's line breaker ---------------------------------------------------

def _doc() -> WthDocument:
    return WthDocument(document_id="T", version=1, municipality_name="Venlo", title="t", is_draft=False,
                       generated_at=sample_beschikking().generated_at)


_WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZëéïĲ€—–“”.,;:()0123456789-",
                 min_size=0, max_size=40)
_TEXTS = st.lists(st.tuples(_WORDS, st.sampled_from([" ", " ", " ", "  ", "\n", "\n\n", " \n"])),
                  max_size=60).map(lambda parts: "".join(w + sep for w, sep in parts))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=_TEXTS, width=st.floats(min_value=8, max_value=170), style=st.sampled_from(["", "B", "I", "BI"]),
       size=st.sampled_from([8.5, 9, 10.5, 12.5, 16]), padding=st.sampled_from([0, 1.2]))
def test_lines_equal_fpdf2s_lines(text, width, style, size, padding):
    doc = _doc()
    doc.set_font(FONT_FAMILY, style, size)
    fast = doc.multi_cell(width, 5, text, dry_run=True, output="LINES", padding=padding)
    doc._fpdf2_line_breaker = True
    try:
        slow = doc.multi_cell(width, 5, text, dry_run=True, output="LINES", padding=padding)
    except Exception as exc:  # noqa: BLE001 - fpdf2 refuses a character wider than the line
        assert "Not enough horizontal space" in str(exc)
        return
    assert fast == slow


def _both_ways(render):
    fast = render()
    WthDocument._fpdf2_line_breaker = True
    try:
        slow = render()
    finally:
        WthDocument._fpdf2_line_breaker = False
    return fast, slow


_SAME_LAYOUT = {
    "beschikking": lambda: render_beschikking_oplegging(sample_beschikking()),
    "beschikking, 80 namen": lambda: render_beschikking_oplegging(sample_beschikking(protected_persons=tuple(
        ProtectedPerson(f"Persoon {i}", "kind", "woont in de woning", "BRP") for i in range(80)))),
    "beschikking, lange feiten": lambda: render_beschikking_oplegging(sample_beschikking(
        facts="\n\n".join(" ".join(f"woord{i}" for i in range(j, j + 250)) for j in range(0, 2000, 250)))),
    "rihg, 20 signalen": lambda: render_rihg_report(sample_rihg_report_full(load_catalogue())),
}


@pytest.mark.parametrize("name", sorted(_SAME_LAYOUT))
def test_documents_have_the_same_pages_and_text_as_with_fpdf2s_line_breaker(name):
    fast, slow = _both_ways(_SAME_LAYOUT[name])
    assert _page_texts(fast) == _page_texts(slow)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler's pdftoppm is not installed")
@pytest.mark.parametrize("name", sorted(_SAME_LAYOUT))
def test_documents_render_to_the_same_pixels_as_with_fpdf2s_line_breaker(name, tmp_path):
    pngs = []
    for label, pdf in zip(("fast", "slow"), _both_ways(_SAME_LAYOUT[name])):
        (tmp_path / f"{label}.pdf").write_bytes(pdf)
        subprocess.run(["pdftoppm", "-r", "40", "-png", str(tmp_path / f"{label}.pdf"), str(tmp_path / label)],
                       check=True, capture_output=True, timeout=120)
        pngs.append(sorted(tmp_path.glob(f"{label}-*.png")))
    assert len(pngs[0]) == len(pngs[1])
    for a, b in zip(*pngs):
        assert a.read_bytes() == b.read_bytes(), a.name


# -- the plain-line writer writes what fpdf2's line renderer writes ----------------------------------------

def _with_fpdf2_renderer(render):
    WthDocument._fpdf2_line_renderer = True
    try:
        return render()
    finally:
        WthDocument._fpdf2_line_renderer = False


_ALL_DOCUMENTS = {
    **_SAME_LAYOUT,
    "beschikking, concept": lambda: render_beschikking_oplegging(sample_beschikking(is_draft=True, decided_at=None)),
    "proces-verbaal": lambda: render_pv_uitreiking(sample_uitreiking()),
    "verlenging": lambda: render_beschikking_verlenging(sample_verlenging()),
    "intrekking": lambda: render_beschikking_intrekking(sample_intrekking()),
    "rihg": lambda: render_rihg_report(sample_rihg_report()),
    "informatie uithuisgeplaatste": lambda: render_info_uithuisgeplaatste(sample_info_uithuisgeplaatste()),
    "informatie achterblijvers": lambda: render_info_achterblijvers(sample_info_achterblijvers()),
    "melding Veilig Thuis": lambda: render_veilig_thuis_notice(sample_veilig_thuis_notice()),
}


@pytest.mark.parametrize("name", sorted(_ALL_DOCUMENTS))
def test_documents_are_byte_for_byte_what_fpdf2s_line_renderer_writes(name):
    assert _ALL_DOCUMENTS[name]() == _with_fpdf2_renderer(_ALL_DOCUMENTS[name])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cells=st.lists(st.tuples(_TEXTS, st.sampled_from(["L", "C", "R"]), st.sampled_from(["", "B", "I", "BI"]),
                                st.sampled_from([(0, 0, 0), (180, 0, 0), (255, 255, 255)]),
                                st.sampled_from([0, 1.2]), st.sampled_from(["RIGHT", "LMARGIN", "LEFT"]),
                                st.sampled_from(["NEXT", "TOP"])), min_size=1, max_size=8),
       fill=st.sampled_from([(255, 255, 255), (250, 215, 60)]))
def test_any_plain_text_is_written_byte_for_byte_as_fpdf2_writes_it(cells, fill):
    def render():
        doc = _doc()
        doc.set_fill_color(*fill)
        for text, align, style, colour, padding, new_x, new_y in cells:
            doc.set_font(FONT_FAMILY, style, 10.5)
            doc.set_text_color(*colour)
            doc.set_x(doc.l_margin + 10)
            doc.multi_cell(120, 5.2, text, align=align, padding=padding, new_x=new_x, new_y=new_y)
            if new_y == "TOP":
                doc.ln(5.2)
        return doc.to_bytes()

    assert render() == _with_fpdf2_renderer(render)
