"""Page layout shared by every Wth document (fpdf2): letterhead, footer, CONCEPT marking, Dutch dates.
Implements no article itself; it is the frame of every written decision (art. 2 lid 4 Wth).

One :class:`WthDocument` per PDF: A4, 20 mm margins, the municipal letterhead on page 1, a footer
"<document_id> · versie <n> · pagina x van y" on every page, a clear CONCEPT marking on drafts and
a reserved box on the last page where :func:`forms.signing.sign_pdf` puts the visible signature.

Fonts: Liberation Sans 2.1.5 (SIL OFL 1.1, see ``forms/fonts/OFL.txt``), embedded as TTF in all four
styles so € ë é ï ç Ĳ “ ” ‘ ’ – — render and extract correctly; parsed once per process and
embedded from per-process font programs (:mod:`forms.embedded_font`).

Speed: ``multi_cell`` text (nearly all text of the forms, table cells included) is broken into lines
here, in one pass with the cached width table (fpdf2's own line breaker re-measures the whole line for
every character: quadratic in the line length), and a plain line is written with the operators fpdf2
would write, without its per-line objects. Tests compare both with fpdf2 on many texts: the same lines,
the same bytes. Anything else (justified text, markdown, soft hyphens, exotic spaces, links, underline)
still goes through fpdf2.
"""
from __future__ import annotations


import re
import types
from html import escape
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from fpdf import FPDF
from fpdf.enums import Align, CharVPos, MethodReturnValue, TextMode, WrapMode, XPos, YPos
from fpdf.fonts import FontFace
from fpdf.line_break import BREAKING_SPACE_SYMBOLS_STR, FORM_FEED, NBSP, SOFT_HYPHEN, TextLine
from fpdf.table import draw_box_borders
from fpdf.util import Padding

from forms import embedded_font
from procedure.domain.local_time import dst_suffix
from procedure.domain.validation import normalise_whitespace
from forms.embedded_font import FONT_DIR, FONT_FAMILY  # noqa: F401  (re-exported for callers)
from forms.senders import Sender, municipal_sender

AMSTERDAM = ZoneInfo("Europe/Amsterdam")

PAGE_W_MM = 210.0
PAGE_H_MM = 297.0
MARGIN_MM = 20.0
BOTTOM_MARGIN_MM = 22.0  # room for the footer
BODY_PT = 10.5
LINE_MM = 5.2
#: room a heading keeps below its own top (mm): level 2 = its ~9 mm + a table's heading row and two rows
#: (3 lines + padding, as ``data_table`` asks) or three lines of text; level 1 = its ~10.5 mm + a level-2 block
HEADING_KEEP_MM = {2: 9.0 + 3 * LINE_MM + 4 + 3.0, 1: 10.5 + 9.0 + 3 * LINE_MM + 4 + 3.0}

# Size of the visible signature box in mm (width, height). Its place is chosen by the layout (just
# below the last content, on the last page) and written into the PDF's XMP metadata
# (``wth:signatureBox`` in PDF points, ``wth:signaturePage`` 1-based) so sign_pdf can find it.
SIGNATURE_BOX_SIZE_MM = (105.0, 28.0)
XMP_NAMESPACE = "urn:wth-zaaksysteem:forms:1"
_POINTS_PER_MM = 72.0 / 25.4


def mm_box_to_points(x: float, y: float, w: float, h: float) -> tuple[int, int, int, int]:
    """A box given in mm from the top-left of an A4 page as PDF points ``(x1, y1, x2, y2)``
    (origin bottom-left), as pyHanko's ``SigFieldSpec.box`` expects."""
    k = _POINTS_PER_MM
    return (round(x * k), round((PAGE_H_MM - y - h) * k), round((x + w) * k), round((PAGE_H_MM - y) * k))


def _local(dt: datetime) -> datetime:
    if dt.tzinfo is None or dt.utcoffset() is None:
        raise ValueError(f"tijdstip zonder tijdzone: {dt!r}")
    return dt.astimezone(AMSTERDAM)


