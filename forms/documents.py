"""The standard Wth documents, rendered from :mod:`forms.content` only (procedure.md section 7).
Implements the written decisions of art. 2 lid 4, art. 9 and art. 2 lid 9 Wth, the proces-verbaal and the letters.

Text addressed to the uithuisgeplaatste is plain Dutch (B1): short sentences, "u", no Latin.
A fact is stated only when it was answered (``Answer`` ja / nee); *onbekend* prints no claim or a neutral sentence.
Who sends which document (letterhead, signature block) is decided in :mod:`forms.senders` only.
Completeness of the content (art. 2 lid 4 Wth) is checked by the procedure layer before rendering;
the renderer shows "—" for an empty field rather than guessing.
"""
from __future__ import annotations

import hashlib
import io

from fpdf.fonts import FontFace
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, ByteStringObject

from forms.content import (
    BeschikkingContent,
    DossierContent,
    InfoAchterblijversContent,
    InfoUithuisgeplaatsteContent,
    IntrekkingContent,
    RihgReportContent,
    UitreikingContent,
    VeiligThuisNoticeContent,
    VerlengingContent,
)
from procedure.domain.appeals import appeal_term_sentence
from forms.layout import BODY_PT, FONT_FAMILY, LINE_MM, WthDocument, _local, nl_date, nl_datetime
from forms.senders import sender_for
from procedure.domain.answers import Answer

_NUMBER_WORDS = {1: "een", 2: "twee", 3: "drie", 4: "vier", 5: "vijf", 6: "zes", 7: "zeven",
                 8: "acht", 9: "negen", 10: "tien", 14: "veertien", 28: "achtentwintig"}


def _answer(a: object, name: str) -> Answer:
    """``a`` itself when it is an :class:`Answer`; anything else (a bool from an unticked box) is refused.

    Raises:
        ValueError: ``a`` is not an Answer.
    """
    if not isinstance(a, Answer):
        raise ValueError(f"{name} moet een antwoord ja/nee/onbekend zijn, geen {a!r}")
    return a


def _days(n: int) -> str:
    return _NUMBER_WORDS.get(n, str(n))


NO_CONTACT = ("U mag geen contact hebben met de personen die hieronder staan. Ook niet als zij zelf contact met u "
              "zoeken. Geen contact betekent: niet langsgaan, niet bellen, geen sms, WhatsApp, e-mail of berichten "
              "via sociale media, en ook geen berichten via andere mensen.")


def _contact_ban_table(pdf: WthDocument, persons) -> None:
    """Section 2 of a beschikking: the names covered by the contact ban (art. 2 lid 4 Wth)."""
    pdf.heading("2. Met wie u geen contact mag hebben")
    if persons:
        pdf.data_table(["Naam", "Relatie tot u", "Verblijf in de woning", "Grond"],
                       [[p.name, p.relation, p.residence, p.basis] for p in persons], [30, 20, 25, 25])
    else:
        pdf.paragraph("—")


_LONG_CELL = 240   # characters of old + new value that still fit one table row comfortably


def _excerpt(text: str, n: int = 100) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= n else flat[:n].rsplit(" ", 1)[0] + " …"


def _correction_section(pdf: WthDocument, c: BeschikkingContent) -> None:
    """The opening of a herstelbesluit: which decision it replaces, what was wrong, and that the
    order's start and end do not change; it has its own appeal term (art. 6:7 Awb)."""
    k = c.correction
    pdf.heading("Herstel van een eerder besluit")
    pdf.paragraph(
        f"Dit besluit vervangt de beschikking met kenmerk {k.replaces_document_id} van "
        f"{nl_datetime(k.replaces_decided_at)}. In die beschikking stond een fout. Hieronder staat wat er is "
        "hersteld. De rest van de beschikking blijft hetzelfde. Het huisverbod zelf verandert niet: het begint "
        "en eindigt op hetzelfde moment als in de eerdere beschikking en het proces-verbaal van uitreiking.")
    rows = []
    for label, old, new in k.changes:
        if len(old) + len(new) > _LONG_CELL or "\n" in old + new:
            # A long text in one table row can't break across pages: the table quotes the start,
            # the full corrected text is in section 4 of this decision.
            rows.append([label, _excerpt(old) + f" (volledige tekst: beschikking {k.replaces_document_id})",
                         _excerpt(new) + " (volledige tekst: zie hoofdstuk 4 hieronder)"])
        else:
            rows.append([label, old, new])
    pdf.data_table(["Gegeven", "Stond er", "Wordt"], rows, [22, 39, 39])
    pdf.label_value("Reden van herstel", k.reasons)
    for line in k.later_decisions:
        pdf.paragraph(f"Let op: {line} Dat besluit blijft gelden; dit herstelbesluit verandert daar niets aan.",
                      style="B")
    pdf.paragraph(
        "Tegen dit herstelbesluit kunt u apart beroep instellen. Daarvoor geldt een eigen termijn van zes weken "
        "vanaf de dag na de bekendmaking van dit besluit (zie 'Beroep' hieronder).", style="I")


def _household_parts(pdf: WthDocument, c) -> None:
    """The parts a decision needs in a household with more than one adult or with children (art. 2 lid 4 Wth;
    R04): per other adult their role and why the order is addressed to this person and not to them; for the
    minors who cares for them now and what the order means for them. Prints nothing in other households."""
    if c.other_adults:
        # A long role note goes on in "(vervolg)" rows (a row taller than a page can't be drawn, fpdf2 refuses
        # it); the first row is kept short so heading, intro and that row start on the same page.
        pdf.set_font(FONT_FAMILY, "", 9.5)
        width = pdf.content_width * 55 / 100 - 2 * 1.2
        rows = []
        for a in c.other_adults:
            lines = pdf.wrap_lines(a.role or "—", width)
            chunks = [lines[:_FIRST_ROW_LINES]] + [lines[i:i + _RIHG_ROW_LINES]
                                                   for i in range(_FIRST_ROW_LINES, len(lines), _RIHG_ROW_LINES)]
            rows += [[a.name + (" (vervolg)" if k else ""), "" if k else a.relation, "\n".join(ch)]
                     for k, ch in enumerate(chunks)]
        first = min(len(rows[0][2].split("\n")), _FIRST_ROW_LINES)
        pdf.set_font(FONT_FAMILY, "", BODY_PT)
        pdf._ensure_space(30 + (first + 2) * LINE_MM)        # heading, intro, table heading and the first row
        pdf.heading("Andere volwassenen in de woning", level=2)
        pdf.paragraph("In de woning wonen of verblijven ook andere volwassenen. Per persoon staat hieronder "
                      "welke rol hij of zij had en waarom het huisverbod niet aan hem of haar is opgelegd.")
        pdf.data_table(["Naam", "Relatie tot u", "Rol en waarom niet deze persoon"], rows, [25, 20, 55])
    if c.children is not None:
        pdf.heading("De kinderen", level=2)
        pdf.label_value("Kinderen in de woning", "\n".join(c.children.names))
        pdf.label_value("Wie zorgt nu voor hen", c.children.care)
        pdf.label_value("Wat het huisverbod voor hen betekent", c.children.meaning)


def _decision_document(c, title: str) -> WthDocument:
    """The opening every beschikking shares: letterhead, title, kenmerk, addressee, dwelling, date of decision.

    ``c`` is a Beschikking-, Verlenging- or IntrekkingContent (same field names).
    """
    pdf = WthDocument(document_id=c.document_id, version=c.version, municipality_name=c.municipality_name,
                      title=title, is_draft=c.is_draft, generated_at=c.generated_at,
                      sender=sender_for("beschikking_oplegging", c.municipality_name))
    pdf.title_block(title, f"Kenmerk {c.document_id} · zaak {c.case_id} · versie {c.version}")
    pdf.label_value("Aan", f"{c.person_name}, geboren op {nl_date(c.person_birth_date)}")
    pdf.label_value("Woning", c.dwelling_address)
    pdf.label_value("Datum besluit", nl_datetime(c.decided_at) if c.decided_at else "nog niet genomen (concept)")
    return pdf


