"""The services pages call: every action and every read checks role, scope and the Wth rules.

Flow of one request (design.md): page -> a method here (role, municipality / sub-region scope,
rules; raises a :class:`~procedure.errors.DomainError` with a Dutch message) -> ``store.repo``
(parameterised SQL in one transaction) -> audit row in the same transaction.

Times: every method takes the current moment from the injected ``clock`` (aware UTC); dates and
times entered by users are Europe/Amsterdam local time.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any, Callable

from forms import signing
from forms.content import BeschikkingContent, ProtectedPerson, UitreikingContent
from forms.documents import render_beschikking_oplegging, render_pv_uitreiking
from procedure import rihg as rihg_rules
from procedure.admin import AdminMixin
from procedure.case_lists import CaseListsMixin
from procedure.correction import CorrectionMixin
from procedure.costs_service import CostsMixin
from procedure.documents import DocumentsMixin
from procedure.drafts import DraftsMixin
from procedure.lifecycle import DOC_INTREKKING, DOC_VERLENGING, LifecycleMixin
from procedure import rules, validation as v
from procedure.deadlines import (AMS, ORDER_DAYS, contact_address_deadline, latest_extension_end,
                                 order_end)
from procedure.errors import NotAuthorized, NotFound, RuleViolation, SigningError, ValidationError
from procedure.roles import Action, Actor, Role, in_scope, may, require_action
from procedure.states import CaseState, effective_state
from procedure.statistics import StatisticsMixin
from store import case_lists, repo
from store.db import Database

log = logging.getLogger(__name__)

Clock = Callable[[], datetime]
LEGAL_BASIS = "artikel 2, eerste lid, van de Wet tijdelijk huisverbod"
DOC_BESCHIKKING = "beschikking_oplegging"
DOC_PV_UITREIKING = "pv_uitreiking"
DOC_LABELS = {DOC_BESCHIKKING: "Beschikking oplegging", DOC_PV_UITREIKING: "Proces-verbaal van uitreiking",
              DOC_VERLENGING: "Beschikking verlenging", DOC_INTREKKING: "Beschikking intrekking"}
AUDIT_LABELS = {
    "melding_geregistreerd": "Melding geregistreerd", "deurvragen_ja": "Deurvragen beantwoord: ja",
    "zaak_ingezien": "Zaak ingezien", "rihg_opgeslagen": "RiHG opgeslagen", "rihg_afgerond": "RiHG afgerond",
    "besluit_huisverbod": "Besluit: huisverbod", "besluit_geen_huisverbod": "Besluit: geen huisverbod",
    "concept_beschikking_opgeslagen": "Conceptbeschikking opgeslagen",
    "veilig_thuis_geraadpleegd": "Veilig Thuis geraadpleegd",
    "ter_ondertekening_aangeboden": "Aangeboden ter ondertekening", "beschikking_ondertekend": "Beschikking ondertekend",
    "uitgereikt": "Uitgereikt (T0)", "sleutels_ingenomen": "Sleutels ingenomen", "verlengd": "Verlengd",
    "ingetrokken": "Ingetrokken", "mondeling_opgelegd": "Mondeling opgelegd", "gearchiveerd": "Gearchiveerd",
    "herbeoordeling_gehandhaafd": "Herbeoordeling: gehandhaafd", "contact_toegevoegd": "Contact toegevoegd",
    "uitspraak_geregistreerd": "Uitspraak geregistreerd", "vernietigd_door_rechter": "Vernietigd door de rechter",
    "vernietigd_bewaartermijn": "Vernietigd na bewaartermijn", "bekendgemaakt_uitreiking": "Bekendgemaakt (uitreiking)",
    "bekendgemaakt_depot": "Bekendgemaakt (depot gemeentesecretarie)", "document_ingezien": "Document ingezien of gemaakt",
    "vernietiging_gecorrigeerd": "Uitspraak gecorrigeerd: niet vernietigd",
    "beroep_geregistreerd": "Beroep geregistreerd",
    "voorlopige_voorziening_geregistreerd": "Voorlopige voorziening geregistreerd",
    "herstelbesluit": "Herstelbesluit genomen",
    "sql_query": "SQL-box-query",
}
BASIS_LABELS = {
    "burgemeester": "de burgemeester zelf",
    "loco_burgemeester": "de loco-burgemeester, ter vervanging van de burgemeester",
    "hovj_mandaat": "de hulpofficier van justitie, in mandaat namens de burgemeester (art. 3 Wth)",
}
VIEW_AUDIT_INTERVAL = timedelta(minutes=15)


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


@dataclass
class SignerConfig:
    """A production signer: PKCS#12 file and passphrase from secrets (README, Configuration)."""

    p12_path: str
    passphrase: str


@dataclass
class CaseView:
    """A case as a page shows it: the row, derived state, deadlines and the next step."""

    case: dict[str, Any]
    state: CaseState                 # effective (``verlopen`` derived from the clock)
    members: list[dict[str, Any]]
    documents: list[dict[str, Any]]
    end_at: datetime | None = None
    latest_extension_end: datetime | None = None
    contact_address_deadline: datetime | None = None
    next_step: str = ""
    status_text: str = ""
    status_label: str = ""
    draft_submitted_by_name: str = ""
    previous_cases: list[dict[str, Any]] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.case["id"]

    @property
    def version(self) -> int:
        return self.case["version"]

    @property
    def signed(self) -> bool:
        return self.case.get("decided_at") is not None