def nl_datetime(dt: datetime, *, weekday: bool = False) -> str:
    """Dutch date and time in Europe/Amsterdam, e.g. ``"9 augustus 2015 om 16:39 uur"``.

    Args:
        dt: timezone-aware instant (any zone; converted to Europe/Amsterdam).
        weekday: prefix the day name ("zondag 9 augustus 2015 om 16:39 uur").
    Raises:
        ValueError: ``dt`` is naive (a naive time cannot be placed to the hour, procedure.md §5).
    """
    pattern = ("EEEE " if weekday else "") + "d MMMM y 'om' HH:mm 'uur'"
    # the autumn repeated hour happens twice: say which (issue 14, point 3)
    return format_datetime(_local(dt), pattern, locale="nl_NL", tzinfo=AMSTERDAM) + dst_suffix(dt)


def nl_date(d: date | datetime) -> str:
    """Dutch long date, e.g. ``"9 augustus 2015"``; an aware datetime is first put in Europe/Amsterdam.

    Raises:
        ValueError: a naive datetime.
    """
    if isinstance(d, datetime):
        d = _local(d).date()
    return format_date(d, "d MMMM y", locale="nl_NL")


def split_paragraphs(text: str) -> list[str]:
    """Split free text on blank lines; single newlines inside a paragraph are kept."""
    parts = re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip())
    return [p.strip() for p in parts if p.strip()]


# fpdf2 replaces its page-count alias wherever it occurs, also in typed text: with the default "{nb}" a
# user's "{nb}" became the number of pages in a signed decision. U+001F is refused in every text field
# (procedure.domain.validation: control characters), so only the footer can contain this alias.
PAGE_COUNT_ALIAS = "\x1f#\x1f"

# Characters fpdf2's line breaker treats specially (other break spaces, NBSP, soft hyphen, form feed):
# text containing any of them is left to fpdf2.
_SPECIAL_BREAK_CHARS = frozenset(BREAKING_SPACE_SYMBOLS_STR.replace(" ", "") + NBSP + SOFT_HYPHEN + FORM_FEED
                                 + "\r")
_FLOAT_TOLERANCE = 1e-9          # fpdf.util.FloatTolerance


