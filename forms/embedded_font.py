"""The documents' font, parsed once per process, and how each PDF embeds it (fpdf2).
Implements no article of the Wth: every decision prints the same, fast.

Owns the per-process font cache: the four Liberation Sans styles are parsed once (fpdf2's
``add_font`` parses a TTF and builds its width and glyph tables: ~10 ms per style per document), and
each style's *font program* (the TrueType bytes written into the PDF) is cut once per process for a
fixed repertoire of characters instead of per document (fontTools subsetting costs ~10 ms per style
per document). A document embeds, per style it actually uses, the smallest repertoire that covers
every character it drew:

1. ``basis`` — ASCII, Latin-1 (é ë ï ö ü ç ñ …), Ĳ/ĳ and the typographic punctuation of the forms
   (– — ‘ ’ “ ” „ • … €);
2. ``latijn`` — plus Latin Extended-A and -B (ł ş ğ ı ő ș ț …: names in the BRP's Latin spelling);
3. otherwise (any other character the font has, e.g. Greek) a subset made for this document only.

The choice depends only on the characters in the document, so the same data and version give the
same bytes in every process (tested). The price is size: a repertoire program is ~25–30 KB per
style against ~12 KB for an exact subset. Nothing here changes what the text says: widths, the
character-to-glyph map and the ToUnicode map (text extraction, search) are built from the glyphs
the document used, exactly as fpdf2 builds them.

Not thread-hostile: the caches are filled under a lock and read-only afterwards; every document gets
its own font objects (fpdf2 writes into them while producing the PDF).
"""
from __future__ import annotations

import io
import logging
import threading
import zlib
from dataclasses import dataclass
from pathlib import Path

from fontTools import subset as ftsubset
from fontTools.ttLib import TTFont
from fpdf import FPDF
from fpdf.fonts import SubsetMap, TTFFont
from fpdf.output import (
    CIDSystemInfo,
    OutputProducer,
    PDFFont,
    PDFFontStream,
    _build_cmap_blocks,
    _tt_font_widths,
)
from fpdf.syntax import Name, PDFArray, PDFContentStream

log = logging.getLogger(__name__)

FONT_DIR = Path(__file__).resolve().parent / "fonts"
FONT_FAMILY = "LiberationSans"
FONT_FILES = {
    "": "LiberationSans-Regular.ttf",
    "B": "LiberationSans-Bold.ttf",
    "I": "LiberationSans-Italic.ttf",
    "BI": "LiberationSans-BoldItalic.ttf",
}

_PUNCTUATION = "–—‘’‚“”„•…€′″‰‹›†‡™−≤≥"
REPERTOIRES: tuple[tuple[str, frozenset[int]], ...] = (
    ("basis", frozenset([*range(0x20, 0x7F), *range(0xA0, 0x100), 0x132, 0x133,
                         *map(ord, _PUNCTUATION)])),
    ("latijn", frozenset([*range(0x20, 0x7F), *range(0xA0, 0x250), *map(ord, _PUNCTUATION)])),
)

# fpdf2 2.8.9's subsetting options (fpdf/output.py), so a per-document subset is what fpdf2 would make.
_DROP_TABLES = ["FFTM", "GDEF", "GPOS", "GSUB", "MATH", "hdmx", "meta", "sbix", "CBDT", "CBLC", "EBDT",
                "EBLC", "EBSC", "SVG ", "CPAL", "COLR"]


@dataclass(frozen=True)
class FontProgram:
    """TrueType bytes to embed: ``compressed`` (zlib), ``length`` uncompressed, ``gid`` glyph name → id."""
    compressed: bytes
    length: int
    gid: dict[str, int]


def _subset_options() -> ftsubset.Options:
    options = ftsubset.Options(notdef_outline=True, recommended_glyphs=True)
    options.drop_tables += _DROP_TABLES
    # TrueType hinting (glyph programs, fpgm/prep/cvt) is more than half of each program and PDF
    # viewers rasterise without it (checked with pdftoppm at 60-150 dpi): leaving it out keeps a
    # repertoire program (~11 KB zlib) no larger than fpdf2's hinted per-document subset (~12 KB).
    options.hinting = False
    return options