def render_beschikking_oplegging(c: BeschikkingContent) -> bytes:
    """Render the beschikking tijdelijk huisverbod (oplegging) as PDF bytes.

    Contains what art. 2 lid 4 Wth requires: the place (the dwelling) and the duration (start and
    end with date and time, or the text that both follow from the proces-verbaal van uitreiking when
    ``c.start`` is ``None``), the facts and circumstances (incident moment, who was threatened, why
    this person, RiHG outcome — Bth art. 2), the names of everyone covered by the contact ban
    (art. 2 lid 1 Wth), the legal basis and who decided on what basis (art. 2 / art. 3 Wth), the
    appeal clause (direct beroep, voorlopige voorziening art. 6 Wth, no griffierecht, lawyer art. 5
    Wth) and the art. 11 Wth warning. The last page has an empty box where
    :func:`forms.signing.sign_pdf` places the visible signature. Drafts (``c.is_draft``) carry a
    "CONCEPT — niet ondertekend" band, watermark and box text on every page.

    Args:
        c: the content; all datetimes aware (shown in Europe/Amsterdam).
    Returns:
        PDF bytes (A4, Liberation Sans embedded). Identical content gives identical bytes
        (``c.generated_at`` is the creation date).
    Raises:
        ValueError: a datetime in ``c`` is naive.
    """
    m = c.municipality_name
    pdf = _decision_document(c, "Herstelbesluit tijdelijk huisverbod" if c.correction
                             else "Beschikking tijdelijk huisverbod")
    if c.correction is not None:
        _correction_section(pdf, c)

    pdf.heading("1. Besluit")
    pdf.paragraph(
        f"De burgemeester van {m} legt u, {c.person_name} (geboren op "
        f"{nl_date(c.person_birth_date)}), een tijdelijk huisverbod op. Dit betekent:")
    pdf.bullets([
        f"U moet de woning {c.dwelling_address} direct verlaten.",
        "U mag de woning niet in gaan en u mag er ook niet zijn. Dat geldt ook voor de tuin, "
        "de schuur, de berging en de gang of het portiek bij de woning.",
        NO_CONTACT,
    ])

    _contact_ban_table(pdf, c.protected_persons)

    pdf.heading("3. Waar en hoe lang")
    pdf.label_value("Plaats", f"De woning {c.dwelling_address}")
    pdf.label_value("Duur", f"{c.duration_days} dagen ({_days(c.duration_days)} dagen)")
    if c.start is not None:
        pdf.label_value("Begint op", nl_datetime(c.start, weekday=True))
        pdf.label_value("Eindigt op", nl_datetime(c.end, weekday=True) if c.end else "—")
    else:
        pdf.paragraph(
            "Het huisverbod gaat in op het moment van uitreiking van deze beschikking en eindigt "
            f"{_days(c.duration_days)} dagen later op hetzelfde tijdstip; ingang en einde staan in "
            "het proces-verbaal van uitreiking.")
    pdf.paragraph(
        "De burgemeester kan het huisverbod verlengen tot ten hoogste vier weken na de ingang "
        "(artikel 9 van de Wet tijdelijk huisverbod). Daarover krijgt u dan een nieuw besluit.")

    pdf.heading("4. Waarom u dit huisverbod krijgt")
    pdf.label_value("Voorval op", nl_datetime(c.incident_at, weekday=True))
    pdf.heading("Feiten en omstandigheden", level=2)
    pdf.paragraph(c.facts or "—")
    pdf.heading("Wie werd bedreigd", level=2)
    pdf.paragraph(c.threatened_persons or "—")
    pdf.heading("Waarom het huisverbod aan u is opgelegd", level=2)
    pdf.paragraph(c.why_this_person or "—")
    _household_parts(pdf, c)
    pdf.heading("Risicotaxatie (RiHG)", level=2)
    pdf.paragraph(
        "De hulpofficier van justitie heeft het Risicotaxatie-instrument Huiselijk Geweld (RiHG) "
        f"ingevuld. De uitkomst is: {c.rihg_advice or '—'}")
    pdf.paragraph(
        "Uit deze feiten en omstandigheden blijkt volgens de burgemeester dat uw aanwezigheid in de "
        "woning een ernstig en onmiddellijk gevaar oplevert voor de veiligheid van de personen die "
        "met u in de woning wonen of daar verblijven, of dat er een ernstig vermoeden van dat gevaar "
        "bestaat.")

    pdf.heading("5. Wettelijke grondslag")
    pdf.paragraph(f"Dit besluit is genomen op grond van {c.legal_basis}, en het Besluit tijdelijk "
                  "huisverbod.")

    pdf.heading("6. Bent u het niet eens met dit besluit?")
    pdf.paragraph(
        f"Dan kunt u direct beroep instellen bij de bestuursrechter van de {c.court_name}. "
        "U hoeft eerst geen bezwaar te maken.")
    pdf.bullets([
        "Termijn: binnen zes weken. De termijn begint op de dag na de dag waarop dit besluit aan u "
        "bekend is gemaakt.",
        f"Hoe: stuur een brief (beroepschrift) naar de {c.court_name}, sector bestuursrecht. "
        f"Schrijf daarin uw naam en adres, de datum, het kenmerk {c.document_id} en waarom u het "
        "niet eens bent met dit besluit. Zet uw handtekening eronder en stuur een kopie van dit "
        "besluit mee.",
        "Spoed: u kunt de voorzieningenrechter ook vragen om een voorlopige voorziening, "
        "bijvoorbeeld om het huisverbod te schorsen. De rechter behandelt uw verzoek binnen drie "
        "dagen en beslist meteen of binnen 24 uur.",
        "Kosten: u betaalt geen griffierecht.",
        "Advocaat: u kunt gratis een advocaat krijgen. Vraag de politie of de gemeente daarom. "
        "U krijgt binnen 24 uur een advocaat.",
        "Zolang de rechter niet anders beslist, blijft het huisverbod gelden.",
    ])

    pdf.notice_box(
        "Let op: u bent strafbaar als u zich niet aan het huisverbod houdt",
        "Houdt u zich niet aan dit huisverbod, dan pleegt u een misdrijf (artikel 11 van de Wet "
        "tijdelijk huisverbod). U kunt dan een gevangenisstraf van ten hoogste twee jaar of een "
        "geldboete krijgen. De politie kan u aanhouden.")

    pdf.heading("7. Wat gebeurt er nu?")
    pdf.bullets([
        "Geef binnen 24 uur na de uitreiking een adres door waar u bereikbaar bent, aan de "
        f"politie of de gemeente {m} (artikel 2, zesde lid, van de Wet tijdelijk huisverbod).",
        "Veilig Thuis krijgt dit besluit en neemt contact met u op om hulp aan te bieden. Die hulp "
        "is er ook voor de mensen in de woning.",
    ])

    pdf.heading("8. Besluit genomen door")
    pdf.label_value("Naam", c.decider_name)
    pdf.label_value("Functie", c.decider_role)
    pdf.label_value("Bevoegdheid", c.decision_basis)
    pdf.label_value("Datum en tijd",
                    nl_datetime(c.decided_at) if c.decided_at else "— (concept, nog geen besluit)")

    when = nl_date(c.decided_at) if c.decided_at else "(datum volgt bij ondertekening)"
    pdf.signature_area(f"{m}, {when}\n{c.decider_name}, {c.decider_role}")
    return pdf.to_bytes()


