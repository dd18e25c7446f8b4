"""The authorization matrix, tried exhaustively against the real services (issue 7).

For EVERY role × EVERY public method of every service of :class:`procedure.app.WthApp` (``WthApp.SERVICES``,
enumerated per service module) × scope (own municipality / another
municipality of the same sub-region / the other sub-region) the expected answer comes from
:mod:`tools.roles_matrix` (which takes its roles from ``procedure/domain/roles.py``):

- allowed cells must work: the call succeeds on a case prepared in the right state. A few methods whose
  preparation would need days of clock time or another issue's data are tried for *access* only (marked
  ``ACCESS_ONLY``): the call may then fail on a business rule, but never with NotAuthorized / NotFound;
- every other cell is refused with NotAuthorized or NotFound; a case outside the user's area must look
  missing (NotFound, with the same message as an id that does not exist);
- list methods never return a case outside the user's area.

A public method without an entry in ``SERVICE_RULES`` or without a recipe here fails the test, so a new
service can't slip past the matrix. The number of cells tried is printed (``-s``) and written to
``tests/output/authorization_matrix.txt``.
"""
from __future__ import annotations

import inspect
import re
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any, Callable

import pytest

from procedure.domain.errors import DomainError, NotAuthorized, NotFound
from procedure.domain.roles import CASE_READERS, SUBREGIONAL_ROLES, Actor, Role
from tools.roles_matrix import SERVICE_RULES, expected, method_name
from tests.conftest import FixedClock, care_advice, full_assessment, walk

ROOT = Path(__file__).resolve().parents[2]
SCOPES = ("eigen", "subregio", "andere_subregio")
SCOPE_MUNI = {"eigen": "Venlo", "subregio": "Horst aan de Maas", "andere_subregio": "Roermond"}
USERS = {Role.POLITIE: "politie.noord", Role.HOVJ: "hovj.noord", Role.BURGEMEESTER: "burgemeester.venlo",
         Role.LOCO_BURGEMEESTER: "loco.venlo", Role.GEMEENTE: "oov.venlo", Role.CASEMANAGER: "casemanager.noord",
         Role.PROCESMANAGER: "procesmanager.test", Role.VEILIG_THUIS: "veiligthuis.noord",
         Role.MANAGER: "manager.venlo", Role.BELEIDSADVISEUR: "beleid.regio", Role.BEHEERDER: "beheer"}
CASE_ID = re.compile(r"\bHV-\d{4}-\d{3,}\b")
PW = "Matrix-test-2026!"


def _one_page_pdf() -> bytes:
    from fpdf import FPDF
    pdf = FPDF()
    pdf.add_page()
    return bytes(pdf.output())


_LETTER = _one_page_pdf()     # an appeal letter must be a PDF a reader can open
#: methods tried for access only (see the module docstring), with the reason
ACCESS_ONLY: dict[str, str] = {}


@dataclass
class World:
    app: Any
    db: Any
    clock: FixedClock
    actors: dict[Role, Actor]
    owner: dict[str, Any] = field(default_factory=dict)    # scope -> (hovj, signer, care) usernames
    munis: dict[str, dict] = field(default_factory=dict)   # scope -> municipality row
    shared: dict[tuple[str, str], str] = field(default_factory=dict)
    n: int = 0
    p12: bytes = b""

    def actor(self, username: str) -> Actor:
        from data.seed import actor_for
        return actor_for(self.db, username)

    def version(self, case_id: str) -> int:
        from store import repo
        return repo.get_case(self.db, case_id)["version"]

    def case(self, scope: str, state: str, fresh: bool = False) -> str:
        """A case of ``scope`` in ``state``; shared between cells unless ``fresh``."""
        key = (scope, state)
        if not fresh and key in self.shared:
            return self.shared[key]
        cid = self._make(scope, state)
        if not fresh:
            self.shared[key] = cid
        return cid

    def _make(self, scope: str, state: str) -> str:
        from procedure.domain.documents import DOC_BESCHIKKING  # noqa: F401  (import check only)

        self.n += 1
        m = self.munis[scope]
        hovj, signer, care = self.owner[scope]
        app, acts = self.app, _Actors(self)
        steps = {"melding": "melding", "assessed": "melding", "geen": "melding", "rihg": "rihg", "draft": "draft",
                 "submitted": "submitted", "signed": "signed", "oral_signed": "draft"}
        until = steps.get(state, "served")
        cid = walk(app, acts, until=until, hovj=hovj, signer=signer, municipality_code=m["code"], city=m["name"],
                   person_surname=f"Matrix{self.n}")
        h = self.actor(hovj)
        if state in ("assessed", "geen"):
            app.assessment.save_rihg(h, cid, self.version(cid), full_assessment(app.assessment.catalogue()))
        if state == "geen":
            app.assessment.decide(h, cid, self.version(cid), False, "Geen acuut gevaar; hulp vrijwillig aanvaard (test).")
        if state == "oral_signed":       # an oral order whose written beschikking is signed, not yet made known
            mayor = self.actor(signer)
            app.service_of_order.record_oral_order(mayor, cid, self.version(cid), ordered_at=app.now() - timedelta(minutes=1))
            app.decision.submit_for_signature(h, cid, self.version(cid))
            app.clock.advance(minutes=5)
            app.decision.sign(mayor, cid, self.version(cid))
        if state in ("zorgadvies", "extended"):
            app.aftercare.add_event(self.actor(care), cid, "zorgadvies", occurred_at=app.now(), organisation="Veilig Thuis",
                                    event_date=app.now().date(), note="Zorgadvies: verlengen (test).",
                                    details=care_advice(app, cid))
        if state == "reassess":
            from store import repo
            partner = next(m for m in repo.get_members(app.db, cid) if m["threatened"])
            app.aftercare.add_event(self.actor(hovj), cid, "huishoudwijziging", occurred_at=app.now(),
                                    note="Partner is verhuisd (test).",
                                    details={"member_id": partner["id"], "movement": "vertrekt",
                                             "from_date": app.now().date()})
        if state == "extended":        # a signed extension, not yet made known
            app.extension_withdrawal.extend(
                self.actor(signer), cid, self.version(cid), days=18, zorgadvies_organisation="Veilig Thuis",
                zorgadvies_date=app.now().date(), zorgadvies_summary="Verlengen: hulp net gestart (test).",
                help_accepted=False, reasons="De dreiging duurt voort; betrokkene weigert hulp (test).",
                current_facts="Berichten aan partner (test).")
        if state == "appeal":
            oov = {"eigen": "oov.venlo"}.get(scope) or signer
            app.appeals.register_appeal(self.actor(oov), cid, decision_kind="oplegging", kind="beroep", filed_at=app.now(),
                                        letter_pdf=_LETTER, letter_filename="beroep.pdf")
        return cid