class WthService(CaseListsMixin, LifecycleMixin, DocumentsMixin, CorrectionMixin, CostsMixin, StatisticsMixin, AdminMixin,
                 DraftsMixin):
    """All case services. One instance per process is fine; it holds no per-user state.

    Args:
        db: the opened :class:`store.db.Database`.
        clock: returns the current aware UTC moment (tests inject a fixed clock).
        signers: production signer certificates by username; others use the stored demo certificate.
    """

    def __init__(self, db: Database, clock: Clock = utc_now, signers: dict[str, SignerConfig] | None = None):
        self.db = db
        self.clock = clock
        self.signers = dict(signers or {})

    # -- helpers ---------------------------------------------------------------------------------
    def now(self) -> datetime:
        n = self.clock()
        if n.tzinfo is None:
            raise ValueError("clock must return an aware datetime")
        return n

    def catalogue(self) -> rihg_rules.Catalogue:
        return rihg_rules.load_catalogue()

    def _case_in_scope(self, actor: Actor, case_id: str, action: Action = Action.READ_CASE) -> dict[str, Any]:
        require_action(actor, action)
        # a non-text id (a list, a number from a crafted request) can't name a case: DuckDB would raise
        case = repo.get_case(self.db, case_id) if isinstance(case_id, str) else None
        # Out of scope looks the same as missing: no hint that the case exists.
        if case is None or not in_scope(actor, case["municipality_code"], case["subregion"]):
            raise NotFound(f"Zaak {case_id} is niet gevonden of valt buiten uw werkgebied.")
        return case

    def _audit(self, cur, actor: Actor, action: str, case_id: str | None = None, old_state: str | None = None,
               new_state: str | None = None, detail: str | None = None, at: datetime | None = None) -> None:
        repo.audit(cur, at=at or self.now(), username=actor.username, role=actor.role.value, action=action,
                   case_id=case_id, old_state=old_state, new_state=new_state, detail=detail)

    def _audit_view(self, actor: Actor, case_id: str, action: str, detail: str | None = None) -> None:
        """Audit a read of personal data; one row per user, case and item per 15 minutes, because
        Streamlit re-runs a page on every click (design.md, Audit)."""
        now = self.now()
        last = repo.last_view(self.db, case_id, actor.username, action, detail)
        if last is None or now - last > VIEW_AUDIT_INTERVAL:
            with self.db.transaction() as cur:
                self._audit(cur, actor, action, case_id, at=now, detail=detail)

    def municipalities_all(self) -> list[dict[str, Any]]:
        """The region's municipalities (reference data, no personal data)."""
        return repo.municipalities(self.db)

    def municipalities_for(self, actor: Actor) -> list[dict[str, Any]]:
        """Municipalities the actor may register a melding for (his sub-region or municipality)."""
        out = []
        for m in repo.municipalities(self.db):
            if in_scope(actor, m["code"], m["subregion"]):
                out.append(m)
        return out

    # -- melding ---------------------------------------------------------------------------------
    def create_melding(self, actor: Actor, form: dict[str, Any]) -> str:
        """Register a melding and move it to ``risicotaxatie`` (procedure.md section 6).

        Args:
            form: keys ``municipality_code, street, house_number, postcode, city, incident_date,
                incident_time, incident_description, q_domestic, q_resident, q_adult,
                person_given_names, person_surname, person_birth_date, person_bsn, person_phone,
                person_brp_differs, person_residence_basis, aangifte_done, arrested,
                child_abuse_ground, new_facts`` and ``members``: a list of dicts with ``name,
                birth_date, relation, residence, residence_basis, threatened``. Dates are
                ``date``/ISO strings, times ``time`` (Europe/Amsterdam).

        Returns:
            the new case id ("HV-2026-00012").

        Raises:
            ValidationError: with ``field_errors`` for every malformed field.
            RuleViolation: door question answered no; person under 18 now (art. 2 lid 2 Wth, R17);
                no threatened co-resident or neighbours only (procedure.md 3.1); repeat case without
                a "new facts" statement (procedure.md 3.8).
            NotAuthorized: role may not register meldingen; municipality outside the user's scope.
        """
        require_action(actor, Action.CREATE_MELDING)
        now = self.now()
        c = v.Collector()
        if not isinstance(form, dict):
            raise ValidationError("Het formulier is leeg.")
        muni_code = form.get("municipality_code")
        munis = {m["code"]: m for m in self.municipalities_for(actor)}
        if not muni_code or not isinstance(muni_code, str):
            c.add("municipality_code", "Kies de gemeente waar de woning ligt.")
        elif muni_code not in munis:
            raise NotAuthorized("Deze gemeente valt buiten uw werkgebied.", field="municipality_code")
        street = c.run(v.text, form.get("street"), "street", "Straat")
        house_number = c.run(v.text, form.get("house_number"), "house_number", "Huisnummer", max_len=20)
        postcode = c.run(v.postcode, form.get("postcode"))
        city = c.run(v.text, form.get("city"), "city", "Plaats")
        inc_date = c.run(v.a_date, form.get("incident_date"), "incident_date", "Datum incident")
        inc_time = c.run(v.a_time, form.get("incident_time"), "incident_date", "Tijd incident")
        incident_at = None
        if inc_date is not None and inc_time is not None:
            incident_at = c.run(v.local_moment, inc_date, inc_time, "incident_date", "Incident")
            if incident_at is not None and incident_at > now + timedelta(minutes=5):
                c.add("incident_date", "Het incident kan niet in de toekomst liggen.")
        description = c.run(v.text, form.get("incident_description"), "incident_description",
                            "Korte beschrijving van het incident", min_len=10, max_len=v.MAX_MEDIUM)
        given = c.run(v.text, form.get("person_given_names"), "person_given_names", "Voornamen")
        surname = c.run(v.text, form.get("person_surname"), "person_surname", "Achternaam")
        birth = c.run(v.a_date, form.get("person_birth_date"), "person_birth_date", "Geboortedatum")
        bsn = c.run(v.bsn, form.get("person_bsn"))
        phone = c.run(v.text, form.get("person_phone"), "person_phone", "Telefoon", required=False, max_len=40)
        brp_differs = bool(form.get("person_brp_differs"))
        basis = c.run(v.text, form.get("person_residence_basis"), "person_residence_basis",
                      "Basis voor feitelijk verblijf", required=brp_differs, max_len=v.MAX_MEDIUM)
        members: list[rules.Member] = []
        raw_members = form.get("members") or []
        if not isinstance(raw_members, list) or not all(isinstance(m, dict) for m in raw_members):
            raise ValidationError("De huisgenoten zijn niet goed doorgegeven.", field="household")
        for i, m in enumerate(raw_members):
            f = f"member_{i}"
            name = c.run(v.text, m.get("name"), f + "_name", f"Huisgenoot {i + 1}: naam")
            mbirth = c.run(v.a_date, m.get("birth_date"), f + "_birth_date", f"Huisgenoot {i + 1}: geboortedatum",
                           required=False)
            relation = m.get("relation")
            if not isinstance(relation, str) or relation not in rules.RELATIONS:
                c.add(f + "_relation", f"Huisgenoot {i + 1}: kies de relatie.")
            try:
                residence = rules.Residence(m.get("residence"))
            except (ValueError, TypeError):
                c.add(f + "_residence", f"Huisgenoot {i + 1}: kies of hij/zij er woont of verblijft.")
                residence = None
            rbasis = c.run(v.text, m.get("residence_basis"), f + "_residence_basis",
                           f"Huisgenoot {i + 1}: basis verblijf", required=residence == rules.Residence.VERBLIJFT,
                           max_len=v.MAX_SHORT)
            if name and isinstance(relation, str) and relation in rules.RELATIONS and residence is not None:
                members.append(rules.Member(name, mbirth, relation, residence, rbasis or "", bool(m.get("threatened"))))
        if birth is not None and birth > now.astimezone(AMS).date():
            c.add("person_birth_date", "De geboortedatum ligt in de toekomst.")
        c.raise_if_any()

        rules.check_door_questions(bool(form.get("q_domestic")), bool(form.get("q_resident")),
                                   bool(form.get("q_adult")))
        if not raw_members:
            raise RuleViolation("Voeg de huisgenoten toe: wie woont of verblijft er in de woning?", field="household")
        rules.check_household(members)
        rules.check_adult(birth, now)

        # Only cases within the user's own scope are linked: out of scope looks the same as missing.
        previous = [p for p in repo.find_previous_cases(self.db, bsn=bsn, given_names=given, surname=surname,
                                                        birth_date=birth)
                    if in_scope(actor, p["municipality_code"], p["subregion"])]
        new_facts = v.text(form.get("new_facts"), "new_facts", "Nieuwe feiten", required=False,
                           max_len=v.MAX_MEDIUM)
        if previous and len(new_facts) < 20:
            raise RuleViolation(
                f"Er is al een eerdere zaak voor deze persoon ({previous[0]['id']}). Een nieuw huisverbod "
                "mag, maar alleen op grond van nieuwe feiten: beschrijf die (minimaal 20 tekens).",
                field="new_facts")

        with self.db.transaction() as cur:
            case_id = repo.next_case_id(cur, now.astimezone(AMS).year)
            repo.insert_case(cur, {
                "id": case_id, "municipality_code": muni_code, "state": CaseState.RISICOTAXATIE.value,
                "is_demo": bool(form.get("is_demo", False)), "version": 1, "created_at": now,
                "created_by": actor.username, "updated_at": now, "updated_by": actor.username,
                "street": street, "house_number": house_number, "postcode": postcode, "city": city,
                "incident_at": incident_at, "incident_description": description,
                "q_domestic": True, "q_resident": True, "q_adult": True,
                "person_given_names": given, "person_surname": surname, "person_birth_date": birth,
                "person_bsn": bsn or None, "person_phone": phone or None, "person_brp_differs": brp_differs,
                "person_residence_basis": basis or None, "aangifte_done": bool(form.get("aangifte_done")),
                "arrested": bool(form.get("arrested")), "child_abuse_ground": bool(form.get("child_abuse_ground")),
                "rihg_version": self.catalogue().version, "duration_days": ORDER_DAYS,
                "previous_case_id": previous[0]["id"] if previous else None,
                "new_facts": new_facts or None,
            })
            repo.replace_members(cur, case_id, [
                {"name": m.name, "birth_date": m.birth_date, "relation": m.relation, "residence": m.residence.value,
                 "residence_basis": m.residence_basis, "threatened": m.threatened} for m in members])
            self._audit(cur, actor, "melding_geregistreerd", case_id, None, CaseState.MELDING.value, at=now)
            self._audit(cur, actor, "deurvragen_ja", case_id, CaseState.MELDING.value,
                        CaseState.RISICOTAXATIE.value, at=now)
        return case_id

    # -- reading ---------------------------------------------------------------------------------
    def get_case(self, actor: Actor, case_id: str) -> CaseView:
        """A case file with derived state, deadlines and next step; the opening is audited.

        Raises:
            NotFound: no such case, or outside the actor's scope.
            NotAuthorized: the role may not read case files (managers, advisors, beheerder).
        """
        case = self._case_in_scope(actor, case_id)
        now = self.now()
        self._audit_view(actor, case_id, "zaak_ingezien")
        state = effective_state(CaseState(case["state"]), case["end_at"], now)
        view = CaseView(case=case, state=state, members=repo.get_members(self.db, case_id),
                        documents=repo.list_documents(self.db, case_id))
        if case["served_at"] is not None:
            t0 = case["served_at"]
            view.end_at = case["end_at"].astimezone(AMS)
            view.latest_extension_end = latest_extension_end(t0)
            view.contact_address_deadline = contact_address_deadline(t0)
        if case["previous_case_id"]:
            view.previous_cases = [{"id": case["previous_case_id"]}]
        view.status_text, view.next_step = self._status_and_next(actor, view, now)
        view.status_label = status_label(case, state, repo.has_pending_appeal(self.db, case_id))
        if case["draft_submitted_by"]:
            u = repo.get_user(self.db, case["draft_submitted_by"])
            view.draft_submitted_by_name = u["name"] if u else case["draft_submitted_by"]
        return view

    def _may_sign(self, actor: Actor, case: dict[str, Any]) -> bool:
        try:
            self.signing_basis(actor, case, self.now().astimezone(AMS).date())
            return True
        except NotAuthorized:
            return False

    def _contact_task(self, actor: Actor, r: dict[str, Any]) -> list[dict[str, Any]]:
        if r["contact_address"] or actor.role not in (Role.HOVJ, Role.POLITIE, Role.GEMEENTE):
            return []
        who = f"{r['person_given_names'] or ''} {r['person_surname'] or ''}".strip()
        return [{"case_id": r["id"], "municipality": r["municipality_name"], "person": who,
                 "task": "Contactadres uithuisgeplaatste vastleggen (art. 2 lid 6 Wth)",
                 "deadline": contact_address_deadline(r["served_at"])}]

    def _status_and_next(self, actor: Actor, view: CaseView, now: datetime) -> tuple[str, str]:
        c, s = view.case, view.state
        role = actor.role
        if s == CaseState.RISICOTAXATIE and c["rihg_finalised_at"] is None:
            return ("Melding geregistreerd; de risicotaxatie (RiHG) loopt.",
                    "Vul de RiHG in: alle 20 signalen, per rood of blauw signaal een feit met bron, "
                    "en neem een besluit met motivering." if role == Role.HOVJ else
                    "Wacht op de risicotaxatie door de hulpofficier van justitie.")
        if s == CaseState.RISICOTAXATIE:
            return ("RiHG afgerond, besluit: huisverbod. De beschikking wordt opgesteld.",
                    "Stel de beschikking op (feiten, waarom deze persoon) en bied haar aan ter ondertekening."
                    if role == Role.HOVJ else "Wacht op de conceptbeschikking van de hulpofficier.")
        if s == CaseState.BESLUIT and c["decided_at"] is None:
            if role in (Role.BURGEMEESTER, Role.LOCO_BURGEMEESTER, Role.HOVJ) and self._may_sign(actor, c):
                nxt = ("Lees de RiHG en de conceptbeschikking en onderteken (pagina Ondertekenen)."
                       if role != Role.HOVJ else "U hebt een geldig mandaatbesluit: u kunt zelf ondertekenen "
                       "(pagina Ondertekenen), of wachten op de burgemeester.")
            elif role == Role.HOVJ:
                nxt = "Wacht op de handtekening van de burgemeester (u hebt geen mandaat voor deze gemeente)."
            else:
                nxt = "Wacht op ondertekening door de burgemeester."
            return "Conceptbeschikking klaar; wacht op ondertekening.", nxt
        if s == CaseState.BESLUIT:
            return (f"Beschikking ondertekend op {fmt_dt(c['decided_at'])}; nog niet uitgereikt.",
                    "Reik de beschikking uit aan betrokkene, neem de sleutels in en leg de uitreiking vast "
                    "(pagina Uitreiking). Het huisverbod gaat in op het moment van uitreiking."
                    if role == Role.HOVJ else "Wacht op de uitreiking door de hulpofficier van justitie.")
        if s in (CaseState.OPGELEGD, CaseState.VERLENGD):
            txt = f"Huisverbod loopt tot {fmt_dt(view.end_at)}" + (" (verlengd)." if s == CaseState.VERLENGD else ".")
            row = dict(c, effective_state=s)
            mine = sorted(self.lifecycle_tasks(actor, [row]) + self._contact_task(actor, row),
                          key=lambda t: t["deadline"])
            if mine:
                return txt, "; ".join(f"{t['task']} (uiterlijk {fmt_dt(t['deadline'])})" for t in mine[:3]) + "."
            return txt, "Geen openstaande taak voor u in deze zaak."
        if s == CaseState.VERLOPEN:
            return f"Huisverbod afgelopen op {fmt_dt(c['end_at'])}.", "Geen actie nodig; de zaak gaat naar het archief."
        if s == CaseState.GEEN_HUISVERBOD:
            return ("Geen huisverbod: " + (c["decision_reasons"] or ""),
                    "Geen actie; de RiHG blijft bewaard in het archief.")
        if s == CaseState.INGETROKKEN:
            return (f"Huisverbod ingetrokken op {fmt_dt(c['withdrawn_at'])}.",
                    "Geen actie nodig; bij beroep: zie de pagina Beroep. De zaak gaat daarna naar het archief.")
        if s == CaseState.VERNIETIGD:
            return "De rechter heeft het huisverbod vernietigd.", "Geen actie nodig; de zaak gaat naar het archief."
        if s in (CaseState.GEARCHIVEERD, CaseState.VERNIETIGD_ARCHIEF):
            return s.label + ".", "Geen actie nodig."
        return s.label, "Geen actie nodig."

    def timeline(self, actor: Actor, case_id: str) -> list[dict[str, Any]]:
        """The case's audit trail (who, role, when, what, old -> new state), oldest first."""
        self._case_in_scope(actor, case_id)
        rows = repo.case_audit(self.db, case_id)
        names = {u["username"]: u["name"] for u in repo.list_users(self.db)}
        for r in rows:
            r["action_label"] = AUDIT_LABELS.get(r["action"], r["action"].replace("_", " ").capitalize())
            r["name"] = names.get(r["username"], r["username"])
            try:
                r["role_label"] = Role(r["role"]).label
            except ValueError:
                r["role_label"] = r["role"]
        return rows

    # -- RiHG ------------------------------------------------------------------------------------
    def get_rihg(self, actor: Actor, case_id: str) -> tuple[rihg_rules.Assessment, rihg_rules.Advice]:
        """The stored assessment of a case and its current advice (rule: >= 2 red in one part)."""
        self._case_in_scope(actor, case_id)
        answers, colours, facts = repo.get_rihg(self.db, case_id)
        a = rihg_rules.Assessment(
            answers=answers, colours={k: rihg_rules.Colour(c) for k, c in colours.items()},
            facts=[rihg_rules.Fact(f["signal_code"], f["description"], f["source"], f["disputed"]) for f in facts])
        return a, rihg_rules.compute_advice(a.colours, self.catalogue())

    def advice(self, colours: dict[str, rihg_rules.Colour]) -> rihg_rules.Advice:
        """The advice for a (partial) colouring: >= 2 red signals in one part (rihg.md, Bth annex)."""
        if not isinstance(colours, dict):
            raise ValidationError("De kleuren van de RiHG-signalen zijn niet goed doorgegeven.")
        try:
            return rihg_rules.compute_advice(colours, self.catalogue())
        except (ValueError, TypeError) as exc:     # unknown signal code or colour
            raise ValidationError("Onbekend RiHG-signaal of onbekende kleur.") from exc

    def rihg_problems(self, actor: Actor, case_id: str, assessment: rihg_rules.Assessment) -> list[str]:
        """Everything that keeps this (unsaved) assessment from being finalised (Bth annex; R01)."""
        self._case_in_scope(actor, case_id, Action.EDIT_RIHG)
        _check_assessment_shape(assessment)
        return rihg_rules.completeness_problems(assessment, self.catalogue())

    def save_rihg(self, actor: Actor, case_id: str, version: int, assessment: rihg_rules.Assessment,
                  authors: dict[str, str] | None = None) -> int:
        """Save the RiHG as entered (a draft may be incomplete). Returns the new case version.

        Raises:
            RuleViolation: the RiHG is already final or the case is past risicotaxatie.
            ValidationError: unknown item/signal codes or over-long facts.
            ConcurrencyConflict: the case changed since ``version``.
        """
        case = self._case_in_scope(actor, case_id, Action.EDIT_RIHG)
        if case["state"] != CaseState.RISICOTAXATIE.value or case["rihg_finalised_at"] is not None:
            raise RuleViolation("De RiHG is afgerond en kan niet meer worden gewijzigd.")
        _check_assessment_shape(assessment)
        cat = self.catalogue()
        for code in assessment.answers:
            if not cat.has_item(code):
                raise ValidationError(f"Onbekend RiHG-item {code}.")
        for code in assessment.colours:
            if not cat.has_signal(code):
                raise ValidationError(f"Onbekend RiHG-signaal {code}.")
        facts = []
        for i, f in enumerate(assessment.facts):
            if not cat.has_signal(f.signal_code):
                raise ValidationError(f"Feit {i + 1}: onbekend signaal {f.signal_code}.")
            facts.append({"signal_code": f.signal_code,
                          "description": v.text(f.description, f"fact_{i}", f"Feit {i + 1}", required=False,
                                                max_len=v.MAX_MEDIUM),
                          "source": v.text(f.source, f"fact_{i}_source", f"Bron van feit {i + 1}", required=False),
                          "disputed": f.disputed})
        authors = authors or {}
        now = self.now()
        with self.db.transaction() as cur:
            new_version = repo.update_case(cur, case_id, version, {
                "rihg_author_a": authors.get("A") or actor.name, "rihg_author_b": authors.get("B") or actor.name,
                "rihg_author_c": authors.get("C") or actor.name}, actor.username, now)
            repo.save_rihg(cur, case_id, dict(assessment.answers),
                           {k: str(c) for k, c in assessment.colours.items()}, facts)
            self._audit(cur, actor, "rihg_opgeslagen", case_id, at=now)
        return new_version

    def decide(self, actor: Actor, case_id: str, version: int, huisverbod: bool, reasons: str) -> int:
        """Finalise the RiHG and record the decision with reasons (required both ways).

        "No huisverbod" ends the case as ``geen_huisverbod`` with the RiHG kept.

        Raises:
            RuleViolation: RiHG incomplete, including a red/blue signal without a sourced fact (R01).
            ValidationError: reasons missing (field ``reasons``).
            NotAuthorized: only the HOvJ decides here (burgemeester may decide "geen huisverbod").
        """
        action = Action.EDIT_RIHG if huisverbod else Action.DECIDE_NO_ORDER
        case = self._case_in_scope(actor, case_id, action)
        if case["state"] != CaseState.RISICOTAXATIE.value or case["rihg_finalised_at"] is not None:
            raise RuleViolation("Over deze risicotaxatie is al besloten.")
        assessment, _ = self.get_rihg(actor, case_id)
        advice = rihg_rules.assert_finalisable(assessment, self.catalogue())
        rihg_rules.check_decision(advice, huisverbod, reasons)
        now = self.now()
        fields = {"rihg_finalised_at": now, "rihg_finalised_by": actor.username,
                  "advice_indicated": advice.indicated, "advice_text": advice.text,
                  "decision_huisverbod": huisverbod, "decision_reasons": reasons.strip(),
                  "decision_recorded_at": now, "decision_recorded_by": actor.username}
        new_state = CaseState.RISICOTAXATIE if huisverbod else CaseState.GEEN_HUISVERBOD
        fields["state"] = new_state.value
        with self.db.transaction() as cur:
            nv = repo.update_case(cur, case_id, version, fields, actor.username, now)
            self._audit(cur, actor, "rihg_afgerond", case_id, at=now, detail=advice.text)
            self._audit(cur, actor, "besluit_huisverbod" if huisverbod else "besluit_geen_huisverbod", case_id,
                        case["state"], new_state.value, detail=reasons.strip()[:500], at=now)
        return nv

    # -- beschikking -----------------------------------------------------------------------------
    def _draft_parts(self, case: dict[str, Any], members: list[dict[str, Any]]) -> rules.DraftParts:
        t = case.get("served_at") or self.now()
        covered = [m for m in members if m["residence"] in ("woont", "verblijft")]
        other_adults = [m["name"] for m in covered if m["birth_date"] is not None
                        and rules.Member(m["name"], m["birth_date"], m["relation"], rules.Residence(m["residence"]),
                                         "", m["threatened"]).is_minor_on(t) is False]
        return rules.DraftParts(
            dwelling_complete=all(case.get(k) for k in ("street", "house_number", "postcode", "city")),
            duration_days=case.get("duration_days"), incident_known=case.get("incident_at") is not None,
            facts=case.get("facts") or "", threatened_persons=case.get("threatened_persons") or "",
            why_this_person=case.get("why_this_person") or "",
            protected_names=[m["name"] for m in covered], other_adults_covered=other_adults,
            rihg_final=case.get("rihg_finalised_at") is not None,
            decision_huisverbod=case.get("decision_huisverbod"))

    def draft_problems(self, actor: Actor, case_id: str, screen: dict[str, str] | None = None) -> list[str]:
        """Missing art. 2 lid 4 Wth parts of the draft (empty when complete), plus the art. 2 lid 3 check.

        Args:
            screen: texts on the screen not saved yet (``facts``, ``threatened_persons``,
                ``why_this_person``); checked instead of the stored ones, nothing is written.

        Raises:
            ValidationError: ``screen`` is not a mapping of those keys to text.
        """
        case = self._case_in_scope(actor, case_id)
        if screen is not None:
            keys = {"facts", "threatened_persons", "why_this_person"}
            if not isinstance(screen, dict) or not set(screen) <= keys or \
                    not all(isinstance(v_, str) for v_ in screen.values()):
                raise ValidationError("De teksten van het scherm zijn niet goed doorgegeven.")
            case = {**case, **screen}
        problems = rules.missing_art_2_4_parts(self._draft_parts(case, repo.get_members(self.db, case_id)))
        try:
            rules.check_child_abuse_consultation(bool(case["child_abuse_ground"]), case["vt_consulted_at"] is not None)
        except RuleViolation as exc:
            problems.append(exc.message)
        return problems

    def draft_prefill(self, actor: Actor, case_id: str) -> dict[str, str]:
        """The draft beschikking's texts as the form opens: what is saved, else what the case already says — the
        incident (moment and description from the melding) as the start of the facts, and the threatened household
        members by name — so nothing entered at the melding is typed again (procedure.md section 7).

        Returns:
            ``{"facts": ..., "threatened_persons": ..., "why_this_person": ...}``.

        Raises:
            NotFound: case unknown or out of scope.
        """
        case = self._case_in_scope(actor, case_id)
        threatened = ", ".join(m["name"] for m in repo.get_members(self.db, case_id) if m["threatened"])
        return {"facts": case["facts"] or f"Incident op {fmt_dt(case['incident_at'])}: "
                                          f"{case['incident_description'] or ''}",
                "threatened_persons": case["threatened_persons"] or threatened,
                "why_this_person": case["why_this_person"] or ""}

    def save_draft(self, actor: Actor, case_id: str, version: int, *, facts: str, threatened_persons: str,
                   why_this_person: str, duration_days: int = ORDER_DAYS) -> int:
        """Save the facts and reasoning of the draft beschikking (may still be incomplete).

        Raises:
            RuleViolation: a duration other than 10 days (R03), or the case is not awaiting a draft.
            ValidationError: texts too long.
        """
        case = self._case_in_scope(actor, case_id, Action.DRAFT_BESCHIKKING)
        oral_pending = case["oral_order_at"] is not None and case["decided_at"] is None
        if (case["state"] != CaseState.RISICOTAXATIE.value and not oral_pending) or not case["decision_huisverbod"]:
            raise RuleViolation("Een conceptbeschikking kan pas na het besluit 'huisverbod' en vóór "
                                "ondertekening worden bewerkt.")
        if v.integer(duration_days, "duration_days", "Duur in dagen", 1, 365) != ORDER_DAYS:
            raise RuleViolation(f"Een huisverbod duurt {ORDER_DAYS} dagen (art. 2 lid 1 Wth); een andere duur is "
                                "niet toegestaan (R03).", field="duration_days")
        c = v.Collector()
        facts = c.run(v.text, facts, "facts", "Feiten en omstandigheden", required=False, max_len=v.MAX_LONG)
        threatened = c.run(v.text, threatened_persons, "threatened_persons", "Wie is bedreigd", required=False,
                           max_len=v.MAX_MEDIUM)
        why = c.run(v.text, why_this_person, "why_this_person", "Waarom deze persoon", required=False,
                    max_len=v.MAX_MEDIUM)
        c.raise_if_any()
        now = self.now()
        with self.db.transaction() as cur:
            nv = repo.update_case(cur, case_id, version, {"facts": facts, "threatened_persons": threatened,
                                                          "why_this_person": why, "duration_days": ORDER_DAYS},
                                  actor.username, now)
            self._audit(cur, actor, "concept_beschikking_opgeslagen", case_id, at=now)
        return nv

    def record_vt_consultation(self, actor: Actor, case_id: str, version: int, *, consulted_with: str,
                               outcome: str, consulted_at: datetime) -> int:
        """Log the Veilig Thuis consultation required for child abuse (art. 2 lid 3 Wth).

        Raises:
            ValidationError: missing who/outcome, or a moment in the future.
        """
        case = self._case_in_scope(actor, case_id, Action.DRAFT_BESCHIKKING)
        if case["decided_at"] is not None:
            raise RuleViolation("De beschikking is al ondertekend.")
        c = v.Collector()
        who = c.run(v.text, consulted_with, "vt_consulted_with", "Met wie bij Veilig Thuis")
        out = c.run(v.text, outcome, "vt_consult_outcome", "Uitkomst van het consult", max_len=v.MAX_MEDIUM)
        now = self.now()
        consulted_at = c.run(v.moment, consulted_at, "vt_consulted_at", "Moment van het consult")
        if consulted_at is not None and consulted_at > now + timedelta(minutes=5):
            c.add("vt_consulted_at", "Het moment van het consult kan niet in de toekomst liggen.")
        c.raise_if_any()
        with self.db.transaction() as cur:
            nv = repo.update_case(cur, case_id, version, {"vt_consulted_at": consulted_at, "vt_consulted_with": who,
                                                          "vt_consult_outcome": out}, actor.username, now)
            self._audit(cur, actor, "veilig_thuis_geraadpleegd", case_id, at=now, detail=who)
        return nv

    def _content(self, case: dict[str, Any], members: list[dict[str, Any]], *, draft: bool,
                 decider_name: str = "", decider_role: str = "", basis: str = "",
                 decided_at: datetime | None = None, doc_id: str = "", doc_version: int = 1) -> BeschikkingContent:
        covered = [m for m in members if m["residence"] in ("woont", "verblijft")]
        protected = tuple(ProtectedPerson(
            name=m["name"], relation=rules.RELATIONS.get(m["relation"], m["relation"]),
            residence=rules.Residence(m["residence"]).label, basis=m["residence_basis"] or "") for m in covered)
        return BeschikkingContent(
            document_id=doc_id or f"{case['id']}-OPL", version=doc_version,
            municipality_name=case["municipality_name"], case_id=case["id"],
            person_name=person_name(case), person_birth_date=case["person_birth_date"],
            dwelling_address=dwelling(case), duration_days=case["duration_days"] or ORDER_DAYS,
            start=None, end=None, incident_at=case["incident_at"], facts=case["facts"] or "",
            threatened_persons=case["threatened_persons"] or "", why_this_person=case["why_this_person"] or "",
            protected_persons=protected, rihg_advice=case["advice_text"] or "", legal_basis=LEGAL_BASIS,
            decider_name=decider_name or "(naam volgt bij ondertekening)",
            decider_role=decider_role or f"burgemeester van {case['municipality_name']}",
            decision_basis=basis or "nog te ondertekenen", decided_at=decided_at, is_draft=draft,
            generated_at=decided_at or case["updated_at"])

    def draft_pdf(self, actor: Actor, case_id: str) -> bytes:
        """The draft beschikking as PDF (not stored).

        Raises:
            RuleViolation: any art. 2 lid 4 part missing (R04) — a draft that lacks them is not generated.
        """
        case = self._case_in_scope(actor, case_id)
        members = repo.get_members(self.db, case_id)
        rules.assert_complete(self._draft_parts(case, members))
        return render_beschikking_oplegging(self._content(case, members, draft=True))

    def submit_for_signature(self, actor: Actor, case_id: str, version: int) -> int:
        """risicotaxatie -> besluit: the complete draft goes to the "te ondertekenen" list.

        Raises:
            RuleViolation: art. 2 lid 4 parts missing (R04) or Veilig Thuis not consulted (art. 2 lid 3).
        """
        case = self._case_in_scope(actor, case_id, Action.DRAFT_BESCHIKKING)
        oral_pending = case["oral_order_at"] is not None and case["decided_at"] is None
        if case["state"] != CaseState.RISICOTAXATIE.value and not oral_pending:
            raise RuleViolation("Deze zaak wacht niet op een conceptbeschikking.")
        members = repo.get_members(self.db, case_id)
        rules.assert_complete(self._draft_parts(case, members))
        rules.check_child_abuse_consultation(bool(case["child_abuse_ground"]), case["vt_consulted_at"] is not None)
        now = self.now()
        if oral_pending:   # already imposed orally: the written version goes to signing, the state stays
            with self.db.transaction() as cur:
                nv = repo.update_case(cur, case_id, version, {"draft_submitted_at": now,
                                                              "draft_submitted_by": actor.username},
                                      actor.username, now)
                self._audit(cur, actor, "ter_ondertekening_aangeboden", case_id, at=now,
                            detail="schriftelijke beschikking na mondeling huisverbod")
            return nv
        with self.db.transaction() as cur:
            nv = repo.update_case(cur, case_id, version, {"state": CaseState.BESLUIT.value, "draft_submitted_at": now,
                                                          "draft_submitted_by": actor.username}, actor.username, now)
            self._audit(cur, actor, "ter_ondertekening_aangeboden", case_id, CaseState.RISICOTAXATIE.value,
                        CaseState.BESLUIT.value, at=now)
        return nv

    # -- signing ---------------------------------------------------------------------------------
    def signing_basis(self, actor: Actor, case: dict[str, Any], on: date) -> tuple[str, int | None, str]:
        """Who decides and on what basis (procedure.md section 2).

        Returns:
            (basis key, mandate id or None, Dutch description of the basis).

        Raises:
            NotAuthorized: not the burgemeester of this municipality, no valid substitution record
                (loco-burgemeester, R09) or no valid mandate (HOvJ, art. 3 Wth) on ``on``.
        """
        require_action(actor, Action.SIGN)
        muni = case["municipality_code"]
        if actor.role == Role.BURGEMEESTER:
            if actor.municipality_code != muni:
                raise NotAuthorized("U bent niet de burgemeester van de gemeente van deze zaak.")
            return "burgemeester", None, BASIS_LABELS["burgemeester"]
        kind = "vervanging" if actor.role == Role.LOCO_BURGEMEESTER else "mandaat"
        if actor.role == Role.LOCO_BURGEMEESTER and actor.municipality_code != muni:
            raise NotAuthorized("U bent geen loco-burgemeester van de gemeente van deze zaak.")
        records = repo.valid_mandates(self.db, username=actor.username, kind=kind, municipality_code=muni, on=on)
        if not records:
            if kind == "vervanging":
                raise NotAuthorized("Er is op deze datum geen geldig vervangingsbesluit voor u; u kunt niet "
                                    "namens de burgemeester ondertekenen.")
            raise NotAuthorized("U hebt op deze datum geen geldig mandaatbesluit van de burgemeester van "
                                f"{case['municipality_name']}; alleen de burgemeester kan ondertekenen (art. 3 Wth).")
        rec = records[0]
        key = "loco_burgemeester" if kind == "vervanging" else "hovj_mandaat"
        return key, rec["id"], (f"{BASIS_LABELS[key]}; {'vervangingsbesluit' if kind == 'vervanging' else 'mandaatbesluit'} "
                                f"{rec['reference']}, geldig vanaf {rec['valid_from'].strftime('%d-%m-%Y')}")

    def _signer_p12(self, username: str) -> tuple[bytes, bytes]:
        cfg = self.signers.get(username)
        if cfg is not None and cfg.p12_path:
            try:
                return Path(cfg.p12_path).read_bytes(), cfg.passphrase.encode()
            except OSError as exc:
                raise SigningError(f"Het certificaatbestand voor {username} kan niet worden gelezen.") from exc
        cert = repo.get_signer_certificate(self.db, username)
        if cert is None:
            raise SigningError("Er is geen ondertekeningscertificaat voor u ingesteld. Neem contact op met de "
                               "beheerder.")
        # A certificate uploaded on the beheer page in production: its passphrase lives in secrets only.
        return bytes(cert["p12"]), (cfg.passphrase if cfg is not None else cert["passphrase"]).encode()

    def sign(self, actor: Actor, case_id: str, version: int) -> str:
        """Sign the beschikking oplegging: a PAdES signature with the signer's certificate.

        The decision records who decided and on what basis (burgemeester / loco / HOvJ under mandate).

        Returns:
            the id of the stored signed document.

        Raises:
            NotAuthorized: see :meth:`signing_basis`.
            RuleViolation: not awaiting signature; art. 2 lid 4 parts missing (R04); Veilig Thuis not
                consulted on a child-abuse ground (art. 2 lid 3, R17); person under 18 now (R17).
            SigningError: certificate missing or unreadable.
        """
        case = self._case_in_scope(actor, case_id, Action.SIGN)
        oral_pending = case["oral_order_at"] is not None and case["decided_at"] is None
        if (case["state"] != CaseState.BESLUIT.value and not oral_pending) or case["decided_at"] is not None:
            raise RuleViolation("Deze beschikking wacht niet (meer) op ondertekening.")
        now = self.now()
        basis_key, mandate_id, basis_text = self.signing_basis(actor, case, now.astimezone(AMS).date())
        members = repo.get_members(self.db, case_id)
        rules.assert_complete(self._draft_parts(case, members))
        rules.check_child_abuse_consultation(bool(case["child_abuse_ground"]), case["vt_consulted_at"] is not None)
        rules.check_adult(case["person_birth_date"], case["oral_order_at"] or now)
        p12, passphrase = self._signer_p12(actor.username)
        # Render and sign outside the write lock; the version check below refuses a second signer.
        n = repo.next_document_version(self.db.cursor(), case_id, DOC_BESCHIKKING)
        doc_id = f"{case_id}-OPL-v{n}"
        role_text = {"burgemeester": f"burgemeester van {case['municipality_name']}",
                     "loco_burgemeester": f"loco-burgemeester van {case['municipality_name']}",
                     "hovj_mandaat": "hulpofficier van justitie, in mandaat namens de burgemeester van "
                                     f"{case['municipality_name']}"}[basis_key]
        content = self._content(case, members, draft=False, decider_name=actor.name, decider_role=role_text,
                                basis=basis_text, decided_at=now, doc_id=doc_id, doc_version=n)
        signed = signing.sign_pdf(render_beschikking_oplegging(content), p12, passphrase, signing.SignatureStamp(
            signer_name=actor.name, role=role_text, municipality=case["municipality_name"], signed_at=now))
        with self.db.transaction() as cur:
            repo.update_case(cur, case_id, version, {"decided_at": now, "decided_by": actor.username,
                                                     "decided_by_name": actor.name, "decision_basis": basis_key,
                                                     "mandate_id": mandate_id}, actor.username, now)
            repo.insert_document(cur, {"id": doc_id, "case_id": case_id, "kind": DOC_BESCHIKKING, "version": n,
                                       "created_at": now, "created_by": actor.username, "signed": True,
                                       "signer_username": actor.username, "signed_at": now,
                                       "sha256": signing.sha256_hex(signed), "content": signed})
            self._audit(cur, actor, "beschikking_ondertekend", case_id, at=now,
                        detail=f"{doc_id}; {basis_text}")
        return doc_id

    # -- uitreiking ------------------------------------------------------------------------------
    def serve(self, actor: Actor, case_id: str, version: int, *, served_at: datetime, keys_taken_in: bool,
              key_description: str = "", contact_address: str = "") -> int:
        """Record the uitreiking: ``served_at`` is T0; end = T0 + 10 days at the same local time
        (art. 2 lid 1 Wth; R03, R05). Keys taken in need a description (art. 4 lid 2 Wth receipt).
        Produces the proces-verbaal van uitreiking.

        Args:
            served_at: aware moment of service; not before signing, not in the future.

        Raises:
            RuleViolation: not signed yet, already served, person under 18 at T0 (R17).
            ValidationError: moment before signing or in the future; keys without description.
        """
        case = self._case_in_scope(actor, case_id, Action.SERVE)
        if case["state"] != CaseState.BESLUIT.value or case["decided_at"] is None:
            raise RuleViolation("De beschikking is nog niet ondertekend of is al uitgereikt.")
        now = self.now()
        c = v.Collector()
        served_at = c.run(v.moment, served_at, "served_at", "Moment van uitreiking")
        if served_at is None:
            pass
        elif served_at > now + timedelta(minutes=5):
            c.add("served_at", "Het moment van uitreiking kan niet in de toekomst liggen.")
        elif served_at < case["decided_at"] - timedelta(minutes=1):
            c.add("served_at", f"Uitreiking kan niet vóór de ondertekening ({fmt_dt(case['decided_at'])}) liggen.")
        keys = c.run(v.text, key_description, "key_description", "Omschrijving ingenomen sleutels",
                     required=keys_taken_in)
        contact = c.run(v.text, contact_address, "contact_address", "Contactadres", required=False,
                        max_len=v.MAX_SHORT)
        c.raise_if_any()
        rules.check_adult(case["person_birth_date"], served_at)
        t0 = served_at.astimezone(AMS).replace(second=0, microsecond=0)
        end = order_end(t0)
        n = repo.next_document_version(self.db.cursor(), case_id, DOC_PV_UITREIKING)
        doc_id = f"{case_id}-PVU-v{n}"
        beschikking = [d["id"] for d in repo.list_documents(self.db, case_id) if d["kind"] == DOC_BESCHIKKING]
        pdf = render_pv_uitreiking(UitreikingContent(
            document_id=doc_id, version=n, municipality_name=case["municipality_name"], case_id=case_id,
            person_name=person_name(case), dwelling_address=dwelling(case), served_at=t0, end=end,
            latest_extension_end=latest_extension_end(t0), contact_address_deadline=contact_address_deadline(t0),
            served_by=actor.name, keys_taken_in=keys_taken_in, key_description=keys or "",
            contact_address=contact or "", beschikking_document_id=beschikking[-1] if beschikking else "",
            generated_at=now))
        # The HOvJ signs his proces-verbaal with his own certificate when he has one.
        signed = False
        try:
            p12, passphrase = self._signer_p12(actor.username)
            pdf = signing.sign_pdf(pdf, p12, passphrase, signing.SignatureStamp(
                signer_name=actor.name, role="hulpofficier van justitie", municipality=case["municipality_name"],
                signed_at=now))
            signed = True
        except SigningError:
            log.warning("proces-verbaal %s stored unsigned: no certificate for the HOvJ", doc_id)
        with self.db.transaction() as cur:
            # The version check first: a second HOvJ serving at the same time gets "intussen gewijzigd".
            nv = repo.update_case(cur, case_id, version, {
                "state": CaseState.OPGELEGD.value, "served_at": t0, "served_by": actor.username, "end_at": end,
                "made_known_at": t0, "made_known_how": "uitreiking",
                "keys_taken_in": keys_taken_in, "key_description": keys or None,
                "contact_address": contact or None}, actor.username, now)
            repo.insert_document(cur, {"id": doc_id, "case_id": case_id, "kind": DOC_PV_UITREIKING, "version": n,
                                       "created_at": now, "created_by": actor.username, "signed": signed,
                                       "signer_username": actor.username if signed else None,
                                       "signed_at": now if signed else None,
                                       "sha256": signing.sha256_hex(pdf), "content": pdf})
            self._audit(cur, actor, "uitgereikt", case_id, CaseState.BESLUIT.value, CaseState.OPGELEGD.value,
                        at=now, detail=f"T0 {fmt_dt(t0)}; einde {fmt_dt(end)}")
            if keys_taken_in:
                self._audit(cur, actor, "sleutels_ingenomen", case_id, at=now)
        return nv

    # -- documents -------------------------------------------------------------------------------
    def documents(self, actor: Actor, case_id: str) -> list[dict[str, Any]]:
        self._case_in_scope(actor, case_id)
        return repo.list_documents(self.db, case_id)

    def document_bytes(self, actor: Actor, doc_id: str) -> tuple[dict[str, Any], bytes]:
        """A stored document (metadata, PDF bytes) if its case is in the actor's scope.

        Raises:
            NotFound: unknown document or case out of scope.
        """
        doc = repo.get_document(self.db, doc_id) if isinstance(doc_id, str) else None
        if doc is None:
            raise NotFound("Dit document bestaat niet.")
        self._case_in_scope(actor, doc["case_id"])
        self._audit_view(actor, doc["case_id"], "document_ingezien", doc_id)
        content = bytes(doc.pop("content"))
        return doc, content

    def verify(self, actor: Actor, pdf: bytes) -> tuple[signing.VerificationResult, dict[str, Any] | None]:
        """Verify an uploaded PDF against this installation's trust roots; never raises on bad input.

        Everyone may verify; only a user who may read the case of the stored document with the same SHA-256 learns
        which document and case it is and who signed it when. Anyone else gets only the verdict (geldig, ongeldig,
        gewijzigd, …) without signer, moment or case (issue 11): a PDF shown to a partner must not become a way to
        find out about a case outside their scope.

        Returns:
            (the verification result, the stored document with the same SHA-256 — or None when there is none or the
            user may not read its case).
        """
        require_action(actor, Action.VERIFY_SIGNATURE)
        if not isinstance(pdf, (bytes, bytearray)):
            raise ValidationError("Kies een PDF-bestand om te controleren.", field="pdf")
        pdf = bytes(pdf)
        result = signing.verify_pdf(pdf, repo.trust_roots(self.db))
        known = repo.find_document_by_hash(self.db, signing.sha256_hex(pdf)) if pdf else None
        if known is None or not self._may_read(actor, known["case_id"]):
            return signing.verdict_only(result), None
        return result, known

    def _may_read(self, actor: Actor, case_id: str) -> bool:
        try:
            self._case_in_scope(actor, case_id)
        except (NotAuthorized, NotFound):
            return False
        return True

    # -- work queue ------------------------------------------------------------------------------
    def work_queue(self, actor: Actor) -> list[dict[str, Any]]:
        """What this user must do next: first the urgent steps before imposition (the person is at risk
        now; no legal term, "zo snel mogelijk"), then everything else by deadline, soonest first.

        One pass: the open cases of the scope (with today's signing authority joined in SQL), the events of
        the running orders and the pending voorlopige voorzieningen — three queries and a setting, whatever
        the number of cases (issue 12). Every task is returned; the page pages them on screen.

        Each task: ``case_id, task, deadline (aware or None), urgent, overdue, due_24h, municipality, person``.
        """
        require_action(actor, Action.READ_CASE)
        now = self.now()
        scope = self._scope(actor)
        signer = self._signer(actor) if may(actor, Action.SIGN) else None
        rows = case_lists.open_cases(self.db, scope, now=now, signer=signer)
        for r in rows:
            r["effective_state"] = CaseState(r.pop("effective_state_value"))
        tasks = []
        for r in rows:
            s = r["effective_state"]
            who = f"{r['person_given_names'] or ''} {r['person_surname'] or ''}".strip()
            base = {"case_id": r["id"], "municipality": r["municipality_name"], "person": who, "deadline": None}
            if s == CaseState.RISICOTAXATIE and actor.role == Role.HOVJ:
                if r["rihg_finalised_at"] is None:
                    tasks.append(dict(base, task="RiHG invullen en besluiten"))
                elif r["decision_huisverbod"]:
                    tasks.append(dict(base, task="Conceptbeschikking opstellen"))
            elif s == CaseState.BESLUIT and r["decided_at"] is None and r["may_sign"]:
                tasks.append(dict(base, task="Beschikking ondertekenen"))
            elif s == CaseState.BESLUIT and r["decided_at"] is not None and actor.role == Role.HOVJ:
                tasks.append(dict(base, task="Beschikking uitreiken"))
            elif s in (CaseState.OPGELEGD, CaseState.VERLENGD):
                tasks.extend(self._contact_task(actor, r))
        events = case_lists.events_of_running_orders(self.db, scope, now=now)
        hearings = (case_lists.pending_hearings(self.db, scope)
                    if actor.role in (Role.GEMEENTE, Role.BURGEMEESTER, Role.LOCO_BURGEMEESTER) else [])
        tasks.extend(self.lifecycle_tasks(actor, rows, events=events, hearings=hearings))
        far = datetime.max.replace(tzinfo=timezone.utc)
        for t in tasks:
            d = t["deadline"]
            t["urgent"] = d is None
            t["overdue"] = d is not None and d < now
            t["due_24h"] = d is not None and now <= d < now + timedelta(hours=24)
        tasks.sort(key=lambda t: (not t["urgent"], t["deadline"] or far))
        return tasks

    # -- users (statistics: procedure/statistics.py, StatisticsMixin) ---------------------------------------
    def users(self, actor: Actor) -> list[dict[str, Any]]:
        require_action(actor, Action.MANAGE_USERS)
        return repo.list_users(self.db)