def _cut(raw: bytes, *, glyphs: list[str] | None = None, unicodes: list[int] | None = None) -> FontProgram:
    font = TTFont(io.BytesIO(raw), recalcTimestamp=False, lazy=True)
    subsetter = ftsubset.Subsetter(_subset_options())
    if glyphs is not None:
        subsetter.populate(glyphs=glyphs)
    else:
        subsetter.populate(unicodes=unicodes)
    subsetter.subset(font)
    gid = {name: i for i, name in enumerate(font.getGlyphOrder())}
    out = io.BytesIO()
    font.save(out)
    font.close()
    data = out.getvalue()
    return FontProgram(zlib.compress(data, PDFContentStream._COMPRESSION_LEVEL), len(data), gid)


class _Style:
    """One style, parsed once: fpdf2's own TTFFont (metrics, cmap, widths) and the file bytes."""

    def __init__(self, style: str):
        path = FONT_DIR / FONT_FILES[style]
        self.raw = path.read_bytes()
        scratch = FPDF()
        scratch.add_font(FONT_FAMILY, style, str(path))
        self.prototype: TTFFont = scratch.fonts[f"{FONT_FAMILY.lower()}{style}"]
        self.prototype.ttfont.close()          # metrics are copied out; the program comes from raw
        self.prototype.ttfont = None
        self.programs: dict[str, FontProgram] = {}
        self.repertoire_glyphs: dict[str, frozenset[str]] = {
            name: frozenset({".notdef", *(self.prototype.cmap[u] for u in codes if u in self.prototype.cmap)})
            for name, codes in REPERTOIRES}


_lock = threading.Lock()
_styles: dict[str, _Style] = {}


def _style(style: str) -> _Style:
    s = _styles.get(style)
    if s is None:
        with _lock:
            s = _styles.get(style)
            if s is None:
                s = _styles[style] = _Style(style)
    return s


def _repertoire_program(s: _Style, name: str) -> FontProgram:
    p = s.programs.get(name)
    if p is None:
        with _lock:
            p = s.programs.get(name)
            if p is None:
                codes = dict(REPERTOIRES)[name]
                p = s.programs[name] = _cut(s.raw, unicodes=sorted(codes))
    return p


def warm_up() -> None:
    """Parse all styles and cut the ``basis`` programs now (~0.2 s) instead of in the first document."""
    for style in FONT_FILES:
        _repertoire_program(_style(style), REPERTOIRES[0][0])


def printable_codepoints() -> frozenset[int]:
    """Code points every style of the document font can draw (the intersection of the cmaps)."""
    return frozenset(set.intersection(*(set(_style(st).prototype.cmap) for st in FONT_FILES)))


def char_widths(style: str) -> dict[int, float]:
    """Advance widths of ``style`` in 1/1000 em per code point (fpdf2's table; a missing code point
    has the .notdef width). Shared and read-only: do not modify."""
    return _style(style).prototype.cw


class DocumentFont(TTFFont):
    """A per-document copy of a cached style: shares the parsed tables, owns its glyph subset."""
    __slots__ = ("wth_style",)


def document_font(pdf: FPDF, style: str) -> DocumentFont:
    """A fresh font object for ``pdf`` (index ``len(pdf.fonts) + 1``), as ``add_font`` would make."""
    proto = _style(style).prototype
    f = DocumentFont.__new__(DocumentFont)
    for slot in TTFFont.__slots__:
        if hasattr(proto, slot):
            setattr(f, slot, getattr(proto, slot))
    f.wth_style = style
    f.i = len(pdf.fonts) + 1
    f.desc = type(proto.desc).__new__(type(proto.desc))   # output writes name/stream into it
    f.desc.__dict__.update(proto.desc.__dict__)
    f.missing_glyphs = []
    f.biggest_size_pt = 0
    f.ttfont = None
    f._hbfont = None
    f.subset = SubsetMap(f)
    return f


def _program_for(font: DocumentFont) -> tuple[str, FontProgram]:
    s = _style(font.wth_style)
    names = {g.glyph_name for g, _ in font.subset.items() if g is not None}
    for name, _codes in REPERTOIRES:
        if names <= s.repertoire_glyphs[name]:
            return name, _repertoire_program(s, name)
    return "document", _cut(s.raw, glyphs=sorted(names))