class _Actors(dict):
    def __init__(self, world: World):
        super().__init__()
        self.world = world

    def __missing__(self, username):
        self[username] = self.world.actor(username)
        return self[username]


@pytest.fixture(scope="module")
def world(_template_db, tmp_path_factory) -> World:
    from data.seed import actor_for, slug
    from forms import signing
    from procedure.app import WthApp
    from store import repo
    from store.db import Database

    from tests.engines import fresh_copy

    db = Database(fresh_copy(_template_db, tmp_path_factory.mktemp("matrix") / "wth.duckdb"))
    clock = FixedClock(datetime(2026, 5, 12, 12, 30, tzinfo=timezone.utc))
    app = WthApp(db, clock=clock)
    app.demo_mode = True
    with db.transaction() as cur:
        repo.set_setting(cur, "zorgadvies_dag", "1")      # the extension can be tried on the day of service
    beheer = actor_for(db, "beheer")
    app.users.create_user(beheer, {"username": "procesmanager.test", "name": "P. Test, procesmanager", "email": "pm@x.nl",
                             "role": "procesmanager", "subregion": "Noord-Limburg", "password": PW})
    # The HOvJ holds a mandate for his own municipality only (Venlo), the loco a substitution for Venlo (seed).
    app.users.add_mandate(beheer, {"kind": "mandaat", "holder_username": "hovj.noord", "municipality_code": "GM0983",
                             "reference": "MB-matrix", "valid_from": date(2026, 1, 1), "valid_to": None})
    munis = {m["name"]: m for m in repo.municipalities(db)}
    w = World(app=app, db=db, clock=clock, actors={r: actor_for(db, u) for r, u in USERS.items()})
    for scope, name in SCOPE_MUNI.items():
        w.munis[scope] = munis[name]
    w.owner = {"eigen": ("hovj.noord", "burgemeester.venlo", "casemanager.noord"),
               "subregio": ("hovj.noord", f"burgemeester.{slug('Horst aan de Maas')}", "casemanager.noord"),
               "andere_subregio": ("hovj.midden", "burgemeester.roermond", "procesmanager.midden")}
    ca_key, ca_cert = signing.create_demo_ca("Matrix test CA", clock())
    w.p12 = signing.issue_signer_p12(ca_key, ca_cert, name="Test Signer", role="burgemeester", municipality="Venlo",
                                     passphrase=b"geheim-genoeg", now=clock())
    yield w
    db.close()


# -- recipes: how to call each method for one cell ----------------------------------------------------------
Call = Callable[[World, Actor, str], Any]


def _doc_id(w: World, cid: str) -> str:
    from store import repo
    return repo.list_documents(w.db, cid)[0]["id"]


def _tmp_user(w: World) -> str:
    w.n += 1
    name = f"tijdelijk.{w.n}"
    w.app.users.create_user(w.actors[Role.BEHEERDER], {"username": name, "name": f"Tijdelijk {w.n}", "email": "t@x.nl",
                                                  "role": "politie", "subregion": "Noord-Limburg", "password": PW})
    return name


def _event_kind(w: World, a: Actor) -> str:
    from procedure.domain.events import EVENT_FIELDS
    kinds = [k for k in w.app.aftercare.event_kinds_for(a) if k not in EVENT_FIELDS or k == "zittingsdatum"]
    return kinds[0] if kinds else "overtreding"