def _check_assessment_shape(a: Any) -> None:
    """An :class:`~procedure.rihg.Assessment` as the RiHG page builds it: text codes, yes/no/None answers,
    known colours, facts with a text signal code and a yes/no "disputed" (issue 7, fuzzing).

    Raises:
        ValidationError: anything else (nothing would be stored otherwise but garbage).
    """
    ok = (isinstance(a, rihg_rules.Assessment) and isinstance(a.answers, dict) and isinstance(a.colours, dict)
          and isinstance(a.facts, (list, tuple))
          and all(isinstance(k, str) and (v is None or isinstance(v, bool)) for k, v in a.answers.items())
          and all(isinstance(k, str) and isinstance(c, str) and c in rihg_rules.Colour._value2member_map_
                  for k, c in a.colours.items())
          and all(isinstance(f, rihg_rules.Fact) and isinstance(f.signal_code, str) and isinstance(f.disputed, bool)
                  for f in a.facts))
    if not ok:
        raise ValidationError("De RiHG is niet goed doorgegeven; laad de pagina opnieuw.")


# -- formatting helpers used by services and pages ---------------------------------------------------
def status_label(case: dict[str, Any], state: CaseState, pending_appeal: bool = False) -> str:
    """The Dutch status a user sees: a signed but unserved decision is not a draft, and an ended order
    with a pending appeal shows "Afgelopen, beroep loopt" (R06)."""
    if state == CaseState.BESLUIT and case.get("decided_at") is not None:
        label = "Ondertekend, nog niet uitgereikt"
    elif state == CaseState.RISICOTAXATIE and case.get("rihg_finalised_at") is not None:
        label = "Beschikking in voorbereiding"
    else:
        label = state.label
    if pending_appeal:
        if state in (CaseState.VERLOPEN, CaseState.INGETROKKEN, CaseState.GEARCHIVEERD):
            return "Afgelopen, beroep loopt"
        return label + " (beroep loopt)"
    return label


def person_name(case: dict[str, Any]) -> str:
    return f"{case.get('person_given_names') or ''} {case.get('person_surname') or ''}".strip()


def dwelling(case: dict[str, Any]) -> str:
    return f"{case['street']} {case['house_number']}, {case['postcode']} {case['city']}"


def fmt_dt(moment: datetime | None) -> str:
    """``dd-mm-jjjj hh:mm`` in Europe/Amsterdam; "—" for None."""
    if moment is None:
        return "—"
    return moment.astimezone(AMS).strftime("%d-%m-%Y %H:%M")


def local_time_default(now: datetime) -> tuple[date, time]:
    loc = now.astimezone(AMS)
    return loc.date(), loc.time().replace(second=0, microsecond=0)
