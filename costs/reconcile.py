"""How the manager pages' figures add up: one year and scope, from melding to extension (issue 17, section 3).
Implements no article of the Wth: it counts the steps of the procedure (procedure.md) and names which page uses
which number.

*Overzicht* / *Statistiek* count assessments and orders by the month of the melding, including the anonymous
history and destroyed cases, with small numbers hidden; *Kosten* counts procedures (every case registered in the
year, billed per case); *Tijdsbesparing* counts orders signed in the year. :class:`Reconciliation` holds the exact
counts of one year and scope (``store.costs_repo.reconciliation_counts``) and turns them into steps and bridges
that show how each page's number is made of the same cases. Pure: no I/O.
"""
from __future__ import annotations

from dataclasses import dataclass

#: the pages, as the menu names them
KOSTEN, TIJD, OVERZICHT = "Kosten", "Tijdsbesparing", "Overzicht en Statistiek"


@dataclass(frozen=True)
class Step:
    """One line of the view: a Dutch label, the exact count, the page(s) that show it, and how it is made."""

    label: str
    count: int
    used_on: str
    how: str


@dataclass(frozen=True)
class Reconciliation:
    """The exact counts of one year and scope (cases registered in ``year`` unless a name says otherwise).

    Attributes:
        year: calendar year (Europe/Amsterdam).
        scope: Dutch label of the municipalities counted.
        c: the counts of :func:`store.costs_repo.reconciliation_counts` (keys documented there).
    """

    year: int
    scope: str
    c: dict[str, int]

    # -- the numbers other pages show ------------------------------------------------------------------------
    @property
    def procedures(self) -> int:
        """Kosten: procedures = every case registered in the year, live or destroyed (billed per case)."""
        return self.c["meldingen"] + self.c["archief_meldingen"]

    @property
    def assessments(self) -> int:
        """RiHG decided (huisverbod or not) for cases of the year, live or destroyed."""
        return self.c["beoordeeld"] + self.c["archief_huisverbod"] + self.c["archief_geen"]

    @property
    def orders(self) -> int:
        """Decision huisverbod for cases of the year, live or destroyed."""
        return self.c["huisverbod"] + self.c["archief_huisverbod"]

    @property
    def signed_in_year(self) -> int:
        """Tijdsbesparing: orders signed in the year (a destroyed case counts in the year of its melding)."""
        return self.c["ondertekend_in_jaar"] + self.c["ondertekend_uit_eerder"] + self.c["archief_huisverbod"]

    @property
    def statistics_assessments(self) -> int:
        """Overzicht / Statistiek for the year: assessments including the anonymous history (before hiding)."""
        return self.assessments + self.c["historie_beoordeeld"]

    @property
    def statistics_orders(self) -> int:
        """Overzicht / Statistiek for the year: orders including the anonymous history (before hiding)."""
        return self.orders + self.c["historie_huisverbod"]

    # -- the view ----------------------------------------------------------------------------------------------
    def steps(self) -> list[Step]:
        """The procedure from melding to extension for the cases registered in the year."""
        c, y = self.c, self.year
        pending = self.procedures - self.assessments
        return [
            Step("1. Meldingen (zaken geregistreerd)", self.procedures, f"{KOSTEN}: procedures",
                 f"Elke zaak met een melding in {y}, ook zonder huisverbod en ook vernietigde zaken "
                 f"({c['archief_meldingen']} uit het anonieme archief)."),
            Step("2. Risicotaxaties met besluit (RiHG)", self.assessments, f"{OVERZICHT}: risicotaxaties (zonder "
                 "historie)", f"Meldingen waarover is besloten, huisverbod of niet; nog in behandeling: {pending}."),
            Step("   waarvan geen huisverbod", c["geen_huisverbod"] + c["archief_geen"], f"{OVERZICHT}: zonder "
                 "huisverbod", "Besluit na de risicotaxatie: geen huisverbod."),
            Step("3. Besluit: huisverbod", self.orders, f"{OVERZICHT}: huisverboden (zonder historie)",
                 "Risicotaxaties met het besluit huisverbod."),
            Step("4. Beschikking ondertekend", c["ondertekend"] + c["archief_huisverbod"], "—",
                 f"Van de meldingen van {y}; ondertekend in {y}: {c['ondertekend_in_jaar'] + c['archief_huisverbod']}"
                 f", later: {c['ondertekend_later']}."),
            Step("5. Uitgereikt", c["uitgereikt"] + c["archief_huisverbod"], "—",
                 "Uitreiking vastgelegd (of mondeling opgelegd): het huisverbod loopt."),
            Step("6. Verlengd", c["verlengd"] + c["archief_verlengd"], f"{OVERZICHT}: verlengd (zonder historie)",
                 "Verlengd door de burgemeester, tot ten hoogste vier weken na de uitreiking (art. 9 Wth)."),
        ]

    def bridges(self) -> list[Step]:
        """How the other pages' numbers are built from the steps; each ``count`` is that page's number."""
        c, y = self.c, self.year
        return [
            Step(f"{KOSTEN}: procedures {y}", self.procedures, KOSTEN,
                 f"= stap 1 ({self.procedures})."),
            Step(f"{TIJD}: huisverboden {y}", self.signed_in_year, TIJD,
                 f"= ondertekend in {y}: {c['ondertekend_in_jaar'] + c['archief_huisverbod']} uit stap 4 "
                 f"+ {c['ondertekend_uit_eerder']} van meldingen uit eerdere jaren "
                 f"(stap 4 telt ook {c['ondertekend_later']} die pas na {y} zijn ondertekend)."),
            Step(f"{OVERZICHT}: risicotaxaties {y}", self.statistics_assessments, OVERZICHT,
                 f"= stap 2 ({self.assessments}) + {c['historie_beoordeeld']} uit de geanonimiseerde historie (zaken "
                 "die niet in het zaaksysteem staan); Overzicht toont de laatste 12 volle maanden en schermt aantallen "
                 "onder 5 af."),
            Step(f"{OVERZICHT}: huisverboden {y}", self.statistics_orders, OVERZICHT,
                 f"= stap 3 ({self.orders}) + {c['historie_huisverbod']} uit de geanonimiseerde historie."),
        ]