def _ev_kwargs(kind: str) -> dict:
    return {"occurred_at": None, "organisation": "Organisatie (test)", "reference": "PV-1", "outcome": "Gesproken",
            "note": "Notitie (test)", "event_date": None}


def _add_event(w: World, a: Actor, cid: str):
    kind = _event_kind(w, a)
    kw = _ev_kwargs(kind)
    kw["occurred_at"] = w.app.now() - timedelta(minutes=1)
    kw["event_date"] = w.app.now().date()
    if kind == "zittingsdatum":
        kw["details"] = {"hearing_at": w.app.now() + timedelta(days=2), "court": "Rechtbank Limburg (test)"}
    return w.app.aftercare.add_event(a, cid, kind, **kw)


#: zaak methods: key -> (state of the case, fresh case per allowed cell?, call)
CASE_RECIPES: dict[str, tuple[str, bool, Call]] = {
    "case_file.get_case": ("served", False, lambda w, a, c: w.app.case_file.get_case(a, c)),
    "case_file.timeline": ("served", False, lambda w, a, c: w.app.case_file.timeline(a, c)),
    "assessment.get_rihg": ("rihg", False, lambda w, a, c: w.app.assessment.get_rihg(a, c)),
    "assessment.rihg_problems": ("melding", False, lambda w, a, c: w.app.assessment.rihg_problems(a, c, full_assessment(w.app.assessment.catalogue()))),
    "assessment.save_rihg": ("melding", False, lambda w, a, c: w.app.assessment.save_rihg(a, c, w.version(c), full_assessment(w.app.assessment.catalogue()))),
    "assessment.decide": ("assessed", True, lambda w, a, c: w.app.assessment.decide(a, c, w.version(c), True, "Acuut gevaar voor de partner (test).")),
    "assessment.decide:geen_huisverbod": ("assessed", True, lambda w, a, c: w.app.assessment.decide(
        a, c, w.version(c), False, "Geen acuut gevaar; hulp vrijwillig aanvaard (test).")),
    "decision.draft_problems": ("draft", False, lambda w, a, c: w.app.decision.draft_problems(a, c)),
    "decision.draft_prefill": ("draft", False, lambda w, a, c: w.app.decision.draft_prefill(a, c)),
    "decision.draft_pdf": ("draft", False, lambda w, a, c: w.app.decision.draft_pdf(a, c)),
    "decision.save_draft": ("rihg", False, lambda w, a, c: w.app.decision.save_draft(
        a, c, w.version(c), facts="Feiten (test) " * 5, threatened_persons="Ans", why_this_person="Omdat (test).")),
    "decision.save_household_parts": ("submitted", False, lambda w, a, c: w.app.decision.save_household_parts(
        a, c, w.version(c), children_care="Moeder zorgt voor Kim (test).")),
    "decision.record_vt_consultation": ("rihg", False, lambda w, a, c: w.app.decision.record_vt_consultation(
        a, c, w.version(c), consulted_with="Veilig Thuis, J. de Vries", outcome="Advies: opleggen",
        consulted_at=w.app.now() - timedelta(minutes=5))),
    "decision.submit_for_signature": ("draft", True, lambda w, a, c: w.app.decision.submit_for_signature(a, c, w.version(c))),
    "decision.sign": ("submitted", True, lambda w, a, c: w.app.decision.sign(a, c, w.version(c))),
    "service_of_order.record_oral_order": ("rihg", True, lambda w, a, c: w.app.service_of_order.record_oral_order(
        a, c, w.version(c), ordered_at=w.app.now() - timedelta(minutes=1))),
    "service_of_order.serve": ("signed", True, lambda w, a, c: w.app.service_of_order.serve(a, c, w.version(c), served_at=w.app.now() - timedelta(minutes=1),
                                                          keys_taken_in=False)),
    "service_of_order.record_made_known": ("oral_signed", True, lambda w, a, c: w.app.service_of_order.record_made_known(
        a, c, w.version(c), how="depot", at=w.app.now())),
    "documents.documents": ("served", False, lambda w, a, c: w.app.documents.documents(a, c)),
    "documents.document_bytes": ("served", False, lambda w, a, c: w.app.documents.document_bytes(a, _doc_id(w, c))),
    "documents.available_documents": ("served", False, lambda w, a, c: w.app.documents.available_documents(a, c)),
    "documents.render_document": ("served", False, lambda w, a, c: w.app.documents.render_document(a, c, "info_achterblijvers")),
    "extension_withdrawal.extension_options": ("served", False, lambda w, a, c: w.app.extension_withdrawal.extension_options(a, c)),
    "extension_withdrawal.extend": ("zorgadvies", True, lambda w, a, c: w.app.extension_withdrawal.extend(
        a, c, w.version(c), days=18, zorgadvies_organisation="Veilig Thuis", zorgadvies_date=w.app.now().date(),
        zorgadvies_summary="Verlengen: hulp net gestart (test).", help_accepted=False,
        reasons="De dreiging blijft gelijk; betrokkene weigert hulp (test).", current_facts="Berichten aan partner (test).")),
    "extension_withdrawal.withdraw": ("served", True, lambda w, a, c: w.app.extension_withdrawal.withdraw(
        a, c, w.version(c), reasons="Hulp aanvaard en bevestigd; gevaar geweken (test).")),
    "extension_withdrawal.open_reassessments": ("reassess", False, lambda w, a, c: w.app.extension_withdrawal.open_reassessments(a, c)),
    "extension_withdrawal.keep_after_reassessment": ("reassess", True, lambda w, a, c: w.app.extension_withdrawal.keep_after_reassessment(
        a, c, _open_event(w, c), reasons="Gevaar blijft bestaan ondanks de verhuizing (test).")),
    "aftercare.add_event": ("served", False, _add_event),
    "aftercare.events": ("served", False, lambda w, a, c: w.app.aftercare.events(a, c)),
    "documents.dossier": ("served", False, lambda w, a, c: w.app.documents.dossier(a, c, "verlenging")),
    "documents.dossier_pdf": ("served", False, lambda w, a, c: w.app.documents.dossier_pdf(a, c, "verlenging")),
    "notices.notices": ("served", False, lambda w, a, c: w.app.notices.notices(a, c)),
    "notices.acknowledge": ("served", False, lambda w, a, c: w.app.notices.acknowledge(a, c, _notice_for(w, a, c))),
    "aftercare.household": ("served", False, lambda w, a, c: w.app.aftercare.household(a, c)),
    "aftercare.banners": ("served", False, lambda w, a, c: w.app.aftercare.banners(a, c)),
    "extension_withdrawal.extension_readiness": ("served", False,
                                                 lambda w, a, c: w.app.extension_withdrawal.extension_readiness(a, c)),
    "aftercare.event_prefill": ("served", False, lambda w, a, c: w.app.aftercare.event_prefill(a, c, "zorgadvies")),
    "aftercare.add_contact": ("served", False, lambda w, a, c: w.app.aftercare.add_contact(
        a, c, kind="persoon", role="buurvrouw", name="B. Buur (test)", phone="0612345678")),
    "aftercare.contacts": ("served", False, lambda w, a, c: w.app.aftercare.contacts(a, c)),
    "appeals.decisions_made_known": ("served", False, lambda w, a, c: w.app.appeals.decisions_made_known(a, c)),
    "appeals.register_appeal": ("served", False, lambda w, a, c: w.app.appeals.register_appeal(
        a, c, decision_kind="oplegging", kind="voorlopige_voorziening", filed_at=w.app.now())),
    "appeals.appeals": ("served", False, lambda w, a, c: w.app.appeals.appeals(a, c)),
    "appeals.record_made_known": ("extended", True, lambda w, a, c: w.app.appeals.record_made_known(
        a, c, _later_decision(w, c), how="toezending", at=w.app.now())),
    "appeals.appeal_letter": ("appeal", False, lambda w, a, c: w.app.appeals.appeal_letter(a, _appeal(w, c)[0])),
    "appeals.record_appeal_outcome": ("appeal", True, lambda w, a, c: w.app.appeals.record_appeal_outcome(
        a, *_appeal(w, c), outcome="ongegrond", outcome_at=w.app.now())),
    "archive.archive_case": ("geen", True, lambda w, a, c: w.app.archive.archive_case(a, c, w.version(c))),
    "correction.correction_form": ("served", False, lambda w, a, c: w.app.correction.correction_form(a, c)),
    "correction.correction_preview": ("served", False, lambda w, a, c: w.app.correction.correction_preview(a, c, {"city": "Tegelen"})),
    "correction.correct_decision": ("served", True, lambda w, a, c: w.app.correction.correct_decision(
        a, c, w.version(c), changes={"house_number": "12a"},
        reasons="Herstel van een kennelijke verschrijving in het huisnummer (test).")),
}