def render_pv_uitreiking(c: UitreikingContent) -> bytes:
    """Render the proces-verbaal van uitreiking with the key receipt as PDF bytes.

    Records T0 (``c.served_at``, the moment of uitreiking that starts the order), the end
    (T0 + 10 days, same wall-clock time), the latest possible end after extension (T0 + 28 days,
    art. 9 Wth), the keys taken in against this receipt (art. 4 lid 2 Wth) and the contact address
    or, when ``c.contact_address`` is empty, the duty to give one before
    ``c.contact_address_deadline`` (24 h, art. 2 lid 6 Wth). Has the same signature box as the
    beschikking, for the HOvJ's signature.

    Args:
        c: the content; all datetimes aware (shown in Europe/Amsterdam).
    Returns:
        PDF bytes; identical content gives identical bytes.
    Raises:
        ValueError: a datetime in ``c`` is naive.
    """
    m = c.municipality_name
    sender = sender_for("pv_uitreiking", m)
    pdf = WthDocument(document_id=c.document_id, version=c.version, municipality_name=m,
                      title="Proces-verbaal van uitreiking tijdelijk huisverbod", is_draft=False,
                      generated_at=c.generated_at, sender=sender)
    pdf.title_block("Proces-verbaal van uitreiking tijdelijk huisverbod",
                    f"Kenmerk {c.document_id} · zaak {c.case_id} · versie {c.version}")
    pdf.label_value("Opgemaakt door", f"{c.served_by}, {c.served_by_capacity}")
    pdf.label_value("Eenheid", f"{sender.organisation} {sender.department}")
    pdf.paragraph(
        f"Ik, {c.served_by}, {c.served_by_capacity} bij de politie, {sender.department}, verklaar dat ik op "
        f"{nl_datetime(c.served_at, weekday=True)} de beschikking tijdelijk huisverbod van de burgemeester van "
        f"{m} met kenmerk {c.beschikking_document_id} heb uitgereikt aan {c.person_name}.")

    pdf.heading("Het huisverbod")
    pdf.label_value("Uithuisgeplaatste", c.person_name)
    pdf.label_value("Woning", c.dwelling_address)
    pdf.label_value("Gaat in op", nl_datetime(c.served_at, weekday=True))
    pdf.label_value("Eindigt op", nl_datetime(c.end, weekday=True))
    pdf.label_value("Uiterste einde bij verlenging", nl_datetime(c.latest_extension_end, weekday=True))
    pdf.paragraph(
        "Het huisverbod duurt tien dagen. De burgemeester kan het verlengen, maar nooit langer dan "
        f"tot {nl_datetime(c.latest_extension_end)} (artikel 9 van de Wet tijdelijk huisverbod). "
        "Over een verlenging krijgt u een nieuw besluit.")

    pdf.heading("Ontvangstbewijs sleutels")
    _answer(c.keys_taken_in, "keys_taken_in")
    _answer(c.contact_address_given, "contact_address_given")
    if c.keys_taken_in is Answer.JA:
        pdf.paragraph(
            "De politie heeft de volgende sleutels van de woning van u ingenomen (artikel 4, "
            "tweede lid, van de Wet tijdelijk huisverbod). Dit proces-verbaal is uw "
            "ontvangstbewijs.")
        items = [k.strip() for k in c.key_description.split(",") if k.strip()] or ["—"]
        pdf.data_table(["Ingenomen sleutel(s)", "Ingenomen op", "Door"],
                       [[k, nl_datetime(c.served_at), c.served_by] for k in items], [40, 35, 25])
        pdf.paragraph("U krijgt de sleutels terug als het huisverbod is afgelopen. Vraag daarvoor de "
                      "politie.")
    elif c.keys_taken_in is Answer.NEE:
        pdf.paragraph("Er zijn geen sleutels ingenomen.")
    else:
        pdf.paragraph("Bij de uitreiking is niet vastgesteld of er sleutels zijn ingenomen. Heeft de politie "
                      "sleutels van u ingenomen, dan krijgt u daarvan een apart ontvangstbewijs.")

    pdf.heading("Adres waar u bereikbaar bent")
    if c.contact_address_given is Answer.JA:
        pdf.label_value("Opgegeven adres", c.contact_address)
        pdf.paragraph("Post over het huisverbod, zoals een besluit over verlenging, sturen wij naar "
                      "dit adres. Verandert uw adres? Geef dat dan meteen door.")
    else:
        opening = ("U heeft nog geen adres opgegeven. U moet" if c.contact_address_given is Answer.NEE
                   else "Heeft u nog geen adres opgegeven? Dan moet u")
        pdf.paragraph(
            f"{opening} binnen 24 uur na de uitreiking, dus uiterlijk "
            f"op {nl_datetime(c.contact_address_deadline, weekday=True)}, een adres doorgeven waar u "
            f"bereikbaar bent. Geef dat door aan de politie of aan de gemeente {m} (artikel 2, "
            "zesde lid, van de Wet tijdelijk huisverbod). Post over het huisverbod, zoals een besluit "
            "over verlenging, sturen wij naar dat adres.")

    pdf.heading("Wat u moet weten")
    pdf.bullets([
        "U mag de woning niet in gaan en u mag er niet zijn, tot het einde van het huisverbod.",
        "U mag geen contact hebben met de personen die in de beschikking staan. Ook niet als zij "
        "zelf contact met u zoeken.",
        "Houdt u zich daar niet aan, dan pleegt u een misdrijf (artikel 11 van de Wet tijdelijk "
        "huisverbod). U kunt dan een gevangenisstraf van ten hoogste twee jaar of een geldboete "
        "krijgen.",
        "Wilt u in beroep gaan of wilt u een gratis advocaat? Lees de beschikking: daar staat hoe.",
    ])

    pdf.signature_area(
        f"Opgemaakt en ondertekend in {m} op {nl_date(c.generated_at or c.served_at)}.\n"
        f"{c.served_by}, {c.served_by_capacity}\n{sender.organisation} {sender.department}")
    return pdf.to_bytes()


def _n_days(n: int) -> str:
    return "1 dag" if n == 1 else f"{n} dagen"


def _appeal_clause(pdf: WthDocument, *, court_name: str, document_id: str, what: str,
                   order_still_applies: bool) -> None:
    """The appeal clause of a follow-up decision (verlenging, intrekking): direct beroep with its own
    six-week term (Awb; procedure.md section 5), voorlopige voorziening (art. 6 Wth), no griffierecht
    and a free lawyer (art. 5 Wth)."""
    pdf.paragraph(
        f"Dan kunt u direct beroep instellen bij de bestuursrechter van de {court_name}. "
        "U hoeft eerst geen bezwaar te maken.")
    pdf.bullets([
        f"Dit besluit over de {what} is een nieuw besluit. U kunt er apart tegen in beroep gaan, "
        "ook als u al in beroep bent gegaan tegen het eerdere besluit.",
        "Termijn: binnen zes weken. De termijn begint op de dag na de dag waarop dit besluit aan u "
        "bekend is gemaakt.",
        f"Hoe: stuur een brief (beroepschrift) naar de {court_name}, sector bestuursrecht. "
        f"Schrijf daarin uw naam en adres, de datum, het kenmerk {document_id} en waarom u het "
        "niet eens bent met dit besluit. Zet uw handtekening eronder en stuur een kopie van dit "
        "besluit mee.",
        "Spoed: u kunt de voorzieningenrechter ook vragen om een voorlopige voorziening"
        + (", bijvoorbeeld om de verlenging te schorsen. " if order_still_applies else ". ")
        + "De rechter behandelt uw verzoek binnen drie dagen en beslist meteen of binnen 24 uur.",
        "Kosten: u betaalt geen griffierecht.",
        "Advocaat: u kunt gratis een advocaat krijgen. Vraag de politie of de gemeente daarom. "
        "U krijgt binnen 24 uur een advocaat.",
        ("Zolang de rechter niet anders beslist, blijft het huisverbod gelden." if order_still_applies
         else "Zolang de rechter niet anders beslist, blijft dit besluit gelden."),
    ])


def _decider_block(pdf: WthDocument, number: int, name: str, role: str, basis: str,
                   decided_at) -> None:
    pdf.heading(f"{number}. Besluit genomen door")
    pdf.label_value("Naam", name)
    pdf.label_value("Functie", role)
    pdf.label_value("Bevoegdheid", basis)
    pdf.label_value("Datum en tijd",
                    nl_datetime(decided_at) if decided_at else "— (concept, nog geen besluit)")


#: the extension's sentence on help, per answer to "heeft de hulp aanvaard" (onbekend: no claim)
HELP_SENTENCES = {
    Answer.JA: "U heeft de hulp aanvaard die u is aangeboden. De burgemeester heeft daar rekening mee "
               "gehouden. Toch is het gevaar volgens de burgemeester nog niet weg. Hieronder staat waarom.",
    Answer.NEE: "U heeft de hulp die u is aangeboden niet aanvaard. De burgemeester heeft daar rekening "
                "mee gehouden. Hieronder staat waarom het gevaar volgens de burgemeester nog niet weg is.",
    Answer.ONBEKEND: "Of u de hulp die u is aangeboden heeft aanvaard, is bij dit besluit niet vastgesteld. "
                     "De burgemeester heeft dat daarom niet meegewogen. Hieronder staat waarom het gevaar "
                     "volgens de burgemeester nog niet weg is.",
}


