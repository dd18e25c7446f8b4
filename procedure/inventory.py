"""Data entered once: which datum appears on which standard document (issue: "all standard documents
from data entered once").

``python -m procedure.inventory`` walks one complete synthetic case — melding, RiHG, beschikking,
signature, uitreiking, zorgadvies, extension, withdrawal — through the real services on a throw-away
database, renders every standard document, extracts the text with pypdf and reports, per data
element, the documents that show it. It then compares the number of values a user typed for that
case with the number of field entries the same documents would need when filled in by hand (every
occurrence of a datum on a form is one entry). Nothing here is declared by hand: presence is measured.
"""
from __future__ import annotations

import io
import tempfile
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from pypdf import PdfReader

from forms.layout import nl_date, nl_datetime
from procedure.deadlines import AMS, add_calendar_days
from procedure.rihg import Assessment, Colour, Fact

DOCS = ["rihg_rapport", "melding_rapport", "beschikking_oplegging", "pv_uitreiking", "info_uithuisgeplaatste",
        "info_achterblijvers", "melding_veilig_thuis", "beschikking_verlenging", "beschikking_intrekking",
        "dossier_burgemeester"]
DOC_SHORT = {"rihg_rapport": "RiHG", "melding_rapport": "Meld", "beschikking_oplegging": "Opl",
             "pv_uitreiking": "PV", "info_uithuisgeplaatste": "InfU", "info_achterblijvers": "InfA",
             "melding_veilig_thuis": "VT", "beschikking_verlenging": "Verl", "beschikking_intrekking": "Intr",
             "dossier_burgemeester": "Dos"}


class _Clock:
    def __init__(self, at: datetime):
        self.at = at

    def __call__(self) -> datetime:
        return self.at