def _notice_for(w: World, a: Actor, cid: str) -> int:
    """A notice of this case for the actor's role (any notice of the case when the role has none)."""
    from store import notify_repo
    rows = notify_repo.list_notices(w.db, cid) or notify_repo.list_notices(w.db, "HV-2026-00001")
    mine = [n for n in rows if a.role.value in (n["recipient_role"] or "").split(",")]
    return (mine or [n for n in rows if n["channel"] == "taak"])[0]["id"]


def _open_event(w: World, cid: str) -> int:
    from store import repo
    evs = repo.list_events(w.db, cid)
    done = {e.get("resolves_event_id") for e in evs}
    return next(e["id"] for e in evs if e["kind"] == "huishoudwijziging" and e["id"] not in done)


def _later_decision(w: World, cid: str) -> str:
    from store import repo
    return next(d["id"] for d in repo.list_documents(w.db, cid) if d["kind"] == "beschikking_verlenging")


def _appeal(w: World, cid: str) -> tuple[int, int]:
    from store import repo
    a = [x for x in repo.list_appeals(w.db, cid) if x["outcome"] is None][0]
    return a["id"], a["version"]


def _melding(w: World, a: Actor, scope: str) -> str:
    from tests.conftest import melding_form
    m = w.munis[scope]
    w.n += 1
    return w.app.intake.create_melding(a, melding_form(municipality_code=m["code"], city=m["name"],
                                                person_surname=f"Melding{w.n}"))