def render_beschikking_verlenging(c: VerlengingContent) -> bytes:
    """Render the beschikking verlenging tijdelijk huisverbod as PDF bytes (art. 9 Wth).

    States that the burgemeester extends the order imposed at ``c.t0`` until ``c.new_end`` (date and
    time), by ``c.extension_days`` days; the original end; the maximum of four weeks after the
    imposition (``c.latest_possible_end``, art. 9 Wth); the zorgadvies (who, date, summary); the
    reasons, including whether help was accepted and why the danger remains (the current facts);
    the names of everyone covered by the contact ban (art. 2 lid 1 Wth); the legal basis (art. 9 Wth)
    and who decided on what basis (only the burgemeester or the loco-burgemeester acting for him,
    cases.md R09); an appeal clause with the extension's own six-week term (procedure.md section 5),
    voorlopige voorziening (art. 6 Wth), no griffierecht and a free lawyer (art. 5 Wth); the art. 11
    Wth warning; and the signature box for :func:`forms.signing.sign_pdf`. Drafts are marked as in
    :func:`render_beschikking_oplegging`.

    Whether the extension is allowed (decided before ``c.original_end``, ``c.new_end`` not after
    ``c.latest_possible_end``, decider authorised) is checked by the procedure layer, not here.

    Args:
        c: the content; all datetimes aware (shown in Europe/Amsterdam).
    Returns:
        PDF bytes (A4); identical content gives identical bytes.
    Raises:
        ValueError: a datetime in ``c`` is naive.
    """
    m = c.municipality_name
    pdf = _decision_document(c, "Beschikking verlenging tijdelijk huisverbod")

    pdf.heading("1. Besluit")
    pdf.paragraph(
        f"Op {nl_datetime(c.t0)} heeft u een tijdelijk huisverbod gekregen voor de woning "
        f"{c.dwelling_address}. De burgemeester van {m} verlengt dit huisverbod met "
        f"{_n_days(c.extension_days)} (artikel 9 van de Wet tijdelijk huisverbod).")
    pdf.paragraph(f"Het huisverbod geldt nu tot {nl_datetime(c.new_end, weekday=True)}.", style="B")
    pdf.paragraph("Tot dat moment blijft alles gelden wat in de beschikking tijdelijk huisverbod "
                  "staat. Dit betekent:")
    pdf.bullets([
        f"U mag de woning {c.dwelling_address} niet in gaan en u mag er ook niet zijn. Dat geldt "
        "ook voor de tuin, de schuur, de berging en de gang of het portiek bij de woning.",
        NO_CONTACT,
    ])

    _contact_ban_table(pdf, c.protected_persons)

    pdf.heading("3. Hoe lang")
    pdf.label_value("Huisverbod opgelegd op", nl_datetime(c.t0, weekday=True))
    pdf.label_value("Eerste einde", nl_datetime(c.original_end, weekday=True))
    pdf.label_value("Verlengd met", _n_days(c.extension_days))
    pdf.label_value("Nieuw einde", nl_datetime(c.new_end, weekday=True))
    pdf.label_value("Uiterste einde", nl_datetime(c.latest_possible_end, weekday=True))
    text = ("Een huisverbod duurt met verlenging ten hoogste vier weken na de oplegging (artikel 9 "
            "van de Wet tijdelijk huisverbod). Langer dan tot "
            f"{nl_datetime(c.latest_possible_end)} kan het huisverbod dus niet duren.")
    if c.new_end >= c.latest_possible_end:
        text += " Dit is het uiterste einde: de burgemeester kan het huisverbod niet nog een keer verlengen."
    pdf.paragraph(text)

    pdf.heading("4. Waarom het huisverbod wordt verlengd")
    pdf.heading("Advies van de hulpverlening (zorgadvies)", level=2)
    pdf.label_value("Advies van", c.zorgadvies_organisation)
    pdf.label_value("Datum advies", nl_date(c.zorgadvies_date))
    pdf.paragraph(c.zorgadvies_summary or "—")
    pdf.heading("Hulp", level=2)
    pdf.paragraph(HELP_SENTENCES[_answer(c.help_accepted, "help_accepted")])
    pdf.heading("Feiten en omstandigheden nu", level=2)
    pdf.paragraph(c.current_facts or "—")
    _household_parts(pdf, c)
    pdf.heading("Afweging van de burgemeester", level=2)
    pdf.paragraph(c.reasons or "—")
    pdf.paragraph(
        "Uit deze feiten en omstandigheden blijkt volgens de burgemeester dat het gevaar voor de "
        "veiligheid van de personen in de woning, of het ernstige vermoeden van dat gevaar, blijft "
        "bestaan. Daarom is verlenging nodig.")

    pdf.heading("5. Wettelijke grondslag")
    pdf.paragraph("Dit besluit is genomen op grond van artikel 9 van de Wet tijdelijk huisverbod, "
                  "en het Besluit tijdelijk huisverbod.")

    pdf.heading("6. Bent u het niet eens met dit besluit?")
    _appeal_clause(pdf, court_name=c.court_name, document_id=c.document_id, what="verlenging",
                   order_still_applies=True)

    pdf.notice_box(
        "Let op: u bent strafbaar als u zich niet aan het huisverbod houdt",
        "Houdt u zich niet aan dit huisverbod, dan pleegt u een misdrijf (artikel 11 van de Wet "
        "tijdelijk huisverbod). Dat geldt ook tijdens de verlenging. U kunt dan een gevangenisstraf "
        "van ten hoogste twee jaar of een geldboete krijgen. De politie kan u aanhouden.")

    _decider_block(pdf, 7, c.decider_name, c.decider_role, c.decision_basis, c.decided_at)

    when = nl_date(c.decided_at) if c.decided_at else "(datum volgt bij ondertekening)"
    pdf.signature_area(f"{m}, {when}\n{c.decider_name}, {c.decider_role}")
    return pdf.to_bytes()


#: the withdrawal's sentence on keys, per answer to "sleutels ingenomen" at the uitreiking
KEYS_BACK = {
    Answer.JA: "De politie heeft bij de uitreiking uw sleutels ingenomen. Vraag ze terug bij de politie.",
    Answer.NEE: "Bij de uitreiking zijn geen sleutels van u ingenomen.",
    Answer.ONBEKEND: "Heeft de politie uw sleutels ingenomen? Vraag ze dan terug bij de politie.",
}


