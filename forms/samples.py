"""Realistic sample content for previews, tests and benchmarks (fictitious people and addresses).
Implements no article of the Wth.

Not used by the app's own flow: the procedure layer builds content from the case.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from procedure.domain.answers import Answer

from forms.content import (
    AdultRole,
    BeschikkingContent,
    ChildrenPart,
    DossierContent,
    InfoAchterblijversContent,
    InfoUithuisgeplaatsteContent,
    IntrekkingContent,
    ProtectedPerson,
    RihgReportContent,
    RihgSignalRow,
    UitreikingContent,
    VeiligThuisNoticeContent,
    VerlengingContent,
)

AMS = ZoneInfo("Europe/Amsterdam")

SAMPLE_FACTS = (
    "Op zondag 9 augustus 2015 om 14:05 uur belde een buurvrouw de politie omdat zij geschreeuw "
    "en gestommel hoorde in de woning. Bij aankomst trof de politie mevrouw Ĳsselmuiden aan met "
    "een bloedneus en een rode plek op haar wang. Zij verklaarde: “hij sloeg me met de vlakke "
    "hand” en ‘ik durf niet meer thuis te zijn’.\n\n"
    "In de woonkamer lag een kapotte stoel; de schade aan de inboedel wordt geschat op "
    "€ 1.250,–. De kinderen Zoë en Loïc waren aanwezig — zij zaten huilend op de trap. "
    "François Meijer, een vriend van de familie, belde om 17:05 uur – na het vertrek van de "
    "politie – en verklaarde dat er al maanden ruzies zijn."
)


SAMPLE_OTHER_ADULTS = (
    AdultRole("Anna Ĳsselmuiden", "partner",
              "Slachtoffer: zij had letsel en verklaarde dat zij werd geslagen. Er zijn geen aanwijzingen dat zij "
              "geweld gebruikte; daarom is het huisverbod niet aan haar opgelegd."),
)
SAMPLE_CHILDREN = ChildrenPart(
    names=("Zoë de Vries (8 jaar)", "Loïc de Vries (5 jaar)"),
    care="Hun moeder, Anna Ĳsselmuiden, zorgt voor hen in de woning.",
    meaning="De kinderen blijven thuis wonen en gaan naar school. Hun vader mag tijdens het huisverbod geen "
            "contact met hen hebben; Veilig Thuis bespreekt met de ouders hoe contact daarna veilig kan.")


def sample_beschikking(**overrides) -> BeschikkingContent:
    """A complete, signed-ready beschikking oplegging for Venlo; ``overrides`` replace fields."""
    c = BeschikkingContent(
        document_id="HV-2026-0007-OPL",
        version=1,
        municipality_name="Venlo",
        case_id="HV-2026-0007",
        person_name="Jan Pieter de Vries",
        person_birth_date=date(1984, 3, 2),
        dwelling_address="Kerkstraat 12, 5911 AB Venlo",
        duration_days=10,
        start=datetime(2015, 8, 9, 16, 39, tzinfo=AMS),
        end=datetime(2015, 8, 19, 16, 39, tzinfo=AMS),
        incident_at=datetime(2015, 8, 9, 14, 5, tzinfo=AMS),
        facts=SAMPLE_FACTS,
        threatened_persons="Mevrouw Anna Ĳsselmuiden (partner) en de kinderen Zoë (8) en Loïc (5).",
        why_this_person=(
            "Volgens de verklaringen en de verwondingen heeft de heer De Vries het geweld gepleegd. "
            "Mevrouw Ĳsselmuiden zorgt dagelijks voor de kinderen; er zijn geen aanwijzingen dat "
            "zij geweld heeft gebruikt."),
        protected_persons=(
            ProtectedPerson("Anna Ĳsselmuiden", "partner", "woont in de woning", "BRP"),
            ProtectedPerson("Zoë de Vries", "dochter (8 jaar)", "woont in de woning", "BRP"),
            ProtectedPerson("Loïc de Vries", "zoon (5 jaar)", "verblijft er meer dan incidenteel",
                            "verklaring moeder, PV 2015-0815"),
        ),
        rihg_advice="Huisverbod geïndiceerd: 3 rode signalen in deel B",
        other_adults=SAMPLE_OTHER_ADULTS,
        children=SAMPLE_CHILDREN,
        legal_basis="artikel 2, eerste lid, van de Wet tijdelijk huisverbod",
        decider_name="R. Janssen",
        decider_role="hulpofficier van justitie, in mandaat namens de burgemeester van Venlo",
        decision_basis="mandaatbesluit MB-2026-01 van 1 januari 2026",
        decided_at=datetime(2015, 8, 9, 16, 30, tzinfo=AMS),
        is_draft=False,
        generated_at=datetime(2015, 8, 9, 16, 31, tzinfo=AMS),
    )
    return replace(c, **overrides)


def sample_uitreiking(**overrides) -> UitreikingContent:
    """A proces-verbaal van uitreiking matching :func:`sample_beschikking`."""
    c = UitreikingContent(
        document_id="HV-2026-0007-PVU",
        version=1,
        municipality_name="Venlo",
        case_id="HV-2026-0007",
        person_name="Jan Pieter de Vries",
        dwelling_address="Kerkstraat 12, 5911 AB Venlo",
        served_at=datetime(2015, 8, 9, 16, 39, tzinfo=AMS),
        end=datetime(2015, 8, 19, 16, 39, tzinfo=AMS),
        latest_extension_end=datetime(2015, 9, 6, 16, 39, tzinfo=AMS),
        contact_address_deadline=datetime(2015, 8, 10, 16, 39, tzinfo=AMS),
        served_by="R. Janssen",
        keys_taken_in=Answer.JA,
        key_description="2 huissleutels, 1 autosleutel",
        contact_address_given=Answer.NEE,
        contact_address="",
        beschikking_document_id="HV-2026-0007-OPL",
        generated_at=datetime(2015, 8, 9, 16, 45, tzinfo=AMS),
    )
    return replace(c, **overrides)


SAMPLE_CURRENT_FACTS = (
    "Op maandag 17 augustus 2015 heeft de casemanager van Veilig Thuis met mevrouw Ĳsselmuiden "
    "gesproken. Zij verklaarde dat de heer De Vries haar sinds de oplegging elf keer heeft gebeld "
    "via een nummer van een vriend. Zij is bang dat het geweld terugkomt als hij thuiskomt.\n\n"
    "De kinderen Zoë en Loïc slapen nog slecht. De school van Zoë meldt dat zij stil en "
    "teruggetrokken is. Het eerste systeemgesprek is gepland op 24 augustus 2015."
)

SAMPLE_EXTENSION_REASONS = (
    "De heer De Vries heeft de hulp van Veilig Thuis aanvaard en heeft op 14 augustus 2015 een "
    "intakegesprek gehad bij de verslavingszorg. Dat is een goede eerste stap. De hulp is echter "
    "pas net begonnen en heeft nog geen resultaat gehad: de oorzaken van het geweld (drankgebruik "
    "en spanningen over schulden) zijn er nog.\n\n"
    "Volgens het zorgadvies is de kans groot dat het geweld terugkomt als de heer De Vries nu naar "
    "huis gaat. Hij heeft bovendien het contactverbod niet steeds nageleefd. De burgemeester vindt "
    "daarom dat het gevaar voor mevrouw Ĳsselmuiden en de kinderen blijft bestaan en dat de hulp "
    "eerst de tijd moet krijgen. Een verlenging tot het uiterste einde geeft de hulpverlening die "
    "tijd."
)


def sample_verlenging(**overrides) -> VerlengingContent:
    """A complete beschikking verlenging matching :func:`sample_beschikking` (cases.md R05: T0
    9 August 2015 16:39, end 19 August 16:39, +18 days → 6 September 2015 16:39 = T0 + 28 days),
    decided by the loco-burgemeester (cases.md R09); ``overrides`` replace fields."""
    c = VerlengingContent(
        document_id="HV-2026-0007-VRL",
        version=1,
        municipality_name="Venlo",
        case_id="HV-2026-0007",
        person_name="Jan Pieter de Vries",
        person_birth_date=date(1984, 3, 2),
        dwelling_address="Kerkstraat 12, 5911 AB Venlo",
        t0=datetime(2015, 8, 9, 16, 39, tzinfo=AMS),
        original_end=datetime(2015, 8, 19, 16, 39, tzinfo=AMS),
        new_end=datetime(2015, 9, 6, 16, 39, tzinfo=AMS),
        latest_possible_end=datetime(2015, 9, 6, 16, 39, tzinfo=AMS),
        extension_days=18,
        zorgadvies_organisation="Veilig Thuis Limburg-Noord, casemanager M. Hendriks",
        zorgadvies_date=date(2015, 8, 17),
        zorgadvies_summary=(
            "Veilig Thuis adviseert het huisverbod te verlengen. Beide partners werken mee, maar "
            "de hulp is pas gestart. De risico’s (drankgebruik, schulden, eerdere meldingen) zijn "
            "nog niet verminderd. Zonder verlenging is de kans op nieuw geweld groot."),
        help_accepted=Answer.JA,
        reasons=SAMPLE_EXTENSION_REASONS,
        current_facts=SAMPLE_CURRENT_FACTS,
        protected_persons=(
            ProtectedPerson("Anna Ĳsselmuiden", "partner", "woont in de woning", "BRP"),
            ProtectedPerson("Zoë de Vries", "dochter (8 jaar)", "woont in de woning", "BRP"),
            ProtectedPerson("Loïc de Vries", "zoon (5 jaar)", "verblijft er meer dan incidenteel",
                            "verklaring moeder, PV 2015-0815"),
        ),
        other_adults=SAMPLE_OTHER_ADULTS,
        children=SAMPLE_CHILDREN,
        decider_name="M. Peeters",
        decider_role="loco-burgemeester, handelend namens de burgemeester van Venlo",
        decision_basis="vervanging van de burgemeester bij afwezigheid, vervangingsregeling "
                       "VR-2015-08 geldig van 10 tot en met 23 augustus 2015",
        decided_at=datetime(2015, 8, 18, 11, 15, tzinfo=AMS),
        is_draft=False,
        generated_at=datetime(2015, 8, 18, 11, 16, tzinfo=AMS),
    )
    return replace(c, **overrides)


SAMPLE_WITHDRAWAL_REASONS = (
    "Mevrouw Ĳsselmuiden heeft op 13 augustus 2015 laten weten dat zij met de kinderen Zoë en "
    "Loïc bij haar moeder in Tegelen is gaan wonen. Veilig Thuis heeft dat op 14 augustus 2015 "
    "bevestigd. Er wonen nu geen andere personen meer in de woning Kerkstraat 12.\n\n"
    "Het huisverbod is er om de personen in de woning te beschermen. Nu zij daar niet meer wonen, "
    "is er in de woning geen gevaar meer dat met een huisverbod kan worden voorkomen. De "
    "burgemeester trekt het huisverbod daarom in. De hulp van Veilig Thuis aan het gezin gaat door."
)


def sample_intrekking(**overrides) -> IntrekkingContent:
    """A complete beschikking intrekking matching :func:`sample_beschikking`: the household changed
    (procedure.md section 6, courts review ex nunc), withdrawn before the planned end by the
    burgemeester himself; ``overrides`` replace fields."""
    c = IntrekkingContent(
        document_id="HV-2026-0007-INT",
        version=1,
        municipality_name="Venlo",
        case_id="HV-2026-0007",
        person_name="Jan Pieter de Vries",
        person_birth_date=date(1984, 3, 2),
        dwelling_address="Kerkstraat 12, 5911 AB Venlo",
        t0=datetime(2015, 8, 9, 16, 39, tzinfo=AMS),
        planned_end=datetime(2015, 8, 19, 16, 39, tzinfo=AMS),
        withdrawn_at=datetime(2015, 8, 14, 15, 0, tzinfo=AMS),
        reasons=SAMPLE_WITHDRAWAL_REASONS,
        decider_name="A. Burgemeester",
        decider_role="burgemeester van Venlo",
        decision_basis="eigen bevoegdheid van de burgemeester (artikel 2, negende lid, Wth)",
        decided_at=datetime(2015, 8, 14, 14, 40, tzinfo=AMS),
        is_draft=False,
        generated_at=datetime(2015, 8, 14, 14, 41, tzinfo=AMS),
    )
    return replace(c, **overrides)


_RIHG_PARTS = (
    ("A", "De persoon die in aanmerking komt voor uithuisplaatsing"),
    ("B", "Het verloop van het incident"),
    ("C", "De leefomstandigheden van de persoon en de huisgenoten"),
)

SAMPLE_RIHG_DECISION_REASONS = (
    "Drie signalen in deel B zijn rood: er is lichamelijk geweld gebruikt (slaan met de vlakke "
    "hand, bloedneus), de kinderen waren erbij en mevrouw Ĳsselmuiden is bang voor nieuw geweld. "
    "De heer De Vries was ten tijde van het voorval onder invloed van alcohol en er zijn eerdere "
    "meldingen van huiselijk geweld. Het advies van de RiHG wordt gevolgd: de aanwezigheid van de "
    "heer De Vries in de woning levert een ernstig en onmiddellijk gevaar op."
)


def sample_rihg_report(**overrides) -> RihgReportContent:
    """A finalised RiHG report matching :func:`sample_beschikking`, with a few signals per part
    (three red in part B: huisverbod geïndiceerd); ``overrides`` replace fields."""
    signals = (
        RihgSignalRow("A1", "Antecedenten en incidenten", "A", "blauw", ("Geweld",),
                      (("Melding huiselijk geweld 12 maart 2015", "BVH-registratie 2015-0312", False),
                       ("Aangifte mishandeling 2013, ingetrokken", "verklaring buurvrouw", True))),
        RihgSignalRow("A3", "Riskante gewoonten", "A", "blauw",
                      ("Signalen van alcoholverslaving/-excessen", "Is nu zwaar beschonken"),
                      (("Ademanalyse 410 µg/l om 15:10 uur", "PV 2015-0815", False),)),
        RihgSignalRow("B1", "Bedreiging", "B", "rood", ("Verbaal (schelden, schreeuwen)",
                                                         "Dreigen met fysiek geweld"),
                      (("“Ik maak je af” geroepen", "verklaring Anna Ĳsselmuiden, PV 2015-0815",
                        False),)),
        RihgSignalRow("B3", "Lichamelijk geweld", "B", "rood",
                      ("Duwen, schoppen, slaan, aan de haren trekken e.d.",),
                      (("Bloedneus en rode plek op de wang", "waarneming verbalisant, PV 2015-0815",
                        False),)),
        RihgSignalRow("B9", "Aanwezigheid van kinderen", "B", "rood",
                      ("Kinderen waren getuige van het geweld", "Kinderen apathisch, huilend of "
                                                                "schrikachtig"),
                      (("Zoë en Loïc zaten huilend op de trap", "waarneming verbalisant", False),)),
        RihgSignalRow("B10", "Geweldsverwachting", "B", "blauw", ("Slachtoffer vreest toekomstig "
                                                                   "geweld",),
                      (("“Ik durf niet meer thuis te zijn”", "verklaring Anna Ĳsselmuiden", False),)),
        RihgSignalRow("C2", "Spanning door financiën", "C", "geel", ("Veel schulden",),
                      (("Schuldhulptraject sinds 2014", "verklaring Jan Pieter de Vries", False),)),
        RihgSignalRow("C6", "Sociaal isolement — onaangepast gezin", "C", "", (), ()),
    )
    c = RihgReportContent(
        document_id="HV-2026-0007-RIHG",
        version=1,
        municipality_name="Venlo",
        case_id="HV-2026-0007",
        person_name="Jan Pieter de Vries",
        person_birth_date=date(1984, 3, 2),
        dwelling_address="Kerkstraat 12, 5911 AB Venlo",
        incident_at=datetime(2015, 8, 9, 14, 5, tzinfo=AMS),
        catalogue_version="2009-1",
        parts=_RIHG_PARTS,
        signals=signals,
        authors=(("A", "R. Janssen"), ("B", "R. Janssen"), ("C", "M. Hendriks (casemanager)")),
        advice_text="Huisverbod geïndiceerd: 3 rode signalen in deel B",
        red_per_part=(("A", 0), ("B", 3), ("C", 0)),
        decision_huisverbod=True,
        decision_reasons=SAMPLE_RIHG_DECISION_REASONS,
        decided_by="R. Janssen, hulpofficier van justitie, in mandaat namens de burgemeester van Venlo",
        finalised_at=datetime(2015, 8, 9, 16, 20, tzinfo=AMS),
        generated_at=datetime(2015, 8, 9, 16, 21, tzinfo=AMS),
    )
    return replace(c, **overrides)


def sample_rihg_report_full(catalogue, **overrides) -> RihgReportContent:
    """A RiHG report with every signal of ``catalogue`` (duck-typed like
    ``procedure.domain.rihg.Catalogue``: ``version`` and ``parts`` with ``code``/``label``/``signals``,
    signals with ``code``/``label``/``items``): colours cycle rood/blauw/geel/none, about half the
    items are yes, and every coloured signal has two facts (one disputed). For page-flow tests."""
    colours = ("rood", "blauw", "geel", "")
    rows, red = [], {}
    n = 0
    for part in catalogue.parts:
        red[part.code] = 0
        for sig in part.signals:
            colour = colours[n % 4]
            n += 1
            red[part.code] += colour == "rood"
            yes = tuple(i.label for k, i in enumerate(sig.items) if (k + n) % 2 == 0)
            facts = () if not colour else (
                (f"Feit bij {sig.code}: verklaring over {sig.label.lower()}, met datum en "
                 "omstandigheden zoals vastgelegd", f"PV 2015-0815, bijlage {n}", False),
                (f"Eerdere melding over {sig.label.lower()}", "verklaring buurvrouw", True),
            )
            rows.append(RihgSignalRow(sig.code, sig.label, part.code, colour, yes, facts))
    best = max(red, key=lambda k: red[k])
    c = sample_rihg_report(
        catalogue_version=catalogue.version,
        parts=tuple((p.code, p.label) for p in catalogue.parts),
        signals=tuple(rows),
        red_per_part=tuple(red.items()),
        advice_text=(f"Huisverbod geïndiceerd: {red[best]} rode signalen in deel {best}"
                     if red[best] >= 2 else "Geen huisverbod geïndiceerd"),
    )
    return replace(c, **overrides)


def sample_info_uithuisgeplaatste(**overrides) -> InfoUithuisgeplaatsteContent:
    """The information letter for the uithuisgeplaatste matching :func:`sample_uitreiking`
    (T0 9 August 2015 16:39; appeal term until 21 September 2015); ``overrides`` replace fields."""
    c = InfoUithuisgeplaatsteContent(
        document_id="HV-2026-0007-INF-U",
        version=1,
        municipality_name="Venlo",
        case_id="HV-2026-0007",
        person_name="Jan Pieter de Vries",
        dwelling_address="Kerkstraat 12, 5911 AB Venlo",
        start=datetime(2015, 8, 9, 16, 39, tzinfo=AMS),
        end=datetime(2015, 8, 19, 16, 39, tzinfo=AMS),
        protected_names=("Anna Ĳsselmuiden", "Zoë de Vries", "Loïc de Vries"),
        contact_address_deadline=datetime(2015, 8, 10, 16, 39, tzinfo=AMS),
        appeal_term_end=date(2015, 9, 21),
        help_organisation="Veilig Thuis Limburg-Noord",
        help_phone="0800-2000",
        generated_at=datetime(2015, 8, 9, 16, 40, tzinfo=AMS),
    )
    return replace(c, **overrides)


def sample_info_achterblijvers(**overrides) -> InfoAchterblijversContent:
    """The information letter for the achterblijvers matching :func:`sample_uitreiking`."""
    c = InfoAchterblijversContent(
        document_id="HV-2026-0007-INF-A",
        version=1,
        municipality_name="Venlo",
        case_id="HV-2026-0007",
        recipients=("Anna Ĳsselmuiden",),
        person_name="Jan Pieter de Vries",
        dwelling_address="Kerkstraat 12, 5911 AB Venlo",
        start=datetime(2015, 8, 9, 16, 39, tzinfo=AMS),
        end=datetime(2015, 8, 19, 16, 39, tzinfo=AMS),
        help_organisation="Veilig Thuis Limburg-Noord",
        help_phone="0800-2000",
        generated_at=datetime(2015, 8, 9, 16, 41, tzinfo=AMS),
    )
    return replace(c, **overrides)


def sample_veilig_thuis_notice(**overrides) -> VeiligThuisNoticeContent:
    """The notice to Veilig Thuis (art. 2 lid 8 Wth) matching :func:`sample_beschikking`."""
    c = VeiligThuisNoticeContent(
        document_id="HV-2026-0007-VT",
        version=1,
        municipality_name="Venlo",
        case_id="HV-2026-0007",
        organisation="Veilig Thuis Limburg-Noord",
        person_name="Jan Pieter de Vries",
        person_birth_date=date(1984, 3, 2),
        dwelling_address="Kerkstraat 12, 5911 AB Venlo",
        start=datetime(2015, 8, 9, 16, 39, tzinfo=AMS),
        end=datetime(2015, 8, 19, 16, 39, tzinfo=AMS),
        household=(
            ("Anna Ĳsselmuiden", "partner", "14 mei 1986", Answer.NEE),
            ("Zoë de Vries", "dochter", "3 februari 2007", Answer.JA),
            ("Loïc de Vries", "zoon", "21 juni 2010", Answer.JA),
        ),
        incident_at=datetime(2015, 8, 9, 14, 5, tzinfo=AMS),
        incident_summary=SAMPLE_FACTS,
        rihg_advice="Huisverbod geïndiceerd: 3 rode signalen in deel B",
        decider="R. Janssen, hulpofficier van justitie, in mandaat namens de burgemeester van Venlo "
                "(mandaatbesluit MB-2026-01)",
        contact_address="Hoogstraat 3, 5912 CD Venlo (bij zijn broer)",
        sent_by="R. Janssen, hulpofficier van justitie",
        generated_at=datetime(2015, 8, 9, 16, 50, tzinfo=AMS),
    )
    return replace(c, **overrides)


def sample_dossier(**overrides) -> DossierContent:
    """The cover of "het dossier voor de burgemeester" for the sample case: RiHG report, police
    report (here: the proces-verbaal van uitreiking) and the beschikking."""
    c = DossierContent(
        document_id="HV-2026-0007-DOS",
        version=1,
        municipality_name="Venlo",
        case_id="HV-2026-0007",
        title="Dossier tijdelijk huisverbod voor de burgemeester",
        parts=(
            ("Risicotaxatie huiselijk geweld (RiHG)", "HV-2026-0007-RIHG"),
            ("Proces-verbaal politie", "HV-2026-0007-PVU"),
            ("Beschikking tijdelijk huisverbod (concept)", "HV-2026-0007-OPL"),
        ),
        generated_at=datetime(2015, 8, 9, 17, 0, tzinfo=AMS),
    )
    return replace(c, **overrides)