#: lijst methods: key -> call(world, actor) returning something that may hold case ids
LIST_RECIPES: dict[str, Callable[[World, Actor], Any]] = {
    "lists.list_cases": lambda w, a: w.app.lists.list_cases(a),
    "work_queue.work_queue": lambda w, a: w.app.work_queue.work_queue(a),
    "lists.rihg_cases": lambda w, a: w.app.lists.rihg_cases(a),
    "lists.draft_cases": lambda w, a: w.app.lists.draft_cases(a),
    "lists.to_sign": lambda w, a: w.app.lists.to_sign(a),
    "lists.cases_to_serve": lambda w, a: w.app.lists.cases_to_serve(a),
    "lists.cases_to_make_known": lambda w, a: w.app.lists.cases_to_make_known(a),
    "lists.active_orders": lambda w, a: w.app.lists.active_orders(a),
    "lists.imposed_cases": lambda w, a: w.app.lists.imposed_cases(a),
    "lists.archive": lambda w, a: w.app.lists.archive(a),
    "lists.retention_candidates": lambda w, a: w.app.lists.retention_candidates(a),
    "archive.run_retention": lambda w, a: w.app.archive.run_retention(a, []),
    "lists.correctable_cases": lambda w, a: w.app.lists.correctable_cases(a),
    "decision.awaiting_household_parts": lambda w, a: w.app.decision.awaiting_household_parts(a),
}


STATS_FILTERS = {"month_from": date(2025, 6, 1), "month_to": date(2026, 5, 1)}


def _year(w: World) -> int:
    return w.app.now().year