class WthDocument(FPDF):
    """A4 page frame for all Wth documents (beschikkingen, proces-verbaal, information letters).

    Args:
        document_id: e.g. ``"HV-2026-0007-OPL"``; printed in every footer.
        version: document version (1, 2, ...); a correction is a new version (procedure.md §7).
        municipality_name: e.g. ``"Venlo"``.
        title: PDF metadata title.
        sender: who makes the document (:mod:`forms.senders`); its two lines are the letterhead and its
            organisation the PDF author. Default: "Gemeente Venlo / De burgemeester van Venlo".
        is_draft: adds a "CONCEPT — niet ondertekend" band and watermark on every page.
        generated_at: aware datetime; the PDF creation date, so equal input gives equal bytes.
    """

    # True: every multi_cell goes through fpdf2's own line breaker / line renderer (tests compare both ways).
    _fpdf2_line_breaker = False
    _fpdf2_line_renderer = False

    def __init__(
        self,
        *,
        document_id: str,
        version: int,
        municipality_name: str,
        title: str,
        is_draft: bool,
        generated_at: datetime,
        sender: Sender | None = None,
    ) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.document_id = document_id
        self.doc_version = version
        self.municipality_name = municipality_name
        self.sender = sender or municipal_sender(municipality_name)
        self.is_draft = is_draft
        self.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
        self.set_auto_page_break(True, margin=BOTTOM_MARGIN_MM)
        self.alias_nb_pages(PAGE_COUNT_ALIAS)
        self.set_creation_date(_local(generated_at))
        self.set_title(title)
        self.set_author(self.sender.organisation)
        self.set_subject(f"{title} ({document_id}, versie {version})")
        self.set_creator("Wth-zaaksysteem")
        self.set_lang("nl-NL")
        self.set_text_color(0, 0, 0)
        self.set_font(FONT_FAMILY, "", BODY_PT)
        self.add_page()

    # -- fonts: parsed once per process (forms.embedded_font), registered on first use -----------
    def set_font(self, family=None, style="", size=0):  # noqa: D102 (fpdf2 API)
        fam = (family or self.font_family or "").lower()
        st = "".join(sorted(str(getattr(style, "style", style)).upper().replace("U", "").replace("S", "")))
        key = f"{fam}{st}"
        if fam == FONT_FAMILY.lower() and key not in self.fonts and st in embedded_font.FONT_FILES:
            self.fonts[key] = embedded_font.document_font(self, st)
        super().set_font(family, style, size)

    def output(self, *args, **kwargs):  # noqa: D102 (fpdf2 API)
        kwargs.setdefault("output_producer_class", embedded_font.WthOutputProducer)
        return super().output(*args, **kwargs)

    # -- text: one pass line breaking -----------------------------------------------------------
    def _break_lines(self, text: str, max_w: float) -> tuple[list[str], bool]:
        """``text`` broken into lines of at most ``max_w`` mm in the current font, as fpdf2's WORD
        wrap breaks them, plus whether the text ended in a newline (fpdf2 then adds an ``ln()``)."""
        max_w += _FLOAT_TOLERANCE
        cw = self.current_font.cw
        scale = self.font_size_pt * 0.001 / self.k
        space_w = cw[32] * scale
        parts = text.split("\n")
        lines: list[str] = []
        for k, part in enumerate(parts):
            start, width, space_at, before_space = 0, 0.0, -1, 0.0
            i, n = 0, len(part)
            while i < n:
                ch = part[i]
                ch_w = cw[ord(ch)] * scale
                if width + ch_w > max_w:
                    if ch == " ":                      # the overflowing space itself is dropped
                        lines.append(part[start:i])
                        start, width, space_at = i + 1, 0.0, -1
                        i += 1
                        continue
                    if space_at >= 0:                  # back to the last space on this line
                        lines.append(part[start:space_at])
                        width -= before_space + space_w
                        start, space_at = space_at + 1, -1
                        continue
                    if i > start:                      # one word wider than the line: cut it
                        lines.append(part[start:i])
                        start, width = i, 0.0
                        continue
                    # one character wider than the line: fpdf2 raises, we print it anyway
                if ch == " ":
                    space_at, before_space = i, width
                width += ch_w
                i += 1
            # A newline ends a line even when it is empty; at the end of the text fpdf2 makes no
            # empty line (after a final newline or a dropped space), unless the text is empty.
            if k < len(parts) - 1 or part[start:] or not lines:
                lines.append(part[start:])
        return lines, len(parts) > 1 and text.endswith("\n")

    def wrap_lines(self, text: str, w: float) -> list[str]:
        """The lines ``multi_cell(w, …, text)`` prints in the current font (``w`` in mm, 0 = up to
        the right margin; the cell margin on both sides is not used for text)."""
        if w == 0:
            w = self.w - self.r_margin - self.x
        return self._break_lines(text, w - 2 * self.c_margin)[0]

    @staticmethod
    def _fast_text_ok(text, align, dry_run, flags) -> bool:
        return (isinstance(text, str) and not any(flags) and _SPECIAL_BREAK_CHARS.isdisjoint(text)
                # justified text sets word spacing per line: left to fpdf2 (a measuring run is not
                # justified: justification moves no line break)
                and (dry_run or Align.coerce(align) in (Align.L, Align.R, Align.C)))

    def cell(self, w=None, h=None, text="", *args, **kwargs):
        """fpdf2's ``cell`` with odd whitespace printed as what it means (one line: separators become spaces)."""
        if isinstance(text, str):
            text = normalise_whitespace(text, one_line=True)
        return super().cell(w, h, text, *args, **kwargs)

    def multi_cell(self, w, h=None, text="", border=0, align=Align.J, fill=False, split_only=False,
                   link=None, ln="DEPRECATED", max_line_height=None, markdown=False, print_sh=False,
                   new_x=XPos.RIGHT, new_y=YPos.NEXT, wrapmode=WrapMode.WORD, dry_run=False,
                   output=MethodReturnValue.PAGE_BREAK, center=False, padding=0):
        """fpdf2 2.8.9's ``multi_cell`` with a one-pass line breaker (see the module docstring).

        Same arguments, output and return values; the rendering below is fpdf2's own loop. Calls it
        does not cover (justified text, markdown, CHAR wrap, soft hyphens, special spaces, text
        shaping, core fonts, deprecated arguments) go to fpdf2 unchanged.
        """
        if isinstance(text, str):
            text = normalise_whitespace(text)      # U+2028, tabs, odd spaces: printed as what they mean
        args = dict(w=w, h=h, text=text, border=border, align=align, fill=fill, link=link,
                    max_line_height=max_line_height, markdown=markdown, print_sh=print_sh, new_x=new_x,
                    new_y=new_y, wrapmode=wrapmode, output=output, center=center, padding=padding)
        if (self._fpdf2_line_breaker or split_only or ln != "DEPRECATED" or not self.is_ttf_font
                or self.text_shaping
                or not self._fast_text_ok(text, align, dry_run, (markdown, print_sh, center,
                                                                 WrapMode.coerce(wrapmode) != WrapMode.WORD))):
            return super().multi_cell(split_only=split_only, ln=ln, dry_run=dry_run, **args)
        output = args["output"] = MethodReturnValue.coerce(output)
        measuring_only = (not isinstance(self._out, types.MethodType)    # inside _disable_writing()
                          and YPos.coerce(new_y) == YPos.TOP
                          and XPos.coerce(new_x) in (XPos.RIGHT, XPos.LEFT, XPos.LMARGIN))
        if measuring_only or (dry_run and not output & MethodReturnValue.PAGE_BREAK):
            return self._measure(move=measuring_only, **args)   # e.g. fpdf2's table row heights
        if dry_run:
            if Align.coerce(align) == Align.J:
                args["align"] = Align.L
            with self._disable_writing():
                return self.multi_cell(**args)

        # From here on fpdf2 2.8.9's FPDF.multi_cell, with MultiLineBreak replaced by _break_lines.
        padding = Padding.new(padding)
        new_x, new_y, align = XPos.coerce(new_x), YPos.coerce(new_y), Align.coerce(align)
        if h is None:
            h = self.font_size
        if w == 0:
            w = self.w - self.r_margin - self.x
        prev_x, prev_y = self.x, self.y
        w = w - padding.right - padding.left
        clearance = (0 if padding.left else self.c_margin) + (0 if padding.right else self.c_margin)
        self.x += padding.left
        self.y += padding.top
        lines, trailing_nl = self._break_lines(text, w - clearance)
        line_height = h if max_line_height is None or len(lines) == 1 else min(h, max_line_height)
        box_required = fill or border
        page_break_triggered = False
        total_height = 0.0
        line_padding = Padding(0, padding.right, 0, padding.left)
        for index, line in enumerate(lines):
            start_of_new_page = self._perform_page_break_if_need_be(h + padding.bottom)
            if start_of_new_page:
                page_break_triggered = True
                self.y += padding.top
            if box_required and (index == 0 or start_of_new_page):
                top_gap = self.y
                bottom_gap = padding.bottom + self.b_margin
                lines_before_break = int((self.h - top_gap - bottom_gap) // line_height)
                num_lines = min(lines_before_break, len(lines) - index)
                box_height = max(h - index * line_height, num_lines * line_height)
                draw_box_borders(self, self.x - padding.left, self.y - padding.top,
                                 self.x + w + padding.right, self.y + box_height + padding.bottom,
                                 border, self.fill_color if fill else None)
            is_last_line = index == len(lines) - 1
            line_x = new_x if is_last_line else XPos.LEFT
            line_y = new_y if is_last_line else YPos.NEXT
            if not self._plain_line(line, w, line_height, align, line_x, line_y, line_padding, link):
                self._render_styled_text_line(
                    TextLine(self._preload_font_styles(line, False), text_width=0,
                             number_of_spaces=line.count(" "), align=align, height=h, max_width=w,
                             trailing_nl=trailing_nl and is_last_line),
                    h=line_height, new_x=line_x, new_y=line_y, border=0, fill=False, link=link,
                    padding=line_padding)
            total_height += line_height
        if total_height < h:
            if new_y == YPos.NEXT:
                self.y += h - total_height
            total_height = h
        if page_break_triggered and new_y == YPos.TOP:
            prev_y = self.y
        if trailing_nl and new_y in (YPos.LAST, YPos.NEXT):
            self.ln()
        if new_y == YPos.TOP:
            self.y = prev_y
        elif new_y == YPos.NEXT:
            self.y += padding.bottom
        if new_x == XPos.RIGHT:
            self.x += padding.right
        elif new_x == XPos.LEFT:
            self.x -= padding.left
        return self._multi_cell_result(output, page_break_triggered, lines,
                                       total_height + padding.top + padding.bottom)

    def _plain_line(self, line: str, w: float, h: float, align: Align, new_x: XPos, new_y: YPos,
                    padding: Padding, link) -> bool:
        """Write one line of plain text the way fpdf2 2.8.9's ``_render_styled_text_line`` writes it (the
        same PDF operators, byte for byte: a test compares), without its per-line fragment objects, graphics
        state copies and general cases. Returns False, writing nothing, when the line needs one of those
        cases (the caller then uses fpdf2's method): links, underline or strike-through, character spacing,
        stretching, a text mode, sub/superscript, fallback fonts, the page-count alias, justified text, or a
        position fpdf2 computes differently."""
        if (self._fpdf2_line_renderer or link
                or self._fallback_font_ids or self.underline or self.strikethrough or self.char_spacing
                or self.font_stretching != 100 or self.text_mode != TextMode.FILL
                or self.char_vpos != CharVPos.LINE or self._record_text_quad_points
                or align not in (Align.L, Align.R, Align.C)
                or new_x not in (XPos.LEFT, XPos.RIGHT, XPos.LMARGIN) or new_y not in (YPos.NEXT, YPos.TOP)
                or (self.str_alias_nb_pages and self.str_alias_nb_pages in line)):
            return False
        self._perform_page_break_if_need_be(h)
        k = self.k
        if line:
            font = self.current_font
            l_c_margin = self.c_margin if padding.left == 0 else 0.0
            if align == Align.L:
                dx = l_c_margin
            else:
                width = sum(font.cw[ord(c)] for c in line) * self.font_size_pt * 0.001 / k
                dx = w - l_c_margin - width if align == Align.R else (w - width) / 2
            ops = [f"BT {(self.x + dx) * k:.2f} {(self.h - self.y - 0.5 * h - 0.3 * self.font_size) * k:.2f} Td"]
            colour_changed = self.text_color != self.fill_color
            if colour_changed:
                ops.append(self.text_color.serialize().lower())
            if not self.current_font_is_set_on_page:      # fpdf2 sets it in its own text object first
                self._out(self._set_font_for_page(font, self.font_size_pt))
            pick = font.subset.pick
            codes = [pick(ord(ch)) for ch in line]
            ops.append(f"({font.escape_text(''.join(chr(c) for c in codes if c))}) Tj")
            ops.append("ET")
            out = " ".join(ops)
            self._out(f"q {out} Q" if colour_changed else out)
        self._lasth = h or self.font_size
        if new_x == XPos.RIGHT:
            self.x += w
        elif new_x == XPos.LMARGIN:
            self.x = self.l_margin
        if new_y == YPos.NEXT:
            self.y += h
        return True

    def _measure(self, *, w, h, text, max_line_height, padding, output, new_x, move=False, **_ignored):
        """What ``multi_cell`` returns, without rendering (fpdf2 renders with writing disabled to
        measure). ``move``: also leave x where a ``new_y=TOP`` call leaves it (y does not change)."""
        padding = Padding.new(padding)
        if h is None:
            h = self.font_size
        full_w = self.w - self.r_margin - self.x if w == 0 else w
        w = full_w - padding.right - padding.left
        clearance = (0 if padding.left else self.c_margin) + (0 if padding.right else self.c_margin)
        lines, _ = self._break_lines(text, w - clearance)
        line_height = h if max_line_height is None or len(lines) == 1 else min(h, max_line_height)
        total = max(len(lines) * line_height, h)
        # fpdf2 breaks before the first line that does not fit; y only grows, so that is the last one
        last_y = self.y + padding.top + (len(lines) - 1) * line_height
        page_break = (last_y + h + padding.bottom > self.page_break_trigger and not self.in_footer
                      and self.accept_page_break)
        if move:
            new_x = XPos.coerce(new_x)
            if new_x == XPos.RIGHT:
                self.x += full_w
            elif new_x == XPos.LMARGIN:
                self.x = self.l_margin
        return self._multi_cell_result(output, page_break, lines, total + padding.top + padding.bottom)

    @staticmethod
    def _multi_cell_result(output, page_break: bool, lines: list[str], height: float):
        result: tuple = ()
        if output & MethodReturnValue.PAGE_BREAK:
            result += (page_break,)
        if output & MethodReturnValue.LINES:
            result += (lines,)
        if output & MethodReturnValue.HEIGHT:
            result += (height,)
        return result[0] if len(result) == 1 else result

    # -- page furniture -------------------------------------------------------------------------
    def header(self) -> None:  # noqa: D102 (fpdf2 hook)
        if self.is_draft:
            self._draft_marking()
        if self.page_no() == 1:
            self.set_font(FONT_FAMILY, "B", 16)
            self.set_text_color(0, 56, 112)
            self.cell(0, 8, self.sender.organisation, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.set_font(FONT_FAMILY, "", 11)
            self.set_text_color(60, 60, 60)
            self.cell(0, 6, self.sender.department, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.set_draw_color(0, 56, 112)
            self.set_line_width(0.6)
            self.line(MARGIN_MM, self.y + 2, PAGE_W_MM - MARGIN_MM, self.y + 2)
            self.set_y(self.y + 8)
        else:
            self.set_y(MARGIN_MM)
        self.set_text_color(0, 0, 0)
        self.set_draw_color(0, 0, 0)
        self.set_line_width(0.2)
        self.set_font(FONT_FAMILY, "", BODY_PT)

    def _draft_marking(self) -> None:
        # Watermark first so the page content is drawn over it.
        with self.local_context(fill_opacity=0.10, text_color=(180, 0, 0)):
            self.set_font(FONT_FAMILY, "B", 90)
            with self.rotation(50, PAGE_W_MM / 2, PAGE_H_MM / 2):
                text = "CONCEPT"
                w = self.get_string_width(text)
                self.text(PAGE_W_MM / 2 - w / 2, PAGE_H_MM / 2 + 12, text)
        # Band at the top edge (above the letterhead on page 1).
        self.set_xy(MARGIN_MM, 6)
        self.set_font(FONT_FAMILY, "B", 10)
        self.set_fill_color(180, 0, 0)
        self.set_text_color(255, 255, 255)
        self.cell(PAGE_W_MM - 2 * MARGIN_MM, 7, "CONCEPT — niet ondertekend, geen geldig besluit",
                  align="C", fill=True, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0, 0, 0)
        self.set_y(MARGIN_MM)

    def footer(self) -> None:  # noqa: D102 (fpdf2 hook)
        self.set_y(-15)
        self.set_draw_color(160, 160, 160)
        self.set_line_width(0.2)
        self.line(MARGIN_MM, self.y - 1.5, PAGE_W_MM - MARGIN_MM, self.y - 1.5)
        self.set_font(FONT_FAMILY, "", 8.5)
        self.set_text_color(80, 80, 80)
        left = f"{self.document_id} · versie {self.doc_version} · pagina {self.page_no()} van {PAGE_COUNT_ALIAS}"
        self.cell(0, 5, left, align="L")
        if self.is_draft:
            self.set_x(MARGIN_MM)
            self.set_font(FONT_FAMILY, "B", 8.5)
            self.set_text_color(180, 0, 0)
            self.cell(0, 5, "CONCEPT", align="R")
        self.set_text_color(0, 0, 0)

    # -- content blocks -------------------------------------------------------------------------
    @property
    def content_width(self) -> float:
        """Usable width between the margins, in mm."""
        return self.w - self.l_margin - self.r_margin

    def _ensure_space(self, height_mm: float) -> None:
        if self.y + height_mm > self.page_break_trigger:
            self.add_page()

    def title_block(self, title: str, subtitle: str | None = None) -> None:
        """Document title (bold 16 pt) with an optional grey subtitle line."""
        self.set_font(FONT_FAMILY, "B", 16)
        self.multi_cell(0, 8, title, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if subtitle:
            self.set_font(FONT_FAMILY, "", 10)
            self.set_text_color(80, 80, 80)
            self.multi_cell(0, 5, subtitle, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.set_text_color(0, 0, 0)
        self.ln(3)
        self.set_font(FONT_FAMILY, "", BODY_PT)

    def heading(self, text: str, level: int = 1) -> None:
        """Section heading; never left alone at the bottom of a page.

        Keeps room below it for what a heading is followed by in these documents: a sub-heading plus the first
        lines (level 1), a table's heading row plus two rows, or three lines of text — so the block after it
        never jumps to the next page without its heading.
        """
        size = 12.5 if level == 1 else 11
        self._ensure_space(HEADING_KEEP_MM[level if level in HEADING_KEEP_MM else 2])
        self.ln(3 if level == 1 else 1.5)
        self.set_font(FONT_FAMILY, "B", size)
        if level == 1:
            self.set_text_color(0, 56, 112)
        self.multi_cell(0, 6.5, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0, 0, 0)
        self.ln(1)
        self.set_font(FONT_FAMILY, "", BODY_PT)
        self._after_heading = (self.page, self.y)

    def _right_after_heading(self) -> bool:
        return getattr(self, "_after_heading", None) == (self.page, self.y)

    def paragraph(self, text: str, *, style: str = "", size: float = BODY_PT, gap: float = 2.0) -> None:
        """Flowing text (left-aligned, wraps and breaks across pages; blank lines start new paragraphs).

        Args:
            text: plain text; blank lines separate paragraphs.
            style: "", "B", "I" or "BI".
            size: font size in pt.
            gap: extra space after each paragraph, in mm.
        """
        self.set_font(FONT_FAMILY, style, size)
        for part in split_paragraphs(text):
            self.multi_cell(0, LINE_MM, part, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.ln(gap)
        self.set_font(FONT_FAMILY, "", BODY_PT)

    def bullets(self, items: list[str], *, gap: float = 1.0) -> None:
        """A bulleted list; each item wraps with a hanging indent."""
        self.set_font(FONT_FAMILY, "", BODY_PT)
        indent = 5.0
        for item in items:
            lines = self.multi_cell(self.content_width - indent, LINE_MM, item, dry_run=True,
                                    output="LINES")
            if len(lines) * LINE_MM < self.page_break_trigger - self.t_margin:
                self._ensure_space(min(len(lines), 2) * LINE_MM)
            self.set_x(self.l_margin)
            self.cell(indent, LINE_MM, "•")
            self.multi_cell(self.content_width - indent, LINE_MM, item, align="L",
                            new_x=XPos.LMARGIN, new_y=YPos.NEXT)
            self.ln(gap)

    def label_value(self, label: str, value: str, *, label_width: float = 55.0) -> None:
        """A two-column row: bold label left, wrapping value right. Moves whole to the next page
        when it does not fit (unless the value alone is longer than a page)."""
        value_w = self.content_width - label_width
        self.set_font(FONT_FAMILY, "", BODY_PT)
        n_value = len(self.multi_cell(value_w, LINE_MM, value or "—", dry_run=True, output="LINES"))
        self.set_font(FONT_FAMILY, "B", BODY_PT)
        n_label = len(self.multi_cell(label_width - 2, LINE_MM, label, dry_run=True, output="LINES"))
        height = max(n_value, n_label) * LINE_MM
        if self._right_after_heading():
            height = min(height, 2 * LINE_MM)   # flow on below its heading rather than leave the heading alone
        if height < self.page_break_trigger - self.t_margin:
            self._ensure_space(height)
        top, page = self.y, self.page
        self.set_x(self.l_margin)
        self.multi_cell(label_width - 2, LINE_MM, label, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        label_bottom = self.y
        self.set_font(FONT_FAMILY, "", BODY_PT)
        self.page = page
        self.set_xy(self.l_margin + label_width, top)
        self.multi_cell(value_w, LINE_MM, value or "—", align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        if self.page == page:
            self.set_y(max(self.y, label_bottom))
        self.ln(1.2)

    def data_table(self, headings: list[str], rows: list[list[str]], col_widths: list[float]) -> None:
        """A bordered table whose heading row repeats on every page it spans.

        Args:
            headings: column titles.
            rows: cell texts, one list per row (same length as ``headings``).
            col_widths: relative column widths.
        """
        self.set_font(FONT_FAMILY, "", 9.5)
        self._ensure_space(3 * LINE_MM + 4)
        with self.table(
            col_widths=tuple(col_widths),
            width=self.content_width,
            text_align="LEFT",
            line_height=LINE_MM - 0.4,
            padding=1.2,
            headings_style=FontFace(emphasis="BOLD", fill_color=(225, 232, 240)),
            repeat_headings=1,
            first_row_as_headings=True,
        ) as table:
            table.row(headings)
            for r in rows:
                table.row([c or "—" for c in r])
        self.ln(2)
        self.set_font(FONT_FAMILY, "", BODY_PT)

    def notice_box(self, title: str, text: str) -> None:
        """A framed, lightly shaded block for warnings the person must not miss (e.g. art. 11 Wth)."""
        self.set_font(FONT_FAMILY, "", BODY_PT)
        inner = self.content_width - 6
        n = len(self.multi_cell(inner, LINE_MM, text, dry_run=True, output="LINES"))
        height = 6.5 + n * LINE_MM + 4
        self.ln(2)
        self._ensure_space(height)
        top = self.y
        self.set_fill_color(253, 243, 232)
        self.set_draw_color(200, 110, 0)
        self.set_line_width(0.4)
        self.rect(self.l_margin, top, self.content_width, height, style="DF")
        self.set_xy(self.l_margin + 3, top + 2)
        self.set_font(FONT_FAMILY, "B", BODY_PT)
        self.cell(inner, 5, title, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_x(self.l_margin + 3)
        self.set_font(FONT_FAMILY, "", BODY_PT)
        self.multi_cell(inner, LINE_MM, text, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_y(top + height + 2)
        self.set_draw_color(0, 0, 0)
        self.set_line_width(0.2)

    def signature_area(self, intro: str) -> None:
        """Print ``intro`` (place, date, who signs) and reserve the signature box right below it.

        Must be the last block: the box must sit on the last page. Starts a new page when intro
        and box do not fit on the current one. The box interior stays empty (sign_pdf draws the
        visible signature into it); drafts get "CONCEPT — niet ondertekend" inside it.
        """
        w, h = SIGNATURE_BOX_SIZE_MM
        self.set_font(FONT_FAMILY, "", BODY_PT)
        n = len(self.multi_cell(0, LINE_MM, intro, dry_run=True, output="LINES"))
        needed = 4 + n * LINE_MM + 6 + h
        if self.y + needed > self.page_break_trigger:
            self.add_page()
        self.ln(4)
        self.multi_cell(0, LINE_MM, intro, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(1)
        self.set_font(FONT_FAMILY, "I", 8.5)
        self.set_text_color(90, 90, 90)
        self.cell(w, 5, "Digitale handtekening", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        x, y = self.l_margin, self.y
        self.set_draw_color(150, 150, 150)
        self.set_line_width(0.3)
        self.set_dash_pattern(dash=1.2, gap=1.0)
        self.rect(x, y, w, h)
        self.set_dash_pattern()
        if self.is_draft:
            self.set_xy(x, y + h / 2 - 4)
            self.set_font(FONT_FAMILY, "B", 12)
            self.set_text_color(180, 0, 0)
            self.cell(w, 8, "CONCEPT — niet ondertekend", align="C")
        self.set_text_color(0, 0, 0)
        self.set_draw_color(0, 0, 0)
        self.set_line_width(0.2)
        self.set_font(FONT_FAMILY, "", BODY_PT)
        self.set_y(y + h + 1)
        x1, y1, x2, y2 = mm_box_to_points(x, y, w, h)
        self.set_xmp_metadata(
            '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
            '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
            f'<rdf:Description rdf:about="" xmlns:wth="{XMP_NAMESPACE}" '
            f'wth:documentId="{escape(self.document_id)}" wth:version="{self.doc_version}" '
            f'wth:signaturePage="{self.page_no()}" wth:signatureBox="{x1} {y1} {x2} {y2}"/>'
            "</rdf:RDF></x:xmpmeta>")

    def to_bytes(self) -> bytes:
        """The finished PDF as bytes."""
        return bytes(self.output())