def render_beschikking_intrekking(c: IntrekkingContent) -> bytes:
    """Render the beschikking intrekking tijdelijk huisverbod as PDF bytes (art. 2 lid 9 Wth).

    States that the order imposed at ``c.t0``, which would end at ``c.planned_end``, is withdrawn as
    of ``c.withdrawn_at`` (date and time; the actual end of the order, procedure.md section 6); that
    from that moment the person may return to the dwelling and contact is allowed again; the
    reasons; the legal basis (art. 2 lid 9 Wth) and who decided on what basis (only the burgemeester
    or the loco-burgemeester acting for him, cases.md R09); an appeal clause with the withdrawal's
    own six-week term (procedure.md section 5), voorlopige voorziening (art. 6 Wth), no griffierecht
    and a free lawyer (art. 5 Wth), noting that an appeal against the order itself can go on
    (cases.md R06); and the signature box for :func:`forms.signing.sign_pdf`. Drafts are marked as
    in :func:`render_beschikking_oplegging`.

    Args:
        c: the content; all datetimes aware (shown in Europe/Amsterdam).
    Returns:
        PDF bytes (A4); identical content gives identical bytes.
    Raises:
        ValueError: a datetime in ``c`` is naive.
    """
    m = c.municipality_name
    pdf = _decision_document(c, "Beschikking intrekking tijdelijk huisverbod")

    pdf.heading("1. Besluit")
    pdf.paragraph(
        f"Op {nl_datetime(c.t0)} heeft u een tijdelijk huisverbod gekregen voor de woning "
        f"{c.dwelling_address}. Het huisverbod zou eindigen op {nl_datetime(c.planned_end)}. "
        f"De burgemeester van {m} trekt dit huisverbod in (artikel 2, negende lid, van de Wet "
        "tijdelijk huisverbod).")
    pdf.paragraph(f"Het huisverbod eindigt op {nl_datetime(c.withdrawn_at, weekday=True)}.",
                  style="B")
    pdf.label_value("Huisverbod opgelegd op", nl_datetime(c.t0, weekday=True))
    pdf.label_value("Zou eindigen op", nl_datetime(c.planned_end, weekday=True))
    pdf.label_value("Eindigt nu op", nl_datetime(c.withdrawn_at, weekday=True))

    pdf.heading("2. Wat betekent dit voor u?")
    pdf.bullets([
        f"Vanaf {nl_datetime(c.withdrawn_at)} mag u weer naar de woning {c.dwelling_address} gaan "
        "en daar zijn.",
        "Vanaf dat moment mag u ook weer contact hebben met de personen die in de beschikking "
        "tijdelijk huisverbod staan.",
        "Tot dat moment geldt het huisverbod nog wel. Houdt u zich daar niet aan, dan pleegt u een "
        "misdrijf (artikel 11 van de Wet tijdelijk huisverbod).",
        KEYS_BACK[_answer(c.keys_taken_in, "keys_taken_in")],
        "Hulp die al is begonnen, kan gewoon doorgaan.",
    ])

    pdf.heading("3. Waarom het huisverbod wordt ingetrokken")
    pdf.paragraph(c.reasons or "—")

    pdf.heading("4. Wettelijke grondslag")
    pdf.paragraph("Dit besluit is genomen op grond van artikel 2, negende lid, van de Wet tijdelijk "
                  "huisverbod.")

    pdf.heading("5. Bent u het niet eens met dit besluit?")
    _appeal_clause(pdf, court_name=c.court_name, document_id=c.document_id, what="intrekking",
                   order_still_applies=False)
    pdf.paragraph(
        "Bent u al in beroep gegaan tegen het huisverbod zelf? Dan kan dat beroep doorgaan, ook nu "
        "het huisverbod is ingetrokken. Vraag uw advocaat wat dit voor u betekent.")

    _decider_block(pdf, 6, c.decider_name, c.decider_role, c.decision_basis, c.decided_at)

    when = nl_date(c.decided_at) if c.decided_at else "(datum volgt bij ondertekening)"
    pdf.signature_area(f"{m}, {when}\n{c.decider_name}, {c.decider_role}")
    return pdf.to_bytes()


# --------------------------------------------------------------------------------------------------
# RiHG report
# --------------------------------------------------------------------------------------------------

# colour word -> (fill RGB, text RGB) of the colour cell
_RIHG_COLOURS = {
    "rood": ((200, 30, 30), (255, 255, 255)),
    "blauw": ((35, 85, 170), (255, 255, 255)),
    "geel": ((250, 215, 60), (0, 0, 0)),
}


_RIHG_COL_WIDTHS = (24, 11, 30, 35)
#: lines of one table row at most: a row taller than a page can't be drawn (fpdf2 refuses it, and text would be
#: cut off); longer cells go on in a "(vervolg)" row
_RIHG_ROW_LINES = 48
#: lines of the first row of the other adults' table: short, so it starts on the page of its heading (L13)
_FIRST_ROW_LINES = 12


def _chunk_bullets(pdf: WthDocument, bullets: list[str], width_mm: float) -> list[str]:
    """``bullets`` (one per line group) as cell texts of at most :data:`_RIHG_ROW_LINES` wrapped lines each; a
    bullet longer than that is split between its lines. Never drops text."""
    chunks: list[list[str]] = [[]]
    used = 0
    for b in bullets:
        lines = pdf.wrap_lines(b, width_mm)
        if used + len(lines) > _RIHG_ROW_LINES and chunks[-1]:
            chunks.append([])
            used = 0
        while len(lines) > _RIHG_ROW_LINES:
            chunks[-1].append(" ".join(lines[:_RIHG_ROW_LINES]))
            chunks.append([])
            lines = lines[_RIHG_ROW_LINES:]
        chunks[-1].append(b if len(lines) == len(pdf.wrap_lines(b, width_mm)) else " ".join(lines))
        used += len(lines)
    return ["\n".join(c) for c in chunks if c]


def _rihg_signal_table(pdf: WthDocument, rows) -> None:
    """One part's signals as a bordered table (heading row repeats on every page it spans); the
    colour cell is filled red/blue/yellow with the colour word in it. A signal whose items or facts
    don't fit one page continues in "(vervolg)" rows, so nothing is cut off."""
    pdf.set_font(FONT_FAMILY, "", 9)
    pdf._ensure_space(4 * LINE_MM + 4)
    total = sum(_RIHG_COL_WIDTHS)
    widths = [pdf.content_width * w / total - 2 * 1.2 for w in _RIHG_COL_WIDTHS]
    with pdf.table(
        col_widths=_RIHG_COL_WIDTHS,
        width=pdf.content_width,
        text_align="LEFT",
        line_height=LINE_MM - 0.6,
        padding=1.2,
        headings_style=FontFace(emphasis="BOLD", fill_color=(225, 232, 240)),
        repeat_headings=1,
        first_row_as_headings=True,
    ) as table:
        table.row(["Signaal", "Kleur", "Items met ‘ja’", "Feiten en bron"])
        for s in rows:
            items = _chunk_bullets(pdf, [f"• {i}" for i in s.yes_items], widths[2]) or ["geen"]
            facts = _chunk_bullets(pdf, [f"• {d} (bron: {src or 'geen bron'})" + (" — BETWIST" if disputed else "")
                                         for d, src, disputed in s.facts], widths[3]) or ["—"]
            for k in range(max(len(items), len(facts))):
                row = table.row()
                row.cell(f"{s.code} {s.label}" + (" (vervolg)" if k else ""), style=FontFace(emphasis="BOLD"))
                colour = s.colour.strip().lower()
                if colour in _RIHG_COLOURS:
                    fill, text = _RIHG_COLOURS[colour]
                    row.cell(colour, align="C",
                             style=FontFace(emphasis="BOLD", color=text, fill_color=fill))
                else:
                    row.cell("—", align="C")
                row.cell(items[k] if k < len(items) else "")
                row.cell(facts[k] if k < len(facts) else "")
    pdf.ln(2)
    pdf.set_font(FONT_FAMILY, "", 10.5)


