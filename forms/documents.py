"""The standard Wth documents, rendered from :mod:`forms.content` only (procedure.md section 7).

Text addressed to the uithuisgeplaatste is plain Dutch (B1): short sentences, "u", no Latin.
Completeness of the content (art. 2 lid 4 Wth) is checked by the procedure layer before rendering;
the renderer shows "—" for an empty field rather than guessing.
"""
from __future__ import annotations

from forms.content import (
    BeschikkingContent,
    IntrekkingContent,
    UitreikingContent,
    VerlengingContent,
)
from forms.layout import WthDocument, nl_date, nl_datetime

_NUMBER_WORDS = {1: "een", 2: "twee", 3: "drie", 4: "vier", 5: "vijf", 6: "zes", 7: "zeven",
                 8: "acht", 9: "negen", 10: "tien", 14: "veertien", 28: "achtentwintig"}


def _days(n: int) -> str:
    return _NUMBER_WORDS.get(n, str(n))


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
    pdf = WthDocument(document_id=c.document_id, version=c.version, municipality_name=m,
                      title="Beschikking tijdelijk huisverbod", is_draft=c.is_draft,
                      generated_at=c.generated_at)
    pdf.title_block("Beschikking tijdelijk huisverbod",
                    f"Kenmerk {c.document_id} · zaak {c.case_id} · versie {c.version}")

    pdf.label_value("Aan", f"{c.person_name}, geboren op {nl_date(c.person_birth_date)}")
    pdf.label_value("Woning", c.dwelling_address)
    pdf.label_value("Datum besluit",
                    nl_datetime(c.decided_at) if c.decided_at else "nog niet genomen (concept)")

    pdf.heading("1. Besluit")
    pdf.paragraph(
        f"De burgemeester van {m} legt u, {c.person_name} (geboren op "
        f"{nl_date(c.person_birth_date)}), een tijdelijk huisverbod op. Dit betekent:")
    pdf.bullets([
        f"U moet de woning {c.dwelling_address} direct verlaten.",
        "U mag de woning niet in gaan en u mag er ook niet zijn. Dat geldt ook voor de tuin, "
        "de schuur, de berging en de gang of het portiek bij de woning.",
        "U mag geen contact hebben met de personen die hieronder staan. Ook niet als zij zelf "
        "contact met u zoeken. Geen contact betekent: niet langsgaan, niet bellen, geen sms, "
        "WhatsApp, e-mail of berichten via sociale media, en ook geen berichten via andere mensen.",
    ])

    pdf.heading("2. Met wie u geen contact mag hebben")
    if c.protected_persons:
        pdf.data_table(
            ["Naam", "Relatie tot u", "Verblijf in de woning", "Grond"],
            [[p.name, p.relation, p.residence, p.basis] for p in c.protected_persons],
            [30, 20, 25, 25],
        )
    else:
        pdf.paragraph("—")

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
    pdf = WthDocument(document_id=c.document_id, version=c.version, municipality_name=m,
                      title="Proces-verbaal van uitreiking tijdelijk huisverbod", is_draft=False,
                      generated_at=c.generated_at)
    pdf.title_block("Proces-verbaal van uitreiking tijdelijk huisverbod",
                    f"Kenmerk {c.document_id} · zaak {c.case_id} · versie {c.version}")
    pdf.paragraph(
        f"Ik, {c.served_by}, hulpofficier van justitie, verklaar dat ik op "
        f"{nl_datetime(c.served_at, weekday=True)} de beschikking tijdelijk huisverbod met kenmerk "
        f"{c.beschikking_document_id} heb uitgereikt aan {c.person_name}.")

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
    if c.keys_taken_in:
        pdf.paragraph(
            "De politie heeft de volgende sleutels van de woning van u ingenomen (artikel 4, "
            "tweede lid, van de Wet tijdelijk huisverbod). Dit proces-verbaal is uw "
            "ontvangstbewijs.")
        items = [k.strip() for k in c.key_description.split(",") if k.strip()] or ["—"]
        pdf.data_table(["Ingenomen sleutel(s)", "Ingenomen op", "Door"],
                       [[k, nl_datetime(c.served_at), c.served_by] for k in items], [40, 35, 25])
        pdf.paragraph("U krijgt de sleutels terug als het huisverbod is afgelopen. Vraag daarvoor de "
                      "politie.")
    else:
        pdf.paragraph("Er zijn geen sleutels ingenomen.")

    pdf.heading("Adres waar u bereikbaar bent")
    if c.contact_address.strip():
        pdf.label_value("Opgegeven adres", c.contact_address)
        pdf.paragraph("Post over het huisverbod, zoals een besluit over verlenging, sturen wij naar "
                      "dit adres. Verandert uw adres? Geef dat dan meteen door.")
    else:
        pdf.paragraph(
            "U heeft nog geen adres opgegeven. U moet binnen 24 uur na de uitreiking, dus uiterlijk "
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
        f"Opgemaakt en ondertekend in {m} op {nl_date(c.served_at)}.\n"
        f"{c.served_by}, hulpofficier van justitie")
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
    title = "Beschikking verlenging tijdelijk huisverbod"
    pdf = WthDocument(document_id=c.document_id, version=c.version, municipality_name=m,
                      title=title, is_draft=c.is_draft, generated_at=c.generated_at)
    pdf.title_block(title, f"Kenmerk {c.document_id} · zaak {c.case_id} · versie {c.version}")

    pdf.label_value("Aan", f"{c.person_name}, geboren op {nl_date(c.person_birth_date)}")
    pdf.label_value("Woning", c.dwelling_address)
    pdf.label_value("Datum besluit",
                    nl_datetime(c.decided_at) if c.decided_at else "nog niet genomen (concept)")

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
        "U mag geen contact hebben met de personen die hieronder staan. Ook niet als zij zelf "
        "contact met u zoeken. Geen contact betekent: niet langsgaan, niet bellen, geen sms, "
        "WhatsApp, e-mail of berichten via sociale media, en ook geen berichten via andere mensen.",
    ])

    pdf.heading("2. Met wie u geen contact mag hebben")
    if c.protected_persons:
        pdf.data_table(
            ["Naam", "Relatie tot u", "Verblijf in de woning", "Grond"],
            [[p.name, p.relation, p.residence, p.basis] for p in c.protected_persons],
            [30, 20, 25, 25],
        )
    else:
        pdf.paragraph("—")

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
    if c.help_accepted:
        pdf.paragraph(
            "U heeft de hulp aanvaard die u is aangeboden. De burgemeester heeft daar rekening mee "
            "gehouden. Toch is het gevaar volgens de burgemeester nog niet weg. Hieronder staat "
            "waarom.")
    else:
        pdf.paragraph(
            "U heeft de hulp die u is aangeboden niet aanvaard. De burgemeester heeft daar rekening "
            "mee gehouden. Hieronder staat waarom het gevaar volgens de burgemeester nog niet weg is.")
    pdf.heading("Feiten en omstandigheden nu", level=2)
    pdf.paragraph(c.current_facts or "—")
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
    title = "Beschikking intrekking tijdelijk huisverbod"
    pdf = WthDocument(document_id=c.document_id, version=c.version, municipality_name=m,
                      title=title, is_draft=c.is_draft, generated_at=c.generated_at)
    pdf.title_block(title, f"Kenmerk {c.document_id} · zaak {c.case_id} · versie {c.version}")

    pdf.label_value("Aan", f"{c.person_name}, geboren op {nl_date(c.person_birth_date)}")
    pdf.label_value("Woning", c.dwelling_address)
    pdf.label_value("Datum besluit",
                    nl_datetime(c.decided_at) if c.decided_at else "nog niet genomen (concept)")

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
        "Heeft de politie uw sleutels ingenomen? Vraag ze dan terug bij de politie.",
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