class WthOutputProducer(OutputProducer):
    """fpdf2's producer, embedding :class:`DocumentFont` fonts from the per-process programs.

    The PDF objects are those fpdf2 2.8.9 writes for a TrueType font (Type0 + CIDFontType2,
    ToUnicode, CIDSystemInfo, FontDescriptor, CIDToGIDMap, FontFile2), in the same order.
    """

    def _add_fonts(self, image_objects_per_index, gfxstate_objs_per_name, pattern_objs_per_name):
        fonts = self.fpdf.fonts
        ours = sorted((f for f in fonts.values() if isinstance(f, DocumentFont)), key=lambda f: f.i)
        others = {k: f for k, f in fonts.items() if not isinstance(f, DocumentFont)}
        result = {}
        if others:
            self.fpdf.fonts = others
            try:
                result.update(super()._add_fonts(image_objects_per_index, gfxstate_objs_per_name,
                                                 pattern_objs_per_name))
            finally:
                self.fpdf.fonts = fonts
        for font in ours:
            result[font.i] = self._embed(font)
        return result

    def _embed(self, font: DocumentFont) -> PDFFont:
        if font.missing_glyphs:
            log.warning("Font %s mist %d tekens", font.fontkey, len(font.missing_glyphs))
        _, program = _program_for(font)
        fontname = f"MPDFAA+{font.name}"
        composite = PDFFont(subtype="Type0", base_font=fontname, encoding="Identity-H")
        self._add_pdf_obj(composite, "fonts")
        cid_font = PDFFont(subtype="CIDFontType2", base_font=fontname, d_w=font.desc.missing_width,
                           w=_tt_font_widths(font))
        self._add_pdf_obj(cid_font, "fonts")
        composite.descendant_fonts = PDFArray([cid_font])

        bf_char = []
        cid_to_gid = bytearray(2 * 65536)
        for glyph, code in font.subset.items():
            if glyph is None:
                continue
            gid = program.gid[glyph.glyph_name]
            cid_to_gid[2 * code] = gid >> 8
            cid_to_gid[2 * code + 1] = gid & 0xFF
            if isinstance(glyph.unicode, tuple) and glyph.unicode:
                bf_char.append(f"<{code:04X}> <{''.join(_utf16_hex(u) for u in glyph.unicode)}>\n")
        to_unicode = PDFContentStream((
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo\n"
            "<</Registry (Adobe)\n/Ordering (UCS)\n/Supplement 0\n>> def\n"
            "/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n"
            "<0000> <FFFF>\nendcodespacerange\n"
            f"{_build_cmap_blocks(bf_char, 'bfchar')}"
            "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend").encode("latin-1"))
        self._add_pdf_obj(to_unicode, "fonts")
        composite.to_unicode = to_unicode

        system_info = CIDSystemInfo()
        self._add_pdf_obj(system_info, "fonts")
        cid_font.c_i_d_system_info = system_info

        descriptor = font.desc
        descriptor.font_name = Name(fontname)
        self._add_pdf_obj(descriptor, "fonts")
        cid_font.font_descriptor = descriptor

        gid_map = PDFContentStream(contents=bytes(cid_to_gid), compress=True)
        self._add_pdf_obj(gid_map, "fonts")
        cid_font.c_i_d_to_g_i_d_map = gid_map

        stream = PDFFontStream(contents=b"")
        stream._contents = program.compressed          # compressed once per process, not per PDF
        stream.length = len(program.compressed)
        stream.length1 = program.length
        self._add_pdf_obj(stream, "fonts")
        descriptor.font_file2 = stream

        # fpdf2 memoises these on the class (all documents): drop this document's entries.
        font.subset.pick.cache_clear()
        font.subset.get_glyph.cache_clear()
        return composite


def _utf16_hex(code: int) -> str:
    if code > 0xFFFF:
        high = 0xD800 | (code - 0x10000) >> 10
        low = 0xDC00 | (code & 0x3FF)
        return f"{high:04X}{low:04X}"
    return f"{code:04X}"