def render_rihg_report(c: RihgReportContent) -> bytes:
    """Render the report of the Risicotaxatie-instrument Huiselijk Geweld (RiHG) as PDF bytes.

    Shows the person, dwelling and incident moment; per part (A, B, C of the Bth annex) a table of
    its signals with code and label, the colour (cell filled red/blue/yellow with the word), the
    items answered yes and the facts with their source (disputed facts marked "BETWIST"), the
    heading row repeated on each page the table spans; who filled in each part; the advice with the
    rule (two or more red signals within one part: a huisverbod is in principle indicated; Bth
    art. 2 en bijlage) and the red count per part; the decision (order / no order / not yet) with
    its reasons, who decided and when. A report with ``c.finalised_at`` ``None`` is a CONCEPT on
    every page. The last page has the signature box for :func:`forms.signing.sign_pdf`.

    Args:
        c: the content; all datetimes aware (shown in Europe/Amsterdam).
    Returns:
        PDF bytes; identical content gives identical bytes.
    Raises:
        ValueError: a datetime in ``c`` is naive.
    """
    pdf = WthDocument(document_id=c.document_id, version=c.version,
                      municipality_name=c.municipality_name,
                      title="Risicotaxatie huiselijk geweld (RiHG)",
                      is_draft=c.finalised_at is None, generated_at=c.generated_at,
                      sender=sender_for("rihg_rapport", c.municipality_name))
    pdf.title_block("Risicotaxatie huiselijk geweld (RiHG)",
                    f"Kenmerk {c.document_id} · zaak {c.case_id} · versie {c.version} · "
                    f"catalogus RiHG versie {c.catalogue_version}")
    pdf.label_value("Persoon", f"{c.person_name}, geboren op {nl_date(c.person_birth_date)}")
    pdf.label_value("Woning", c.dwelling_address)
    pdf.label_value("Voorval op", nl_datetime(c.incident_at, weekday=True))
    pdf.label_value("Vastgesteld op",
                    nl_datetime(c.finalised_at) if c.finalised_at else "nog niet (concept)")
    pdf.paragraph(
        "De RiHG volgt de bijlage bij het Besluit tijdelijk huisverbod (artikel 2). Per signaal is "
        "aangegeven welke items met ‘ja’ zijn beantwoord en op welke feiten (met bron) dat berust. "
        "De kleur is een professioneel oordeel: rood (hoog risico), blauw (midden), geel (laag).",
        size=9.5)

    authors: dict[str, list[str]] = {}
    for part_code, name in c.authors:
        authors.setdefault(part_code, []).append(name)
    for code, label in c.parts:
        pdf.heading(f"Deel {code} — {label}")
        pdf.label_value("Ingevuld door", ", ".join(authors.get(code, [])) or "—")
        rows = [s for s in c.signals if s.part == code]
        if rows:
            _rihg_signal_table(pdf, rows)
        else:
            pdf.paragraph("Geen signalen ingevuld.")

    pdf.heading("Advies")
    pdf.paragraph(
        "Regel: bij twee of meer rode signalen binnen één deel is een huisverbod in beginsel "
        "geïndiceerd (Besluit tijdelijk huisverbod, artikel 2 en bijlage). Het advies is geen "
        "besluit: wie beslist, motiveert het besluit schriftelijk, ook als het van het advies "
        "afwijkt.")
    red = dict(c.red_per_part)
    pdf.data_table(["Deel", "Aantal rode signalen", "Drempel (2) bereikt"],
                   [[f"Deel {code} — {label}", str(red.get(code, 0)),
                     "ja" if red.get(code, 0) >= 2 else "nee"] for code, label in c.parts],
                   [60, 25, 25])
    pdf.label_value("Uitkomst", c.advice_text)
    pdf.label_value("Auteurs", "; ".join(f"deel {p}: {n}" for p, n in c.authors))

    # Keep the decision, its reasons and the signature box together on one page when they fit.
    pdf.set_font(FONT_FAMILY, "", 10.5)
    n_reasons = len(pdf.multi_cell(0, LINE_MM, c.decision_reasons or "—", dry_run=True,
                                   output="LINES"))
    needed = 12 + 4 * 2 * LINE_MM + 10 + (n_reasons + 1) * LINE_MM + 50
    if needed < pdf.page_break_trigger - pdf.t_margin:
        pdf._ensure_space(needed)
    pdf.heading("Besluit")
    if c.decision_huisverbod is None:
        decision = "nog geen besluit"
    elif c.decision_huisverbod:
        decision = "wel een huisverbod opleggen"
    else:
        decision = "geen huisverbod opleggen"
    pdf.label_value("Besluit", decision)
    pdf.label_value("Genomen door", c.decided_by)
    pdf.label_value("Datum en tijd",
                    nl_datetime(c.finalised_at) if c.finalised_at else "— (concept)")
    pdf.heading("Motivering", level=2)
    pdf.paragraph(c.decision_reasons or "—")

    when = nl_date(c.finalised_at) if c.finalised_at else "(datum volgt bij vaststelling)"
    pdf.signature_area(f"{c.municipality_name}, {when}\n{c.decided_by}")
    return pdf.to_bytes()


# --------------------------------------------------------------------------------------------------
# Information letters (B1)
# --------------------------------------------------------------------------------------------------


#: the stands of the order the information letter knows (InfoUithuisgeplaatsteContent.status)
_INFO_STATUSES = ("loopt", "maximum", "ingetrokken")


def _info_running(pdf: WthDocument, c: InfoUithuisgeplaatsteContent, m: str) -> None:
    """The letter's part for an order that still runs: what it means, the contact ban, art. 11, the contact
    address and when it ends (``c.status`` "maximum": no further extension)."""
    pdf.heading("Wat betekent het huisverbod?")
    pdf.bullets([
        f"U moet de woning {c.dwelling_address} nu verlaten.",
        f"U mag niet terugkomen in de woning tot {nl_datetime(c.end)}. Ook niet even. Ook niet "
        "in de tuin, de schuur of het portiek.",
        "U mag geen contact hebben met de mensen die hieronder staan. Ook niet als zij zelf "
        "contact met u zoeken.",
        "Geen contact betekent: niet langsgaan, niet bellen, geen sms, geen WhatsApp of andere "
        "app, geen e-mail, geen berichten via sociale media en ook geen berichten via andere "
        "mensen.",
    ])
    pdf.heading("Met deze mensen mag u geen contact hebben", level=2)
    pdf.bullets(list(c.protected_names) or ["—"])
    pdf.paragraph(f"Dit geldt tot {nl_datetime(c.end, weekday=True)}.", style="B")

    pdf.notice_box(
        "Houd u aan het huisverbod. Anders pleegt u een misdrijf.",
        "Gaat u toch naar de woning of neemt u toch contact op? Dan pleegt u een misdrijf "
        "(artikel 11 van de Wet tijdelijk huisverbod). U kunt dan een gevangenisstraf krijgen van "
        "ten hoogste 2 jaar, of een geldboete. De politie kan u aanhouden.")

    pdf.heading("Geef een adres door waar u bereikbaar bent")
    pdf.paragraph(
        "U moet een adres doorgeven waar u bereikbaar bent. Doe dat vóór "
        f"{nl_datetime(c.contact_address_deadline, weekday=True)}. Geef het adres aan de politie "
        f"of aan de gemeente {m} (artikel 2, zesde lid, van de Wet tijdelijk huisverbod). Wij "
        "sturen post over het huisverbod naar dat adres. Verandert uw adres? Geef dat dan meteen "
        "door.")

    pdf.heading("Wanneer eindigt het huisverbod?")
    if c.status == "maximum":
        pdf.paragraph(
            f"Het huisverbod eindigt op {nl_datetime(c.end, weekday=True)}. Het huisverbod is verlengd tot de "
            "langste duur die de wet toestaat: 4 weken (artikel 9 van de Wet tijdelijk huisverbod). De "
            "burgemeester kan het niet verder verlengen.")
    else:
        pdf.paragraph(
            f"Het huisverbod eindigt op {nl_datetime(c.end, weekday=True)}. De burgemeester kan het "
            "huisverbod verlengen. Het huisverbod duurt dan in totaal ten hoogste 4 weken (artikel 9 "
            "van de Wet tijdelijk huisverbod). Als de burgemeester het huisverbod verlengt, krijgt u "
            "daarover een nieuw besluit.")


