"""Realistic sample content for previews, tests and benchmarks (fictitious people and addresses).

Not used by the app's own flow: the procedure layer builds content from the case.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from zoneinfo import ZoneInfo

from forms.content import BeschikkingContent, ProtectedPerson, UitreikingContent

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
        keys_taken_in=True,
        key_description="2 huissleutels, 1 autosleutel",
        contact_address="",
        beschikking_document_id="HV-2026-0007-OPL",
        generated_at=datetime(2015, 8, 9, 16, 45, tzinfo=AMS),
    )
    return replace(c, **overrides)