#: rol and eigen methods: key -> call(world, actor)
ROLE_RECIPES: dict[str, Callable[[World, Actor], Any]] = {
    "intake.municipalities_for": lambda w, a: w.app.intake.municipalities_for(a),
    "aftercare.event_kinds_for": lambda w, a: w.app.aftercare.event_kinds_for(a),
    "documents.verify": lambda w, a: w.app.documents.verify(a, b"%PDF-1.4 niet ondertekend"),
    "statistics.statistics": lambda w, a: w.app.statistics.statistics(a),
    "statistics.stats_options": lambda w, a: w.app.statistics.stats_options(a),
    "statistics.explore": lambda w, a: w.app.statistics.explore(a, STATS_FILTERS),
    "statistics.export_csv": lambda w, a: w.app.statistics.export_csv(a, STATS_FILTERS),
    "statistics.export_xlsx": lambda w, a: w.app.statistics.export_xlsx(a, STATS_FILTERS),
    "sql_box.run_sql": lambda w, a: w.app.sql_box.run_sql(a, "SELECT count(*) AS n FROM v_case_anon"),
    "sql_box.sql_schema": lambda w, a: w.app.sql_box.sql_schema(a),
    # costs (issue 5): tried for access (dummy input may be refused on its merits)
    "costs.cost_scope": lambda w, a: w.app.costs.cost_scope(a),
    "costs.cost_years": lambda w, a: w.app.costs.cost_years(a),
    "costs.cost_overview": lambda w, a: w.app.costs.cost_overview(a, _year(w)),
    "costs.cost_reference": lambda w, a: w.app.costs.cost_reference(a, "GM0983"),
    "costs.cost_reconciliation": lambda w, a: w.app.costs.cost_reconciliation(a, _year(w)),
    "costs.savings_overview": lambda w, a: w.app.costs.savings_overview(a, _year(w)),
    "costs.lead_times": lambda w, a: w.app.costs.lead_times(a),
    "costs.cost_report_pdf": lambda w, a: w.app.costs.cost_report_pdf(a, _year(w)),
    "costs.accession_overview": lambda w, a: w.app.costs.accession_overview(a),
    "costs.accession_history": lambda w, a: w.app.costs.accession_history(a),
    "costs.account_rows": lambda w, a: w.app.costs.account_rows(a),
    "costs.set_accession": lambda w, a: w.app.costs.set_accession(a, "GM0983", None, status="aangesloten", decided_on=date(2026, 1, 1)),
    "costs.tariff_rows": lambda w, a: w.app.costs.tariff_rows(a),
    "costs.tariff_history": lambda w, a: w.app.costs.tariff_history(a),
    "costs.set_tariff": lambda w, a: w.app.costs.set_tariff(a, year=2026, kind="licentie", amount="1000.00", is_example=True),
    "costs.set_accounts": lambda w, a: w.app.costs.set_accounts(a, year=2026, organisation="gemeente", unit="GM0983",
                                                   accounts_new=1),
    "costs.population_rows": lambda w, a: w.app.costs.population_rows(a),
    "costs.population_history": lambda w, a: w.app.costs.population_history(a),
    "costs.preview_population_import": lambda w, a: w.app.costs.preview_population_import(a, b"gemeentecode;jaar;inwoners\n"),
    "costs.import_population": lambda w, a: w.app.costs.import_population(a, None, "test"),
    "costs.set_population": lambda w, a: w.app.costs.set_population(a, code="GM0983", year=2026, inhabitants=100000, source="test"),
    "costs.budget_rows": lambda w, a: w.app.costs.budget_rows(a),
    "costs.set_budget": lambda w, a: w.app.costs.set_budget(a, code="GM0983", year=2026, amount="1000.00"),
    # drafts of forms: every user, own drafts only
    "notifications.preferences": lambda w, a: w.app.notifications.preferences(a),
    "notifications.set_preference": lambda w, a: w.app.notifications.set_preference(a, "taak_te_laat", False),
    "notifications.outbox": lambda w, a: w.app.notifications.outbox(a),
    "form_drafts.save_form_draft": lambda w, a: w.app.form_drafts.save_form_draft(a, "melding", {"street": f"Straat van {a.username}"}),
    "form_drafts.form_draft": lambda w, a: w.app.form_drafts.form_draft(a, "melding"),
    "form_drafts.discard_form_draft": lambda w, a: w.app.form_drafts.discard_form_draft(a, "melding"),
    "form_drafts.my_form_drafts": lambda w, a: w.app.form_drafts.my_form_drafts(a),
    # beheer (issue 7): real calls that must succeed for the beheerder
    "users.users": lambda w, a: w.app.users.users(a),
    "users.user_overview": lambda w, a: w.app.users.user_overview(a),
    "users.create_user": lambda w, a: w.app.users.create_user(a, {"username": f"nieuw.{w.n + 1000}", "name": "Nieuw (test)",
                                                      "email": "n@x.nl", "role": "gemeente",
                                                      "municipality_code": "GM0983", "password": PW}),
    "users.update_user": lambda w, a: w.app.users.update_user(a, _tmp_user(w), {"name": "Gewijzigd (test)", "email": "g@x.nl",
                                                                    "role": "politie", "subregion": "Midden-Limburg"}),
    "users.set_user_active": lambda w, a: w.app.users.set_user_active(a, _tmp_user(w), False),
    "users.reset_password": lambda w, a: w.app.users.reset_password(a, _tmp_user(w), "Nieuw-tijdelijk-2026"),
    "users.unlock_user": lambda w, a: w.app.users.unlock_user(a, _tmp_user(w)),
    "users.mandates": lambda w, a: w.app.users.mandates(a),
    "users.add_mandate": lambda w, a: w.app.users.add_mandate(a, {"kind": "mandaat", "holder_username": "hovj.midden",
                                                      "municipality_code": "GM0957", "reference": "MB-test",
                                                      "valid_from": date(2026, 1, 1), "valid_to": date(2026, 12, 31)}),
    "users.end_mandate": lambda w, a: w.app.users.end_mandate(a, _new_mandate(w), date(2026, 6, 30)),
    "users.signer_overview": lambda w, a: w.app.users.signer_overview(a),
    "users.upload_certificate": lambda w, a: w.app.users.upload_certificate(a, "burgemeester.venray", w.p12, "geheim-genoeg"),
    "users.issue_demo_certificate": lambda w, a: w.app.users.issue_demo_certificate(a, "burgemeester.weert"),
    "audit_viewer.audit_actions": lambda w, a: w.app.audit_viewer.audit_actions(a),
    "audit_viewer.audit_log": lambda w, a: w.app.audit_viewer.audit_log(a),
    "audit_viewer.audit_export": lambda w, a: w.app.audit_viewer.audit_export(a, "csv"),
}
COSTS_ACCESS_ONLY = {k for k in ROLE_RECIPES if SERVICE_RULES.get(k) and SERVICE_RULES[k].action is not None
                     and SERVICE_RULES[k].action.value in ("view_costs", "manage_costs")} | {
    "costs.cost_years", "costs.accession_overview", "costs.accession_history", "costs.account_rows"}


def _new_mandate(w: World) -> int:
    return w.app.users.add_mandate(w.actors[Role.BEHEERDER], {
        "kind": "vervanging", "holder_username": "loco.venlo", "municipality_code": "GM0983", "reference": "VB-test",
        "valid_from": date(2026, 1, 1), "valid_to": None})


# -- the enumeration --------------------------------------------------------------------------------------------
def public_methods() -> list[str]:
    """Every public method of every service of the app, as ``"<service>.<method>"``."""
    from procedure.app import WthApp
    return sorted(f"{name}.{n}" for name, cls in WthApp.SERVICES.items()
                  for n, _ in inspect.getmembers(cls, predicate=inspect.isfunction) if not n.startswith("_"))


def test_every_public_service_method_has_a_matrix_entry_and_a_recipe():
    missing_rule = [m for m in public_methods() if m not in {method_name(k) for k in SERVICE_RULES}]
    assert not missing_rule, f"add these to tools/roles_matrix.SERVICE_RULES: {missing_rule}"
    stale = [k for k in SERVICE_RULES if method_name(k) not in public_methods()]
    assert not stale, f"SERVICE_RULES names methods that no longer exist: {stale}"
    untested = [k for k, r in SERVICE_RULES.items() if r.kind not in ("openbaar", "hulp")
                and k not in CASE_RECIPES and k not in LIST_RECIPES and k not in ROLE_RECIPES
                and k != "intake.create_melding"]
    assert not untested, f"add a recipe to tests/integration/test_authorization_matrix.py for {untested}"