def render_info_uithuisgeplaatste(c: InfoUithuisgeplaatsteContent) -> bytes:
    """Render the information letter for the uithuisgeplaatste as PDF bytes (procedure.md §7).

    Plain Dutch (B1), addressed with "u": what the huisverbod means (leave, do not come back, no
    contact with ``c.protected_names`` — also not by phone, app or social media — until ``c.end``);
    that breaking it is a crime (art. 11 Wth, up to two years); the contact-address duty before
    ``c.contact_address_deadline`` (art. 2 lid 6 Wth); the end and a possible extension up to four
    weeks (art. 9 Wth); how to appeal (beroep at the rechtbank within six weeks, until
    ``c.appeal_term_end``; voorlopige voorziening, art. 6 Wth; no griffierecht; a free lawyer,
    art. 5 Wth); the help offered and how to collect belongings. No signature box.

    Args:
        c: the content; all datetimes aware (shown in Europe/Amsterdam).
    Returns:
        PDF bytes; identical content gives identical bytes.
    Raises:
        ValueError: a datetime in ``c`` is naive.
    """
    m = c.municipality_name
    title = ("Informatie voor u: uw huisverbod is ingetrokken" if c.status == "ingetrokken"
             else "Informatie voor u: u heeft een huisverbod")
    pdf = WthDocument(document_id=c.document_id, version=c.version, municipality_name=m,
                      title=title, is_draft=False,
                      generated_at=c.generated_at, sender=sender_for("info_uithuisgeplaatste", m))
    pdf.title_block(title,
                    f"Voor {c.person_name} · kenmerk {c.document_id} · zaak {c.case_id}")
    pdf.paragraph(
        f"De burgemeester van {m} heeft u een tijdelijk huisverbod gegeven. In deze brief leest u "
        "wat dat betekent en wat u moet doen. Lees de brief goed. Heeft u vragen? Stel ze aan de "
        "politie.")
    pdf.label_value("Woning", c.dwelling_address)
    pdf.label_value("Het huisverbod begint", nl_datetime(c.start, weekday=True))
    pdf.label_value("Het huisverbod eindigt", nl_datetime(c.end, weekday=True))
    if c.end_note:
        pdf.paragraph(c.end_note, style="B")

    if c.status not in _INFO_STATUSES:
        raise ValueError(f"onbekende stand van het huisverbod: {c.status!r}")
    if c.status == "ingetrokken":      # art. 2 lid 9 Wth: the order is over; the letter says so, asks nothing more
        pdf.heading("Het huisverbod is ingetrokken")
        pdf.paragraph(
            f"De burgemeester heeft het huisverbod ingetrokken. Het huisverbod is geëindigd op "
            f"{nl_datetime(c.end, weekday=True)}. Vanaf dat moment mag u weer naar de woning "
            f"{c.dwelling_address} en mag u weer contact hebben met de mensen hieronder.")
        pdf.heading("Het huisverbod gold voor contact met deze mensen", level=2)
        pdf.bullets(list(c.protected_names) or ["—"])
        pdf.paragraph(f"Dit gold tot {nl_datetime(c.end, weekday=True)}.", style="B")
    else:
        _info_running(pdf, c, m)

    pdf.heading("Bent u het niet eens met het huisverbod?")
    pdf.paragraph(
        "Dan kunt u in beroep gaan bij de rechtbank. U hoeft eerst geen bezwaar te maken.")
    pdf.bullets([
        ("U heeft daarvoor 6 weken de tijd. Stuur uw beroepschrift uiterlijk op "
         f"{nl_date(c.appeal_term_end)} naar de rechtbank." if c.appeal_term_end is not None
         else appeal_term_sentence(None)),
        *c.later_terms,
        "Wilt u snel een beslissing? Vraag dan de rechter om een voorlopige voorziening. De rechter "
        "behandelt dat binnen 3 dagen (artikel 6 van de Wet tijdelijk huisverbod).",
        "U betaalt geen griffierecht. Naar de rechter gaan kost u dus niets.",
        "U kunt gratis een advocaat krijgen (artikel 5 van de Wet tijdelijk huisverbod). Vraag de "
        "politie daarom.",
        *(["Zolang de rechter niet anders beslist, blijft het huisverbod gelden."] if c.status != "ingetrokken" else []),
    ])

    pdf.heading("Hulp voor u")
    pdf.paragraph(
        f"U krijgt hulp aangeboden. {c.help_organisation} neemt contact met u op. U kunt ook zelf "
        f"bellen: {c.help_phone}. De hulp is bedoeld om het geweld te stoppen en om te kijken hoe "
        "het verder moet. Het is verstandig om de hulp aan te nemen."
        + (" De burgemeester kijkt daar ook naar als hij beslist over verlenging." if c.status == "loopt" else ""))

    pdf.heading("Spullen ophalen")
    pdf.paragraph(
        "Heeft u spullen nodig uit de woning, zoals kleding, medicijnen of spullen voor uw werk? "
        "Ga dan niet zelf naar de woning. Vraag de politie wanneer en hoe u uw spullen kunt "
        "ophalen. U gaat dan samen met de politie.")
    return pdf.to_bytes()


def render_info_achterblijvers(c: InfoAchterblijversContent) -> bytes:
    """Render the information letter for the achterblijvers as PDF bytes (procedure.md §7).

    Plain Dutch (B1), addressed with "u" to ``c.recipients``: what the order means for them, until
    when (``c.end``, date and time), that ``c.person_name`` may not come or contact them, to call
    112 when he or she comes anyway (a breach, art. 11 Wth), that Veilig Thuis / the care agency
    will contact them (art. 2 lid 8 Wth), that the order can be extended (art. 9 Wth), and that they
    may not invite the person back during the order. No signature box.

    Args:
        c: the content; all datetimes aware (shown in Europe/Amsterdam).
    Returns:
        PDF bytes; identical content gives identical bytes.
    Raises:
        ValueError: a datetime in ``c`` is naive.
    """
    m = c.municipality_name
    p = c.person_name
    pdf = WthDocument(document_id=c.document_id, version=c.version, municipality_name=m,
                      title="Informatie voor u: er is een huisverbod", is_draft=False,
                      generated_at=c.generated_at, sender=sender_for("info_achterblijvers", m))
    pdf.title_block("Informatie voor u: er is een huisverbod",
                    f"Kenmerk {c.document_id} · zaak {c.case_id}")
    pdf.label_value("Aan", "\n".join(c.recipients) or "—")
    pdf.label_value("Woning", c.dwelling_address)
    pdf.paragraph(
        f"De burgemeester van {m} heeft {p} een tijdelijk huisverbod gegeven. Dat is gedaan om u "
        "te beschermen. In deze brief leest u wat dat voor u betekent.")

    pdf.heading("Wat betekent het huisverbod voor u?")
    pdf.bullets([
        f"{p} moet de woning verlaten. U mag in de woning blijven.",
        f"{p} mag niet in de woning komen en mag geen contact met u hebben. Ook niet via de "
        "telefoon, een app, e-mail of sociale media, en ook niet via andere mensen.",
        f"Het huisverbod begint op {nl_datetime(c.start, weekday=True)}.",
        f"Het huisverbod geldt tot {nl_datetime(c.end, weekday=True)}.",
    ] + ([c.end_note] if c.end_note else []))

    pdf.notice_box(
        f"Komt {p} toch? Bel dan 112.",
        f"Komt {p} toch naar de woning, of neemt hij of zij toch contact met u op? Bel dan meteen "
        "112. Dat is een overtreding van het huisverbod. Dat is strafbaar (artikel 11 van de Wet "
        "tijdelijk huisverbod). De politie komt dan.")

    pdf.heading("Nodig hem of haar niet uit")
    pdf.paragraph(
        f"U mag {p} niet uitnodigen om terug te komen zolang het huisverbod geldt. Ook niet als u "
        "dat zelf wilt. Het huisverbod blijft gelden, ook als u het goed vindt dat hij of zij komt. "
        "Wilt u dat het huisverbod stopt? Neem dan contact op met de gemeente of met "
        f"{c.help_organisation}.")

    pdf.heading("Hulp voor u")
    pdf.paragraph(
        f"Veilig Thuis krijgt bericht van het huisverbod. {c.help_organisation} neemt binnen een "
        f"paar dagen contact met u op om hulp aan te bieden. U kunt ook zelf bellen: "
        f"{c.help_phone}. De hulp is er voor iedereen in het gezin, ook voor {p}.")

    pdf.heading("Kan het huisverbod langer duren?")
    pdf.paragraph(
        "Ja. De burgemeester kan het huisverbod verlengen, tot ten hoogste 4 weken in totaal "
        "(artikel 9 van de Wet tijdelijk huisverbod). De hulpverlening geeft de burgemeester "
        "daarover advies. Als het huisverbod wordt verlengd, hoort u dat.")

    pdf.heading("In een noodgeval")
    pdf.paragraph("Bel 112 als u in gevaar bent. Voor vragen kunt u de politie bellen op "
                  "0900-8844.")
    return pdf.to_bytes()


# --------------------------------------------------------------------------------------------------
# Notice to Veilig Thuis
# --------------------------------------------------------------------------------------------------


MINOR_CELL = {Answer.JA: "JA — kind", Answer.NEE: "nee", Answer.ONBEKEND: "onbekend"}


