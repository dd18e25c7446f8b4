"""Data entered once: which datum appears on which standard document (python -m tools.inventory).
Implements art. 2 lid 4 Wth's complete decision from data typed once (issue: all documents from one entry).

``python -m tools.inventory`` walks one complete synthetic case — melding, RiHG, beschikking,
signature, uitreiking, notifications, zorgadvies, extension, withdrawal — through the real services on a
throw-away database, renders every standard document, extracts the text with pypdf and reports, per data
element, the documents that show it. Presence is measured, not declared.

Counted honestly (issue 12):
- the mayor's dossier is a bundle of three other documents, shown but not counted as a form filled by hand;
- values a person types (or chooses) are counted apart from values the system makes (case number,
  letterhead, computed dates, the decider from the login): two ratios, typed only and with the system's;
- what a form fills in from the case (through the same service its page uses: ``draft_prefill``,
  ``event_prefill``, ``extension_options``) is "overgenomen", not typed;
- the number of values a person must type twice anywhere in the lifecycle (the goal is 0).
"""
from __future__ import annotations

import io
import tempfile
from dataclasses import dataclass, field
from typing import Any
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

from pypdf import PdfReader

from forms.layout import nl_date, nl_datetime
from procedure.domain.deadlines import AMS, add_calendar_days
from procedure.domain.rihg import Assessment, Colour, Fact

#: the standard forms a person would otherwise fill in by hand
DOCS = ["rihg_rapport", "melding_rapport", "beschikking_oplegging", "pv_uitreiking", "info_uithuisgeplaatste",
        "info_achterblijvers", "melding_veilig_thuis", "beschikking_verlenging", "beschikking_intrekking"]
#: bundles of other documents (the mayor's dossier = RiHG report + melding report + draft beschikking): shown, but
#: never counted as a form filled in by hand — its contents are already counted on the documents it bundles
BUNDLES = ["dossier_burgemeester"]
DOC_SHORT = {"rihg_rapport": "RiHG", "melding_rapport": "Meld", "beschikking_oplegging": "Opl",
             "pv_uitreiking": "PV", "info_uithuisgeplaatste": "InfU", "info_achterblijvers": "InfA",
             "melding_veilig_thuis": "VT", "beschikking_verlenging": "Verl", "beschikking_intrekking": "Intr",
             "dossier_burgemeester": "Dos*"}
TYPED, SYSTEM = "getypt", "systeem"


class _Clock:
    def __init__(self, at: datetime):
        self.at = at

    def __call__(self) -> datetime:
        return self.at


def text_of(pdf: bytes) -> str:
    """All text of a PDF with whitespace normalised (justified text extracts with double spaces)."""
    return " ".join(" ".join((p.extract_text() or "") for p in PdfReader(io.BytesIO(pdf)).pages).split())


@dataclass
class Entry:
    """One value entered in the lifecycle: who typed it where, or where the form took it from."""

    step: str
    field: str
    value: Any
    how: str              # "getypt" (typed), "keuze" (a choice from a closed list or yes/no), "overgenomen" (prefilled)