def text_of(pdf: bytes) -> str:
    """All text of a PDF with whitespace normalised (justified text extracts with double spaces)."""
    return " ".join(" ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(pdf)).pages).split())


@dataclass
class Inventory:
    elements: dict[str, tuple[list[str], int]]   # element -> (strings that must all appear, field entries)
    presence: dict[str, set[str]] = field(default_factory=dict)   # element -> documents showing it
    typed_values: int = 0
    typed_detail: dict[str, int] = field(default_factory=dict)
    texts: dict[str, str] = field(default_factory=dict)
    case_id: str = ""

    @property
    def hand_entries(self) -> int:
        return sum(self.elements[e][1] * len(docs) for e, docs in self.presence.items())

    @property
    def ratio(self) -> float:
        return self.hand_entries / self.typed_values if self.typed_values else 0.0

    @property
    def ratio_without_rihg(self) -> float:
        """The same ratio for everything except the RiHG instrument itself, whose 79 answers and 20
        colours are typed once and appear only on the RiHG report and the burgemeester's dossier."""
        typed = self.typed_values - self.typed_detail.get("RiHG", 0)
        hand = sum(self.elements[e][1] * len(docs) for e, docs in self.presence.items() if not e.startswith("RiHG:"))
        return hand / typed if typed else 0.0

    def table(self) -> str:
        head = f"{'gegeven':34}" + "".join(f"{DOC_SHORT[d]:>6}" for d in DOCS) + "  docs"
        lines = [head, "-" * len(head)]
        for e in self.elements:
            docs = self.presence.get(e, set())
            lines.append(f"{e:34}" + "".join(f"{'x' if d in docs else '.':>6}" for d in DOCS) + f"  {len(docs):>4}")
        lines.append("")
        lines.append("getypte waarden voor deze zaak (melding t/m verlenging en intrekking): "
                     + ", ".join(f"{k} {v}" for k, v in self.typed_detail.items()) + f" = {self.typed_values}")
        lines.append(f"veldinvullingen als dezelfde documenten met de hand worden ingevuld: {self.hand_entries}")
        lines.append(f"verhouding: {self.ratio:.1f} x")
        lines.append(f"verhouding zonder het RiHG-instrument zelf: {self.ratio_without_rihg:.1f} x")
        return "\n".join(lines)


def build_inventory(workdir: Path | None = None) -> Inventory:
    """Walk one complete case and measure which datum appears on which document.

    Returns:
        the :class:`Inventory` (elements, presence per document, typed values, ratio).
    """
    from data.seed import actor_for, create_demo
    from procedure.service import WthService
    from store.db import Database

    tmp = Path(workdir or tempfile.mkdtemp(prefix="wth-inventory-"))
    t_start = datetime(2026, 5, 11, 21, 40, tzinfo=AMS)
    db = Database(tmp / "inventory.duckdb")
    create_demo(db, now=t_start - timedelta(days=30), n_cases=0, password_rounds=4)
    clock = _Clock(t_start.astimezone(timezone.utc))
    svc = WthService(db, clock=clock)
    hovj, mayor = actor_for(db, "hovj.noord"), actor_for(db, "burgemeester.venlo")
    care = actor_for(db, "casemanager.noord")
    typed: dict[str, int] = {}

    members = [{"name": "Ans Kuipers", "birth_date": date(1984, 2, 3), "relation": "partner", "residence": "woont",
                "residence_basis": "BRP", "threatened": True},
               {"name": "Tim Kuipers", "birth_date": date(2016, 9, 9), "relation": "kind", "residence": "woont",
                "residence_basis": "BRP", "threatened": False}]
    form = {"municipality_code": "GM0983", "street": "Kerkstraat", "house_number": "12", "postcode": "5911 AB",
            "city": "Venlo", "incident_date": date(2026, 5, 11), "incident_time": time(21, 5),
            "incident_description": "Betrokkene bedreigde zijn partner met een mes in de keuken.",
            "q_domestic": True, "q_resident": True, "q_adult": True, "person_given_names": "Henk",
            "person_surname": "Kuipers", "person_birth_date": date(1981, 4, 5), "person_bsn": "",
            "person_phone": "0612345678", "members": members}
    typed["melding"] = sum(1 for k, v in form.items() if k != "members" and v not in ("", None)) + 6 * len(members)
    case_id = svc.create_melding(hovj, form)

    cat = svc.catalogue()
    answers = {i.code: False for i in cat.items}
    colours, facts = {}, []
    for s in cat.signals:
        red = s.code in ("B1", "B3")
        colours[s.code] = Colour.ROOD if red else Colour.GEEL
        if red:
            answers[s.items[0].code] = True
            facts.append(Fact(s.code, f"Verklaring partner over {s.label.lower()}", "PV 2026-051101"))
    clock.at += timedelta(minutes=20)
    v = svc.save_rihg(hovj, case_id, svc.get_case(hovj, case_id).version, Assessment(answers, colours, facts))
    reasons = "Acuut gevaar: bedreiging met een mes, de partner is bang, twee rode signalen in deel B."
    svc.decide(hovj, case_id, v, True, reasons)
    typed["RiHG"] = len(answers) + len(colours) + 2 * len(facts) + 2
    clock.at += timedelta(minutes=15)
    why = "Het geweld en de bedreiging gaan alleen uit van Henk Kuipers; Ans Kuipers is het slachtoffer."
    facts_text = ("Op 11 mei 2026 omstreeks 21:05 uur bedreigde Henk Kuipers zijn partner Ans Kuipers in de keuken "
                  "met een mes en riep dat hij haar iets zou aandoen. Hun zoon Tim was thuis.")
    v = svc.save_draft(hovj, case_id, svc.get_case(hovj, case_id).version, facts=facts_text,
                       threatened_persons="Ans Kuipers", why_this_person=why)
    typed["beschikking"] = 3
    svc.submit_for_signature(hovj, case_id, v)
    texts: dict[str, str] = {}
    texts["dossier_burgemeester"] = text_of(svc.render_document(mayor, case_id, "dossier_burgemeester")[1])
    clock.at += timedelta(minutes=10)
    svc.sign(mayor, case_id, svc.get_case(hovj, case_id).version)
    clock.at += timedelta(minutes=15)
    svc.serve(hovj, case_id, svc.get_case(hovj, case_id).version, served_at=clock.at - timedelta(minutes=1),
              keys_taken_in=True, key_description="2 huissleutels", contact_address="Stationsweg 3, 5911 AC Venlo")
    typed["uitreiking"] = 5
    clock.at += timedelta(days=7, hours=2)
    svc.add_event(care, case_id, "zorgadvies", occurred_at=clock.at, organisation="Veilig Thuis Limburg-Noord",
                  event_date=clock.at.astimezone(AMS).date(),
                  note="Verlengen: de hulp is net gestart en de spanning is nog hoog.")
    typed["zorgadvies"] = 3
    clock.at += timedelta(hours=3)
    svc.extend(mayor, case_id, svc.get_case(hovj, case_id).version, days=18,
               zorgadvies_organisation="Veilig Thuis Limburg-Noord", zorgadvies_date=clock.at.astimezone(AMS).date(),
               zorgadvies_summary="Verlengen: de hulp is net gestart en de spanning is nog hoog.",
               help_accepted=False, reasons="De dreiging blijft: Henk Kuipers weigert hulp en stuurde dreigberichten.",
               current_facts="Op dag 7 stuurde hij 14 dreigende berichten aan Ans Kuipers.")
    typed["verlenging"] = 4          # organisation, date and summary came over from the zorgadvies
    clock.at += timedelta(days=5)
    svc.withdraw(mayor, case_id, svc.get_case(hovj, case_id).version,
                 reasons="Hulp aanvaard en bevestigd door Veilig Thuis; Ans Kuipers is verhuisd.")
    typed["intrekking"] = 1

    case = svc.get_case(hovj, case_id).case
    for d in svc.documents(hovj, case_id):
        texts[d["kind"]] = text_of(svc.document_bytes(hovj, d["id"])[1])
    for kind in ("rihg_rapport", "melding_rapport", "info_uithuisgeplaatste", "info_achterblijvers",
                 "melding_veilig_thuis"):
        texts[kind] = text_of(svc.render_document(hovj, case_id, kind)[1])

    t0, end0, end1 = case["served_at"], case["original_end_at"], case["end_at"]
    n_rihg = len(answers) + len(colours) + 2 * len(facts)
    # element -> (strings that must all appear in a document, field entries it costs on a paper form)
    elements = {
        "naam betrokkene": (["Henk Kuipers"], 1),
        "geboortedatum betrokkene": ([nl_date(date(1981, 4, 5))], 1),
        "adres woning": (["Kerkstraat 12", "5911 AB Venlo"], 2),
        "zaaknummer": ([case_id], 1),
        "datum/tijd incident": ([nl_datetime(case["incident_at"])], 2),
        "naam beschermde: partner": (["Ans Kuipers"], 1),
        "naam beschermde: kind": (["Tim Kuipers"], 1),
        "ingang T0 (datum en tijd)": ([nl_datetime(t0)], 2),
        "einde (datum en tijd)": ([nl_datetime(end0)], 2),
        "nieuw einde na verlenging": ([nl_datetime(end1)], 2),
        "beslisser (burgemeester)": ([mayor.name], 1),
        "hulpofficier": ([hovj.name], 1),
        "advies RiHG": ([case["advice_text"]], 1),
        "feiten en omstandigheden": ([facts_text[:60]], 1),
        "waarom deze persoon": ([why[:50]], 1),
        "contactadres": (["Stationsweg 3"], 1),
        # derived values a person filling the forms by hand would have to work out and write down
        "uiterste einde (T0 + 28 dagen)": ([nl_datetime(add_calendar_days(t0, 28))], 2),
        "termijn contactadres (T0 + 24 uur)": ([nl_datetime(t0 + timedelta(hours=24))], 2),
        "gemeente (briefhoofd, bevoegd gezag)": (["Gemeente Venlo"], 1),
        # the contact-ban table: relation, residence and basis per protected person
        "beschermden: relatie, verblijf, grond": (["Partner", "woont in de woning", "BRP"], 3 * len(members)),
        "sleutels ingenomen": (["2 huissleutels"], 1),
        f"RiHG: {len(answers)} antwoorden, {len(colours)} kleuren, feiten": ([f.description for f in facts]
                                                                           + ["PV 2026-051101"], n_rihg),
        "RiHG: besluit en motivering": ([reasons[:50]], 2),
        "zorgadvies: organisatie": (["Veilig Thuis Limburg-Noord"], 1),
        "verlenging: motivering": (["Henk Kuipers weigert hulp"], 1),
        "intrekking: motivering": (["Ans Kuipers is verhuisd"], 1),
    }
    inv = Inventory(elements=elements, typed_values=sum(typed.values()), typed_detail=typed, texts=texts,
                    case_id=case_id)
    for e, needles in elements.items():  # noqa: B007
        inv.presence[e] = {d for d in DOCS if d in texts and all(n in texts[d] for n in needles[0])}
    db.close()
    return inv


if __name__ == "__main__":   # pragma: no cover - a reporting script
    print(build_inventory().table())