def render_veilig_thuis_notice(c: VeiligThuisNoticeContent) -> bytes:
    """Render the notice of an imposed order to Veilig Thuis / the care agency (art. 2 lid 8 Wth).

    Shows the uithuisgeplaatste (name, birth date, dwelling, contact address or that none was given
    yet), the order (start and end, date and time), the household in a table with children marked,
    the incident (moment and summary), the RiHG advice and who decided; asks the agency to contact
    both the uithuisgeplaatste and the achterblijvers and to give a zorgadvies before the extension
    decision (art. 9 Wth). The last page has the signature box for :func:`forms.signing.sign_pdf`.

    Args:
        c: the content; all datetimes aware (shown in Europe/Amsterdam).
    Returns:
        PDF bytes; identical content gives identical bytes.
    Raises:
        ValueError: a datetime in ``c`` is naive.
    """
    m = c.municipality_name
    title = "Melding opgelegd huisverbod aan Veilig Thuis / hulpverlening (art. 2 lid 8 Wth)"
    pdf = WthDocument(document_id=c.document_id, version=c.version, municipality_name=m,
                      title=title, is_draft=False, generated_at=c.generated_at,
                      sender=sender_for("melding_veilig_thuis", m))
    pdf.title_block(title, f"Kenmerk {c.document_id} · zaak {c.case_id} · versie {c.version}")
    pdf.label_value("Aan", c.organisation)
    pdf.label_value("Van", f"De burgemeester van {m}; verzonden door {c.sent_by}")
    pdf.paragraph(
        f"Op grond van artikel 2, achtste lid, van de Wet tijdelijk huisverbod melden wij u dat de "
        f"burgemeester van {m} een tijdelijk huisverbod heeft opgelegd.")

    pdf.heading("1. Het huisverbod")
    pdf.data_table(["Gegeven", "Waarde"], [
        ["Uithuisgeplaatste", c.person_name],
        ["Geboortedatum", nl_date(c.person_birth_date)],
        ["Woning", c.dwelling_address],
        ["Ingang", nl_datetime(c.start, weekday=True)],
        ["Einde", nl_datetime(c.end, weekday=True)],
        ["Opgelegd door", c.decider],
        ["Bereikbaar op", c.contact_address.strip() or "nog niet opgegeven (plicht: binnen 24 uur "
                                                         "na ingang, art. 2 lid 6 Wth)"],
    ], [30, 70])

    pdf.heading("2. Huishouden")
    minors = sum(1 for h in c.household if h[3] is Answer.JA)
    unknown = sum(1 for h in c.household if h[3] is Answer.ONBEKEND)
    pdf.data_table(["Naam", "Relatie", "Geboortedatum", "Minderjarig"],
                   [[n, r, b, MINOR_CELL[_answer(minor, "minor")]] for n, r, b, minor in c.household]
                   or [["—", "—", "—", "—"]],
                   [32, 28, 22, 18])
    if minors:
        pdf.paragraph(f"In het huishouden {'is' if minors == 1 else 'zijn'} {minors} "
                      f"{'kind' if minors == 1 else 'kinderen'}. Wij vragen u bijzondere aandacht "
                      "voor de veiligheid van de kinderen.", style="B")
    if unknown:
        pdf.paragraph(f"Van {unknown} {'persoon' if unknown == 1 else 'personen'} in het huishouden is de "
                      "geboortedatum niet bekend; of het om een kind gaat, is niet vastgesteld.", style="I")

    pdf.heading("3. Het voorval")
    pdf.label_value("Voorval op", nl_datetime(c.incident_at, weekday=True))
    pdf.paragraph(c.incident_summary or "—")
    pdf.label_value("Uitkomst RiHG", c.rihg_advice)

    pdf.heading("4. Verzoek")
    pdf.bullets([
        "Neem zo snel mogelijk contact op met de uithuisgeplaatste en met de achterblijvers, en "
        "bied beiden hulp aan.",
        "Geef de burgemeester een zorgadvies vóór het besluit over verlenging (artikel 9 van de Wet "
        "tijdelijk huisverbod), dus ruim vóór het einde van het huisverbod op "
        f"{nl_datetime(c.end)}. Vermeld of de hulp is aanvaard en of het gevaar blijft bestaan.",
        "Meld het ons direct als u hoort dat het huisverbod wordt overtreden.",
    ])

    pdf.signature_area(f"{m}, {nl_date(c.generated_at)}\nDe burgemeester van {m}, namens deze: {c.sent_by}")
    return pdf.to_bytes()


# --------------------------------------------------------------------------------------------------
# Dossier
# --------------------------------------------------------------------------------------------------


def _pdf_date(dt) -> str:
    """A PDF date string ``D:YYYYMMDDHHmmSS+HH'mm'`` in Europe/Amsterdam; naive is refused."""
    d = _local(dt)
    off = d.utcoffset()
    minutes = int(off.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"D:{d:%Y%m%d%H%M%S}{sign}{abs(minutes) // 60:02d}'{abs(minutes) % 60:02d}'"


def render_dossier(c: DossierContent, pdfs: list[bytes]) -> bytes:
    """Render a case dossier: a cover page followed by ``pdfs`` merged in order (pypdf).

    The cover shows the title, the case and the list of parts (``c.parts``, title and document
    id, with the page each part starts on); each part gets a bookmark. Used for "het dossier voor
    de burgemeester": RiHG report, police report and draft beschikking (plus the zorgadvies for an
    extension). The merged PDF carries no signatures (signatures of the parts do not survive a
    merge; the signed originals stay in the archive). Deterministic: the document info comes from
    ``c`` and the file /ID is a hash of the cover and the parts, so equal input gives equal bytes.

    Args:
        c: the cover content; ``c.generated_at`` aware.
        pdfs: the part PDFs, in the order of ``c.parts``.
    Returns:
        PDF bytes with 1 + the sum of the parts' pages.
    Raises:
        ValueError: ``len(pdfs) != len(c.parts)``, a part is not a readable PDF, or a naive datetime.
    """
    if len(pdfs) != len(c.parts):
        raise ValueError(f"dossier: {len(c.parts)} onderdelen genoemd maar {len(pdfs)} PDF's gegeven")
    readers = []
    for (title, _doc_id), data in zip(c.parts, pdfs):
        try:
            readers.append(PdfReader(io.BytesIO(data)))
        except Exception as exc:  # noqa: BLE001 - any parse failure is an unreadable part
            raise ValueError(f"dossier: onderdeel ‘{title}’ is geen leesbare PDF") from exc

    pdf = WthDocument(document_id=c.document_id, version=c.version,
                      municipality_name=c.municipality_name, title=c.title, is_draft=False,
                      generated_at=c.generated_at, sender=sender_for("dossier_burgemeester", c.municipality_name))
    pdf.title_block(c.title, f"Kenmerk {c.document_id} · zaak {c.case_id} · versie {c.version}")
    pdf.label_value("Zaak", c.case_id)
    pdf.label_value("Samengesteld op", nl_datetime(c.generated_at))
    total = 1 + sum(len(r.pages) for r in readers)
    pdf.label_value("Aantal pagina’s", f"{total} (dit voorblad en {total - 1} pagina’s onderdelen)")
    pdf.heading("Inhoud")
    rows, start = [], 2
    for i, ((title, doc_id), r) in enumerate(zip(c.parts, readers), start=1):
        n = len(r.pages)
        rows.append([str(i), title, doc_id, f"{start}–{start + n - 1}" if n > 1 else str(start)])
        start += n
    pdf.data_table(["Nr.", "Onderdeel", "Kenmerk", "Pagina’s"], rows, [8, 50, 27, 15])
    pdf.paragraph(
        "Dit dossier is een samenvoeging om te lezen. Het bevat geen geldige digitale handtekeningen: "
        "de ondertekende originelen staan in het zaakarchief.", style="I", size=9)
    cover = pdf.to_bytes()

    writer = PdfWriter()
    writer.append(PdfReader(io.BytesIO(cover)), outline_item="Voorblad")
    for (title, doc_id), r in zip(c.parts, readers):
        writer.append(r, outline_item=f"{title} ({doc_id})")
    writer.add_metadata({
        "/Title": c.title,
        "/Author": f"Gemeente {c.municipality_name}",
        "/Subject": f"{c.title} ({c.document_id}, versie {c.version})",
        "/Creator": "Wth-zaaksysteem",
        "/Producer": "Wth-zaaksysteem (pypdf)",
        "/CreationDate": _pdf_date(c.generated_at),
        "/ModDate": _pdf_date(c.generated_at),
    })
    digest = hashlib.sha256(cover)
    for data in pdfs:
        digest.update(hashlib.sha256(data).digest())
    file_id = ByteStringObject(digest.digest()[:16])
    writer._ID = ArrayObject([file_id, file_id])  # no public setter; pypdf would leave /ID out
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