@dataclass
class Inventory:
    #: element -> (strings that must all appear, field entries on a paper form, "getypt" | "systeem")
    elements: dict[str, tuple[list[str], int, str]]
    presence: dict[str, set[str]] = field(default_factory=dict)   # element -> documents (and bundles) showing it
    entries: list[Entry] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)
    case_id: str = ""

    # -- what was entered ------------------------------------------------------------------------------------------
    @property
    def typed_values(self) -> int:
        """Values a person typed or chose in the whole lifecycle of the case (prefilled values not counted)."""
        return sum(1 for e in self.entries if e.how != "overgenomen")

    @property
    def typed_detail(self) -> dict[str, int]:
        out: dict[str, int] = {}
        for e in self.entries:
            if e.how != "overgenomen":
                out[e.step] = out.get(e.step, 0) + 1
        return out

    @property
    def prefilled(self) -> list[Entry]:
        return [e for e in self.entries if e.how == "overgenomen"]

    @property
    def typed_twice(self) -> list[tuple[str, list[str]]]:
        """Values (text or dates, compared without case and extra spaces) that a person typed in more than one place
        in the lifecycle — the goal is none. Returns (value, [step: field, ...])."""
        seen: dict[str, list[str]] = {}
        for e in self.entries:
            if e.how != "getypt" or isinstance(e.value, bool) or e.value in (None, ""):
                continue
            key = " ".join(str(e.value).split()).lower()
            seen.setdefault(key, []).append(f"{e.step}: {e.field}")
        return [(k, where) for k, where in seen.items() if len(where) > 1]

    # -- what a person filling in the forms by hand would write ------------------------------------------------------
    def hand_entries_of(self, origin: str) -> int:
        """Field entries on the standard forms (bundles excluded) for the elements of ``origin``."""
        return sum(self.elements[e][1] * len(docs & set(DOCS)) for e, docs in self.presence.items()
                   if self.elements[e][2] == origin)

    @property
    def hand_entries(self) -> int:
        return self.hand_entries_of(TYPED) + self.hand_entries_of(SYSTEM)

    @property
    def ratio_typed(self) -> float:
        """Hand entries of the values a person types, per value typed in the system."""
        return self.hand_entries_of(TYPED) / self.typed_values if self.typed_values else 0.0

    @property
    def ratio(self) -> float:
        """All hand entries (typed and system-made values: case number, letterhead, computed dates, the decider)
        per value typed in the system."""
        return self.hand_entries / self.typed_values if self.typed_values else 0.0

    @property
    def ratio_without_rihg(self) -> float:
        """The typed ratio for everything except the RiHG instrument itself, whose 79 answers and 20 colours are
        entered once and appear only on the RiHG report (and in the mayor's bundle)."""
        typed = self.typed_values - self.typed_detail.get("RiHG", 0)
        hand = sum(self.elements[e][1] * len(docs & set(DOCS)) for e, docs in self.presence.items()
                   if self.elements[e][2] == TYPED and not e.startswith("RiHG:"))
        return hand / typed if typed else 0.0

    def table(self) -> str:
        cols = DOCS + BUNDLES
        head = f"{'gegeven':38}{'bron':>8}" + "".join(f"{DOC_SHORT[d]:>6}" for d in cols) + "  formulieren"
        lines = [head, "-" * len(head)]
        for e, (_, _, origin) in self.elements.items():
            docs = self.presence.get(e, set())
            lines.append(f"{e:38}{origin:>8}" + "".join(f"{'x' if d in docs else '.':>6}" for d in cols)
                         + f"  {len(docs & set(DOCS)):>11}")
        lines.append("* Dos = dossier voor de burgemeester: een bundel van RiHG-rapport, meldingsrapport en "
                     "conceptbeschikking; niet als formulier geteld.")
        lines.append("")
        lines.append("ingevoerd voor deze zaak (melding t/m intrekking, getypt of gekozen): "
                     + ", ".join(f"{k} {v}" for k, v in self.typed_detail.items()) + f" = {self.typed_values}")
        lines.append(f"door het formulier overgenomen (niet opnieuw getypt): {len(self.prefilled)} — "
                     + "; ".join(f"{e.step}: {e.field}" for e in self.prefilled))
        lines.append(f"veldinvullingen met de hand, getypte gegevens: {self.hand_entries_of(TYPED)}; "
                     f"door het systeem gemaakte gegevens (zaaknummer, briefhoofd, berekende data, beslisser): "
                     f"{self.hand_entries_of(SYSTEM)}")
        lines.append(f"verhouding getypte gegevens: {self.ratio_typed:.1f} x (handinvullingen per getypte waarde)")
        lines.append(f"verhouding inclusief systeemgegevens: {self.ratio:.1f} x")
        lines.append(f"verhouding getypte gegevens zonder het RiHG-instrument zelf: {self.ratio_without_rihg:.1f} x")
        twice = self.typed_twice
        lines.append(f"waarden die een gebruiker twee keer moet typen in de hele levensloop: {len(twice)}"
                     + "".join(f"\n  - {v!r}: {', '.join(w)}" for v, w in twice))
        return "\n".join(lines)