def test_openbaar_methods_take_no_actor():
    """Methods the matrix calls 'openbaar' can't be asked for personal data: they get no user and no case."""
    from procedure.app import WthApp
    for key, rule in SERVICE_RULES.items():
        if rule.kind == "openbaar":
            service, method = method_name(key).split(".")
            params = list(inspect.signature(getattr(WthApp.SERVICES[service], method)).parameters)
            assert "actor" not in params and "case_id" not in params, key


def test_committed_matrix_document_is_generated():
    from tools.roles_matrix import DOC_PATH, render_markdown
    assert DOC_PATH.read_text(encoding="utf-8") == render_markdown(), \
        "docs/autorisatiematrix.md is out of date: run python -m tools.roles_matrix --write"


# -- the cells ----------------------------------------------------------------------------------------------
def _visible(role: Role, scope: str) -> bool:
    if role not in CASE_READERS:
        return False
    return scope == "eigen" or (scope == "subregio" and role in SUBREGIONAL_ROLES)


def _ids_in(obj: Any, out: set[str]) -> set[str]:
    if isinstance(obj, str):
        out.update(CASE_ID.findall(obj))
    elif isinstance(obj, dict):
        for v in obj.values():
            _ids_in(v, out)
    elif isinstance(obj, (list, tuple, set)):
        for v in obj:
            _ids_in(v, out)
    elif hasattr(obj, "__dict__"):
        _ids_in(vars(obj), out)
    return out


def _run(call: Callable[[], Any]) -> tuple[str, Any]:
    try:
        return "ok", call()
    except (NotAuthorized, NotFound) as exc:
        return "refused", exc
    except DomainError as exc:
        return "rule", exc


class Tally:
    def __init__(self):
        self.cells = {"service_zaak": 0, "service_lijst": 0, "service_rol": 0, "service_eigen": 0}
        self.allowed = 0
        self.refused = 0
        self.access_only = 0
        self.calls = 0


TALLY = Tally()


@pytest.mark.parametrize("key", sorted(CASE_RECIPES))
def test_case_methods(world, key):
    state, fresh, call = CASE_RECIPES[key]
    failures = []
    for role, actor in world.actors.items():
        for scope in SCOPES:
            want = expected(key, role, scope)
            cid = world.case(scope, state, fresh=want and fresh)
            TALLY.calls += 1
            TALLY.cells["service_zaak"] += 1
            outcome, value = _run(lambda: call(world, actor, cid))
            cell = f"{key} × {role.value} × {scope}"
            if want:
                TALLY.allowed += 1
                if key in ACCESS_ONLY:
                    TALLY.access_only += 1
                    if outcome == "refused":
                        failures.append(f"{cell}: refused ({value.message})")
                elif outcome != "ok":
                    failures.append(f"{cell}: should work, got {type(value).__name__}: {getattr(value, 'message', value)}")
            else:
                TALLY.refused += 1
                if outcome != "refused":
                    failures.append(f"{cell}: should be refused, got {outcome}: {getattr(value, 'message', value)}")
                elif (role in SERVICE_RULES[key].roles and not _visible(role, scope)
                      and not isinstance(value, NotFound)):
                    failures.append(f"{cell}: out of scope must look missing (NotFound), got {type(value).__name__}")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("key", sorted(LIST_RECIPES))
def test_list_methods(world, key):
    """Allowed roles get an answer holding only cases of their area; other roles are refused."""
    for scope in SCOPES:              # something in every scope and state for the lists to show
        for state in ("melding", "rihg", "submitted", "signed", "served", "geen"):
            world.case(scope, state)
    scope_of = {}
    for (scope, _), cid in world.shared.items():
        scope_of[cid] = scope
    failures = []
    for role, actor in world.actors.items():
        want = expected(key, role, "eigen") or expected(key, role, "subregio")
        TALLY.calls += 1
        outcome, value = _run(lambda: LIST_RECIPES[key](world, actor))
        TALLY.cells["service_lijst"] += len(SCOPES)
        if not want:
            TALLY.refused += len(SCOPES)
            if outcome != "refused":
                failures.append(f"{key} × {role.value}: should be refused, got {outcome}")
            continue
        TALLY.allowed += 1
        TALLY.refused += len(SCOPES) - 1
        if outcome != "ok":
            failures.append(f"{key} × {role.value}: should work, got {getattr(value, 'message', value)}")
            continue
        from store import repo
        for cid in _ids_in(value, set()):
            c = repo.get_case(world.db, cid)
            scope = scope_of.get(cid) or next((s for s, m in world.munis.items() if c and m["code"] ==
                                               c["municipality_code"]), None)
            if scope is None or not _visible(role, scope):
                failures.append(f"{key} × {role.value}: returned {cid} from outside the area ({scope})")
    if key == "list_cases":          # and the area is really shown
        from store import repo  # noqa: F401
        for role in (Role.HOVJ, Role.BURGEMEESTER):
            ids = _ids_in(world.app.lists.list_cases(world.actors[role]), set())
            assert world.shared[("eigen", "served")] in ids
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("key", sorted(ROLE_RECIPES))
def test_role_methods(world, key):
    rule = SERVICE_RULES[key]
    failures = []
    for role, actor in world.actors.items():
        want = role in rule.roles
        TALLY.calls += 1
        TALLY.cells["service_eigen" if rule.kind == "eigen" else "service_rol"] += 1
        outcome, value = _run(lambda: ROLE_RECIPES[key](world, actor))
        if want:
            TALLY.allowed += 1
            if key in COSTS_ACCESS_ONLY:
                TALLY.access_only += 1
                ok = outcome != "refused"
            else:
                ok = outcome == "ok"
            if not ok:
                failures.append(f"{key} × {role.value}: should work, got {type(value).__name__}: "
                                f"{getattr(value, 'message', value)}")
        else:
            TALLY.refused += 1
            if outcome != "refused":
                failures.append(f"{key} × {role.value}: should be refused, got {outcome}")
    assert not failures, "\n".join(failures)