def build_inventory(workdir: Path | None = None) -> Inventory:
    """Walk one complete case through the real services — melding, RiHG, beschikking, signature, uitreiking,
    notifications, zorgadvies, extension, withdrawal — entering each value the way its page asks for it (what a page
    fills in from the case, through the same service the page uses, is recorded as "overgenomen", not typed), and
    measure which datum appears on which document.

    Returns:
        the :class:`Inventory` (elements, presence per document, every entry, ratios, values typed twice).
    """
    from data.seed import actor_for, create_demo
    from procedure.app import WthApp
    from store.db import Database

    tmp = Path(workdir or tempfile.mkdtemp(prefix="wth-inventory-"))
    t_start = datetime(2026, 5, 11, 21, 40, tzinfo=AMS)
    db = Database(tmp / "inventory.duckdb")
    create_demo(db, now=t_start - timedelta(days=30), n_cases=0, password_rounds=4)
    clock = _Clock(t_start.astimezone(timezone.utc))
    app = WthApp(db, clock=clock)
    hovj, mayor = actor_for(db, "hovj.noord"), actor_for(db, "burgemeester.venlo")
    police, care = actor_for(db, "politie.noord"), actor_for(db, "casemanager.noord")
    entries: list[Entry] = []

    def put(step: str, how: str, **values: Any) -> None:
        for k, v in values.items():
            if v not in ("", None):
                entries.append(Entry(step, k, v, how))

    members = [{"name": "Ans Kuipers", "birth_date": date(1984, 2, 3), "relation": "partner", "residence": "woont",
                "residence_basis": "BRP", "threatened": True},
               {"name": "Tim Kuipers", "birth_date": date(2016, 9, 9), "relation": "kind", "residence": "woont",
                "residence_basis": "BRP", "threatened": False}]
    form = {"municipality_code": "GM0983", "street": "Kerkstraat", "house_number": "12", "postcode": "5911 AB",
            "city": "Venlo", "incident_date": date(2026, 5, 11), "incident_time": time(21, 5),
            "incident_description": "Betrokkene bedreigde zijn partner met een mes in de keuken.",
            "q_domestic": True, "q_resident": True, "q_adult": True, "child_abuse_ground": "nee",
            "person_given_names": "Henk",
            "person_surname": "Kuipers", "person_birth_date": date(1981, 4, 5), "person_bsn": "",
            "person_phone": "0612345678", "members": members}
    choices = {"municipality_code", "q_domestic", "q_resident", "q_adult"}
    put("melding", "getypt", **{k: v for k, v in form.items() if k not in choices and k != "members"})
    put("melding", "keuze", **{k: v for k, v in form.items() if k in choices})
    for n, m in enumerate(members):
        put("melding", "getypt", **{f"huisgenoot {n + 1} {k}": m[k] for k in ("name", "birth_date")})
        # a new household row starts with the previous row's basis of residence (pages/melding.py)
        same = n > 0 and m["residence_basis"] == members[n - 1]["residence_basis"]
        put("melding", "overgenomen" if same else "getypt", **{f"huisgenoot {n + 1} residence_basis":
                                                               m["residence_basis"]})
        put("melding", "keuze", **{f"huisgenoot {n + 1} {k}": m[k] for k in ("relation", "residence", "threatened")})
    case_id = app.intake.create_melding(hovj, form)

    cat = app.assessment.catalogue()
    answers = {i.code: False for i in cat.items}
    colours, facts = {}, []
    source = "PV 2026-051101"      # typed once in "Bron van de feiten"; each fact without its own source takes it
    for sg in cat.signals:
        red = sg.code in ("B1", "B3")
        colours[sg.code] = Colour.ROOD if red else Colour.GEEL
        if red:
            answers[sg.items[0].code] = True
            facts.append(Fact(sg.code, f"Verklaring partner over {sg.label.lower()}", source))
    put("RiHG", "keuze", **{f"antwoord {k}": v for k, v in answers.items()},
        **{f"kleur {k}": str(v) for k, v in colours.items()})
    put("RiHG", "getypt", **{f"feit {f.signal_code}": f.description for f in facts}, bron_van_de_feiten=source)
    clock.at += timedelta(minutes=20)
    v = app.assessment.save_rihg(hovj, case_id, app.case_file.get_case(hovj, case_id).version,
                                 Assessment(answers, colours, facts))
    reasons = "Acuut gevaar: bedreiging met een mes, de partner is bang, twee rode signalen in deel B."
    app.assessment.decide(hovj, case_id, v, True, reasons)
    put("RiHG", "keuze", besluit=True)
    put("RiHG", "getypt", motivering=reasons)
    clock.at += timedelta(minutes=15)
    # the beschikking form opens with what the case already says (the same service the page uses)
    pre = app.decision.draft_prefill(hovj, case_id)
    why = "Het geweld en de bedreiging gaan alleen uit van Henk Kuipers; Ans Kuipers is het slachtoffer."
    facts_text = ("Op 11 mei 2026 omstreeks 21:05 uur bedreigde Henk Kuipers zijn partner Ans Kuipers in de keuken "
                  "met een mes en riep dat hij haar iets zou aandoen. Hun zoon Tim was thuis.")
    put("beschikking", "getypt", feiten_en_omstandigheden=facts_text, waarom_deze_persoon=why)
    put("beschikking", "overgenomen", wie_is_bedreigd=pre["threatened_persons"])
    members = app.case_file.get_case(hovj, case_id).members
    v = app.decision.save_draft(hovj, case_id, app.case_file.get_case(hovj, case_id).version, facts=facts_text,
                                threatened_persons=pre["threatened_persons"], why_this_person=why,
                                adult_roles={m["id"]: "Slachtoffer van de bedreiging; geen aanwijzing dat deze persoon "
                                                      "geweld gebruikte." for m in members},
                                children_care="Ans Kuipers zorgt voor Tim in de woning.",
                                children_meaning="Tim blijft thuis wonen en naar school gaan; geen contact met zijn "
                                                 "vader tijdens het huisverbod.")
    app.decision.submit_for_signature(hovj, case_id, v)
    texts: dict[str, str] = {}
    texts["dossier_burgemeester"] = text_of(app.documents.render_document(mayor, case_id, "dossier_burgemeester")[1])
    clock.at += timedelta(minutes=10)
    app.decision.sign(mayor, case_id, app.case_file.get_case(hovj, case_id).version)
    clock.at += timedelta(minutes=15)
    served = clock.at - timedelta(minutes=1)
    app.service_of_order.serve(hovj, case_id, app.case_file.get_case(hovj, case_id).version, served_at=served,
                               keys_taken_in=True, key_description="2 huissleutels",
                               contact_address="Stationsweg 3, 5911 AC Venlo")
    put("uitreiking", "getypt", moment_van_uitreiking=served.astimezone(AMS).strftime("%d-%m-%Y %H:%M"),
        omschrijving_sleutels="2 huissleutels", contactadres="Stationsweg 3, 5911 AC Venlo")
    put("uitreiking", "keuze", sleutels_ingenomen=True)
    # the police tell the household and send the decision to the care agency (work queue tasks, art. 2 lid 8)
    clock.at += timedelta(hours=1)
    app.aftercare.add_event(police, case_id, "huishouden_geinformeerd", occurred_at=clock.at)
    put("gebeurtenissen", "keuze", soort="huishouden_geinformeerd")
    vt_org = "Veilig Thuis Limburg-Noord"
    app.aftercare.add_event(police, case_id, "naar_veilig_thuis", occurred_at=clock.at, organisation=vt_org)
    put("gebeurtenissen", "keuze", soort="naar_veilig_thuis")
    put("gebeurtenissen", "getypt", organisatie=vt_org)
    clock.at += timedelta(days=7, hours=1)
    # the casemanager's zorgadvies: the event form names the care agency the case already has
    org = app.aftercare.event_prefill(care, case_id, "zorgadvies")["organisation"]
    advice_note = "Verlengen: de hulp is net gestart en de spanning is nog hoog."
    advice_date = clock.at.astimezone(AMS).date()
    members = app.case_file.get_case(hovj, case_id).members
    advice = {"form": "zorgadvies", "author": "M. de Wit", "risk": "gelijk gebleven", "advice": "verlengen",
              "help": {"uithuisgeplaatste": "geweigerd", **{f"lid:{m['id']}": "aanvaard" for m in members
                                                           if m["threatened"]}}}
    app.aftercare.add_event(care, case_id, "zorgadvies", occurred_at=clock.at, organisation=org, event_date=advice_date,
                            note=advice_note, details=advice)
    put("zorgadvies", "keuze", soort="zorgadvies", risico=advice["risk"], advies=advice["advice"],
        hulpstatus=", ".join(advice["help"].values()))
    put("zorgadvies", "getypt", auteur=advice["author"])
    put("zorgadvies", "overgenomen", organisatie=org)
    put("zorgadvies", "getypt", datum_zorgadvies=advice_date, samenvatting=advice_note)
    clock.at += timedelta(hours=3)
    # the extension form takes the zorgadvies over (extension_options, as the page does)
    opts = app.extension_withdrawal.extension_options(mayor, case_id)
    zo = opts["zorgadvies"]
    ext_reasons = ("De dreiging blijft: Henk Kuipers weigert hulp en stuurde dreigberichten; Ans Kuipers heeft hulp "
                   "aanvaard.")
    ext_facts = "Op dag 7 stuurde hij 14 dreigende berichten aan Ans Kuipers."
    app.extension_withdrawal.extend(mayor, case_id, app.case_file.get_case(hovj, case_id).version,
                                    days=opts["suggested_days"], zorgadvies_organisation=zo["organisation"],
                                    zorgadvies_date=zo["event_date"], zorgadvies_summary=zo["note"], help_accepted=False,
                                    reasons=ext_reasons, current_facts=ext_facts)
    put("verlenging", "overgenomen", zorgadvies_organisatie=zo["organisation"], zorgadvies_datum=zo["event_date"],
        zorgadvies_samenvatting=zo["note"], aantal_dagen=opts["suggested_days"])
    put("verlenging", "keuze", hulp_aanvaard=False)
    put("verlenging", "getypt", motivering=ext_reasons, actuele_feiten=ext_facts)
    clock.at += timedelta(days=5)
    wd = "Hulp aanvaard en bevestigd door Veilig Thuis; Ans Kuipers is verhuisd."
    app.extension_withdrawal.withdraw(mayor, case_id, app.case_file.get_case(hovj, case_id).version, reasons=wd)
    put("intrekking", "getypt", motivering=wd)

    case = app.case_file.get_case(hovj, case_id).case
    for d in app.documents.documents(hovj, case_id):
        if d["kind"] == "brief_besluit":      # letters after a decision (issue 15): made from the decision, nothing typed
            continue
        texts[d["kind"]] = text_of(app.documents.document_bytes(hovj, d["id"])[1])
    for kind in ("rihg_rapport", "melding_rapport", "info_uithuisgeplaatste", "info_achterblijvers",
                 "melding_veilig_thuis"):
        texts[kind] = text_of(app.documents.render_document(hovj, case_id, kind)[1])

    t0, end0, end1 = case["served_at"], case["original_end_at"], case["end_at"]
    n_rihg = len(answers) + len(colours) + 2 * len(facts)
    # element -> (strings that must all appear in a document, field entries on a paper form, who makes the value)
    elements = {
        "naam betrokkene": (["Henk Kuipers"], 1, TYPED),
        "geboortedatum betrokkene": ([nl_date(date(1981, 4, 5))], 1, TYPED),
        "adres woning": (["Kerkstraat 12", "5911 AB Venlo"], 2, TYPED),
        "datum/tijd incident": ([nl_datetime(case["incident_at"])], 2, TYPED),
        "naam beschermde: partner": (["Ans Kuipers"], 1, TYPED),
        "naam beschermde: kind": (["Tim Kuipers"], 1, TYPED),
        "ingang T0 (datum en tijd)": ([nl_datetime(t0)], 2, TYPED),
        "feiten en omstandigheden": ([facts_text[:60]], 1, TYPED),
        "waarom deze persoon": ([why[:50]], 1, TYPED),
        "contactadres": (["Stationsweg 3"], 1, TYPED),
        # the contact-ban table: relation, residence and basis per protected person
        "beschermden: relatie, verblijf, grond": (["Partner", "woont in de woning", "BRP"], 3 * len(members), TYPED),
        "sleutels ingenomen": (["2 huissleutels"], 1, TYPED),
        f"RiHG: {len(answers)} antwoorden, {len(colours)} kleuren, feiten": ([f.description for f in facts]
                                                                           + [source], n_rihg, TYPED),
        "RiHG: besluit en motivering": ([reasons[:50]], 2, TYPED),
        "zorgadvies: organisatie": ([vt_org], 1, TYPED),
        "verlenging: motivering": (["Henk Kuipers weigert hulp"], 1, TYPED),
        "intrekking: motivering": (["Ans Kuipers is verhuisd"], 1, TYPED),
        # made by the system: numbers, letterhead, the decider from the login and dates it computes
        "zaaknummer": ([case_id], 1, SYSTEM),
        "gemeente (briefhoofd, bevoegd gezag)": (["Gemeente Venlo"], 1, SYSTEM),
        "einde (datum en tijd)": ([nl_datetime(end0)], 2, SYSTEM),
        "nieuw einde na verlenging": ([nl_datetime(end1)], 2, SYSTEM),
        "uiterste einde (T0 + 28 dagen)": ([nl_datetime(add_calendar_days(t0, 28))], 2, SYSTEM),
        "termijn contactadres (T0 + 24 uur)": ([nl_datetime(t0 + timedelta(hours=24))], 2, SYSTEM),
        "beslisser (burgemeester)": ([mayor.name], 1, SYSTEM),
        "hulpofficier": ([hovj.name], 1, SYSTEM),
        "advies RiHG (uit de kleuren)": ([case["advice_text"]], 1, SYSTEM),
    }
    inv = Inventory(elements=elements, entries=entries, texts=texts, case_id=case_id)
    for e, (needles, _, _) in elements.items():
        inv.presence[e] = {d for d in DOCS + BUNDLES if d in texts and all(n in texts[d] for n in needles)}
    db.close()
    return inv


if __name__ == "__main__":   # pragma: no cover - a reporting script
    print(build_inventory().table())