def test_create_melding_per_scope(world):
    """A melding only for a municipality in the user's own area (NotAuthorized outside it)."""
    failures = []
    for role, actor in world.actors.items():
        for scope in SCOPES:
            want = expected("intake.create_melding", role, scope) and _visible(role, scope)
            TALLY.calls += 1
            TALLY.cells["service_rol"] += 1
            outcome, value = _run(lambda: _melding(world, actor, scope))
            if want:
                TALLY.allowed += 1
                if outcome != "ok":
                    failures.append(f"create_melding × {role.value} × {scope}: {getattr(value, 'message', value)}")
            else:
                TALLY.refused += 1
                if outcome != "refused":
                    failures.append(f"create_melding × {role.value} × {scope}: should be refused, got {outcome}")
    assert not failures, "\n".join(failures)


def test_drafts_are_private(world):
    """Another user's draft of the same form is never returned."""
    a, b = world.actors[Role.HOVJ], world.actors[Role.POLITIE]
    world.app.form_drafts.save_form_draft(a, "beschikking:HV-2026-00001", {"facts": "geheim concept van hovj"})
    assert world.app.form_drafts.form_draft(b, "beschikking:HV-2026-00001") is None
    assert all(r["form_key"] != "beschikking:HV-2026-00001" for r in world.app.form_drafts.my_form_drafts(b))


def test_out_of_scope_case_looks_exactly_like_a_missing_one(world):
    """Reading a case of another municipality by its id: the same NotFound message as a made-up id."""
    other = world.case("andere_subregio", "served")
    for role in (Role.BURGEMEESTER, Role.GEMEENTE, Role.HOVJ, Role.POLITIE, Role.CASEMANAGER):
        actor = world.actors[role]
        with pytest.raises(NotFound) as real:
            world.app.case_file.get_case(actor, other)
        with pytest.raises(NotFound) as fake:
            world.app.case_file.get_case(actor, "HV-2026-99999")
        assert real.value.message.replace(other, "X") == fake.value.message.replace("HV-2026-99999", "X")
    # a burgemeester of Venlo can't read a Horst aan de Maas case either (same sub-region, other municipality)
    with pytest.raises(NotFound):
        world.app.case_file.get_case(world.actors[Role.BURGEMEESTER], world.case("subregio", "served"))


def test_zz_report_counts(world):
    """Prints and stores the number of cells tried (runs last in this module)."""
    total = sum(TALLY.cells.values())
    text = (f"service cells tried: {total} ({TALLY.cells}); calls: {TALLY.calls}; allowed cells: {TALLY.allowed} "
            f"(of which access-only: {TALLY.access_only}); refused cells: {TALLY.refused}; "
            f"roles: {len(USERS)}; methods in the matrix: {len(SERVICE_RULES)}\n")
    print("\n" + text)
    out = ROOT / "tests" / "output"
    out.mkdir(exist_ok=True)
    (out / "authorization_matrix.txt").write_text(text, encoding="utf-8")
    assert total > 0


def test_municipal_manager_sees_costs_and_statistics_of_his_municipality_only(world):
    """The manager's scope (own municipality; a regional manager the region) holds in the cost and
    statistics services too: asking for another municipality is refused, never answered."""
    from procedure.domain.errors import ValidationError
    m = world.actors[Role.MANAGER]                       # manager.venlo
    assert world.app.costs.cost_scope(m).codes == ["GM0983"]
    for code in ("GM1507", "GM0957"):                    # same sub-region / other sub-region
        with pytest.raises((NotAuthorized, NotFound, ValidationError)):
            world.app.costs.cost_overview(m, _year(world), codes=[code])
        with pytest.raises((NotAuthorized, NotFound, ValidationError)):
            world.app.statistics.explore(m, dict(STATS_FILTERS, municipalities=[code]))
    regio = world.actor("manager.regio")
    assert len(world.app.costs.cost_scope(regio).codes) > 1
