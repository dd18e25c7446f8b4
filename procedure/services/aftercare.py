"""Aftercare of a running order: events (keys, contact address, lawyer, help, zorgadvies, breach, household change),
contact details, and the tasks they leave for each role. Implements art. 2 lid 6 and 8, art. 3 lid 2, art. 4 lid 2,
art. 5, art. 6 (hearing within 3 days), art. 9 (zorgadvies) and art. 11 Wth (breach).

Where to add a new event kind: ``procedure/domain/events.py`` (EVENT_KINDS: label, roles, required fields;
EVENT_FIELDS and ``validate_details``: the facts as data); a task that follows from it is a rule in
``procedure/domain/followup.py`` (RULES, ``followups``), which :meth:`Aftercare.tasks` puts in the work queues.
"""
from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from procedure.domain import validation as v
from procedure.domain.case import person_name
from procedure.domain.deadlines import (AMS, DEFAULT_ZORGADVIES_DAY, add_calendar_days, contact_address_deadline,
                                        hearing_deadline, lawyer_deadline, max_extension_days)
from procedure.domain.errors import NotAuthorized, RuleViolation, ValidationError
from procedure.domain.events import (CONTACT_KINDS, EVENT_KINDS, EVENT_LABELS, ORGANISATION_FAMILIES, details_summary,
                                     dump_details,
                                     household_now, load_details, validate_details)
from procedure.domain.dossier import dossier_parts, missing
from procedure.domain.followup import DECISION_OF_RULE, DEFAULT_ADVICE_MAX_AGE_DAYS, RULES, banners, followups
from procedure.domain.roles import (CARE_ROLES, MAYOR_ROLES, POLICE_ROLES, Action, Actor, Role, require_action,
                                    require_actor)
from procedure.domain.states import ACTIVE_ORDER_STATES, CaseState, require_writable
from procedure.services.context import Service
from store import repo


class Aftercare(Service):
    """What happens on a case after imposition, and who must do what next."""

    def event_kinds_for(self, actor: Actor) -> dict[str, str]:
        """The kinds of event this actor's role may record (kind -> Dutch label)."""
        require_actor(actor)
        return {k: e.label for k, e in EVENT_KINDS.items() if actor.role in e.roles}

    def add_event(self, actor: Actor, case_id: str, kind: str, *, occurred_at: datetime, organisation: str = "",
                  reference: str = "", outcome: str = "", note: str = "", event_date: date | None = None,
                  details: dict[str, Any] | None = None) -> int:
        """Log an event on an order (procedure.md section 6): who, when, what; no state change.

        Args:
            details: the facts of the kind as data (``procedure.domain.events.validate_details``; required for the
                kinds of ``EVENT_FIELDS``: household change, care advice, contact address, keys, lawyer, breach
                follow-up, hearing date). ``note`` is a remark only.

        A contact address also fills the case's contact address; the rules of ``procedure.domain.followup`` read the
        details (e.g. a household change after which no protected person lives in the home: a reassessment task).

        Raises:
            NotAuthorized: the role may not log this kind of event.
            RuleViolation: the case has no imposed order.
            ValidationError: a required field is missing (e.g. the police report number of a breach).
        """
        case = self.ctx.case_in_scope(actor, case_id)
        require_writable(case["state"])
        ek = EVENT_KINDS.get(kind) if isinstance(kind, str) else None
        if ek is None:
            raise ValidationError("Kies het soort gebeurtenis.", field="kind")
        if actor.role not in ek.roles:
            raise NotAuthorized(f"Uw rol kan '{ek.label}' niet vastleggen.")
        if case["served_at"] is None:
            raise RuleViolation("Gebeurtenissen worden vastgelegd op een opgelegd huisverbod.")
        now = self.ctx.now()
        c = v.Collector()
        occurred_at = c.run(v.moment, occurred_at, "occurred_at", "Moment")
        if occurred_at is not None and occurred_at > now + timedelta(minutes=5):
            c.add("occurred_at", "Het moment kan niet in de toekomst liggen.")
        event_date = c.run(v.a_date, event_date, "event_date", "Datum", required=ek.needs_date)
        org = c.run(v.text, organisation, "organisation", "Organisatie", required=ek.needs_organisation)
        ref = c.run(v.text, reference, "reference", "Kenmerk (bijv. PV-nummer)", required=ek.needs_reference)
        out = c.run(v.text, outcome, "outcome", "Uitkomst", required=ek.needs_outcome, max_len=v.MAX_MEDIUM)
        txt = c.run(v.text, note, "note", "Toelichting", required=ek.needs_note, max_len=v.MAX_MEDIUM)
        try:
            data = validate_details(kind, details, members=repo.get_members(self.db, case_id),
                                    events=repo.list_events(self.db, case_id))
        except ValidationError as exc:
            c.errors.update(exc.field_errors or {"details": exc.message})
            data = None
        c.raise_if_any()
        with self.db.transaction() as cur:
            eid = repo.insert_event(cur, {"case_id": case_id, "kind": kind, "occurred_at": occurred_at,
                                          "recorded_at": now, "recorded_by": actor.username, "role": actor.role.value,
                                          "organisation": org or None, "reference": ref or None,
                                          "outcome": out or None, "note": txt or None, "event_date": event_date,
                                          "details": dump_details(data)})
            if kind == "contactadres":
                repo.update_case(cur, case_id, case["version"], {"contact_address": data["address"]},
                                 actor.username, now)
            self.ctx.audit(cur, actor, "gebeurtenis_" + kind, case_id, at=now)
        return eid

    def event_prefill(self, actor: Actor, case_id: str, kind: str) -> dict[str, str]:
        """What the event form can fill in for ``kind`` from what this case already holds, so nobody types it
        again: the organisation of the last event of the same family (the care agency that got the decision also
        gives the zorgadvies and the help contacts; the lawyer's office asked for is the one assigned).

        Returns:
            ``{"organisation": text or ""}``.

        Raises:
            NotFound: case unknown or out of scope. ValidationError: unknown kind.
        """
        self.ctx.case_in_scope(actor, case_id)
        if not isinstance(kind, str) or kind not in EVENT_KINDS:
            raise ValidationError("Kies het soort gebeurtenis.", field="kind")
        family = next((f for f in ORGANISATION_FAMILIES if kind in f), frozenset({kind}))
        orgs = [e["organisation"] for e in repo.list_events(self.db, case_id)
                if e["kind"] in family and e["organisation"]]
        return {"organisation": orgs[-1] if orgs else ""}

    def events(self, actor: Actor, case_id: str) -> list[dict[str, Any]]:
        """The case's events, oldest first, each with ``label`` and parsed ``details`` (a dict, empty when the kind
        has none)."""
        self.ctx.case_in_scope(actor, case_id)
        rows = _parsed(repo.list_events(self.db, case_id))
        members = repo.get_members(self.db, case_id)
        for r in rows:
            r["summary"] = details_summary(r["kind"], r["details"], members)
        return rows

    def events_of(self, case_id: str) -> list[dict[str, Any]]:
        """Helper for other services that checked the actor already: the case's events with parsed details."""
        return _parsed(repo.list_events(self.db, case_id))

    def household(self, actor: Actor, case_id: str) -> list[dict[str, Any]]:
        """Who lives in the home now (today, local date): the household list changed by every household change
        up to today. Each: ``name``, ``member_id`` (None for someone who moved in), ``protected`` (True / False /
        None = onbekend), ``since``.

        Raises:
            NotFound: case unknown or out of scope.
        """
        self.ctx.case_in_scope(actor, case_id)
        return household_now(repo.get_members(self.db, case_id), _parsed(repo.list_events(self.db, case_id)),
                             self.ctx.now().astimezone(AMS).date())

    def banners(self, actor: Actor, case_id: str) -> list[str]:
        """What the case must show on top until a decision is recorded (rule V2: no protected person left in the
        home). Empty when the order is not running."""
        case = self.ctx.case_in_scope(actor, case_id)
        if case["state"] not in ("opgelegd", "verlengd"):
            return []
        return banners(repo.get_members(self.db, case_id), _parsed(repo.list_events(self.db, case_id)))

    def add_contact(self, actor: Actor, case_id: str, *, kind: str, role: str, name: str, organisation: str = "",
                    phone: str = "", email: str = "", address: str = "") -> int:
        """Add a professional's or a person's contact details to the case.

        Raises:
            NotAuthorized: role without case access or a care partner adding police contacts.
            ValidationError: name/role missing, e-mail malformed.
        """
        require_writable(self.ctx.case_in_scope(actor, case_id)["state"])
        if kind not in CONTACT_KINDS:
            raise ValidationError("Kies: professional of persoon.", field="kind")
        c = v.Collector()
        nm = c.run(v.text, name, "name", "Naam")
        rl = c.run(v.text, role, "role", "Rol / functie")
        org = c.run(v.text, organisation, "organisation", "Organisatie", required=kind == "professional")
        ph = c.run(v.text, phone, "phone", "Telefoon", required=False, max_len=40)
        em = c.run(v.text, email, "email", "E-mail", required=False)
        if em and ("@" not in em or " " in em):
            c.add("email", "Dit is geen geldig e-mailadres.")
        ad = c.run(v.text, address, "address", "Adres", required=False)
        c.raise_if_any()
        now = self.ctx.now()
        with self.db.transaction() as cur:
            cid = repo.insert_contact(cur, {"case_id": case_id, "kind": kind, "role": rl, "organisation": org or None,
                                            "name": nm, "phone": ph or None, "email": em or None, "address": ad or None,
                                            "recorded_at": now, "recorded_by": actor.username})
            self.ctx.audit(cur, actor, "contact_toegevoegd", case_id, at=now)
        return cid

    def contacts(self, actor: Actor, case_id: str) -> list[dict[str, Any]]:
        """Everyone involved: the professionals and the persons' contact addresses (the removed person's
        address from the case is included)."""
        case = self.ctx.case_in_scope(actor, case_id)
        rows = repo.list_contacts(self.db, case_id)
        if case["contact_address"]:
            rows.insert(0, {"kind": "persoon", "role": "uithuisgeplaatste", "organisation": None,
                            "name": person_name(case), "phone": case["person_phone"], "email": None,
                            "address": case["contact_address"]})
        return rows

    def tasks(self, actor: Actor, rows: list[dict[str, Any]], events: list[dict[str, Any]] | None = None,
              hearings: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
        """Tasks after imposition for this actor (merged into the work queue and the case file's next step).

        Args:
            rows: case rows with ``effective_state``. events: the events of the running orders among them (None:
                read here). hearings: the pending voorlopige voorzieningen of the scope with ``municipality_name``
                and the person's names (None: read here for ``rows``).
        """
        require_action(actor, Action.READ_CASE)
        active = [r for r in rows if r["effective_state"] in ACTIVE_ORDER_STATES]
        if events is None:
            events = repo.events_for_cases(self.db, [r["id"] for r in active])
        by_case: dict[str, list[dict[str, Any]]] = {}
        for e in _parsed(events):
            by_case.setdefault(e["case_id"], []).append(e)
        members: dict[str, list[dict[str, Any]]] = {}
        for m in repo.members_for_cases(self.db, [r["id"] for r in active]):
            members.setdefault(m["case_id"], []).append(m)
        docs: dict[str, list[dict[str, Any]]] = {}
        if actor.role in MAYOR_ROLES:
            for d in repo.documents_for_cases(self.db, [r["id"] for r in active]):
                docs.setdefault(d["case_id"], []).append(d)
        zday = self.ctx.setting_int("zorgadvies_dag", DEFAULT_ZORGADVIES_DAY)
        max_age = self.ctx.setting_int("zorgadvies_max_leeftijd_dagen", DEFAULT_ADVICE_MAX_AGE_DAYS)
        tasks = []
        for r in active:
            evs = by_case.get(r["id"], [])
            kinds = {e["kind"] for e in evs}
            base = {"case_id": r["id"], "municipality": r["municipality_name"], "person": person_name(r)}
            t0 = r["served_at"]

            def add(task, deadline, rule):
                tasks.append(dict(base, task=task, deadline=deadline, rule=rule, event_id=None))
            if actor.role in POLICE_ROLES:
                if "huishouden_geinformeerd" not in kinds:
                    add("Huisgenoten informeren (art. 2 lid 8 Wth)", contact_address_deadline(t0), "art. 2 lid 8 Wth")
                if "naar_veilig_thuis" not in kinds:
                    add("Beschikking naar Veilig Thuis / hulpverlening sturen", contact_address_deadline(t0),
                        "art. 2 lid 8 Wth")
                for e in evs:
                    if e["kind"] == "advocaat_gevraagd" and not any(
                            x["kind"] == "advocaat_toegewezen" and x["occurred_at"] >= e["occurred_at"] for x in evs):
                        add("Advocaat toewijzen (art. 5 Wth)", lawyer_deadline(e["occurred_at"]), "art. 5 Wth")
                if actor.role == Role.HOVJ and r.get("decision_basis") == "hovj_mandaat" and "hovj_rapport" not in kinds:
                    add("Burgemeester onverwijld inlichten (art. 3 lid 2 Wth)", t0 + timedelta(hours=12), "art. 3 lid 2 Wth")
            for f in followups(r, members.get(r["id"], []), evs, zorgadvies_day=zday, advice_max_age_days=max_age):
                if actor.role in f.roles:
                    gaps = (missing(dossier_parts(DECISION_OF_RULE[f.rule], r, docs.get(r["id"], []), evs))
                            if actor.role in MAYOR_ROLES and f.rule in DECISION_OF_RULE else [])
                    note = "; ".join(x for x in (f.note, "ontbreekt in het dossier: " + ", ".join(gaps) if gaps
                                                 else "") if x)
                    tasks.append(dict(base, task=f.task + (f" — {note}" if note else ""), deadline=f.deadline,
                                      rule=f"{f.rule}: {RULES[f.rule].text}", event_id=f.event_id, missing=gaps))
            if actor.role in CARE_ROLES and "hulpverleningscontact" not in kinds:
                add("Contact opnemen met betrokkenen", add_calendar_days(t0, 1), "art. 2 lid 8 Wth")
            if r.get("oral_order_at") and (r.get("decided_at") is None or r.get("made_known_at") is None):
                if actor.role in (Role.HOVJ, Role.GEMEENTE) or actor.role in MAYOR_ROLES:
                    add("Mondeling huisverbod op schrift stellen en bekendmaken", t0 + timedelta(hours=24),
                        "art. 2 lid 7 Wth")
            if r.get("oral_order_at") and r.get("child_abuse_ground") is not False and r.get("vt_consulted_at") is None \
                    and actor.role in POLICE_ROLES:
                add("Raadpleeg Veilig Thuis nu (kindermishandeling, art. 2 lid 3 Wth)", t0, "art. 2 lid 3 Wth")
        if actor.role == Role.GEMEENTE or actor.role in MAYOR_ROLES:
            if hearings is None:
                by_id = {r["id"]: r for r in rows}
                hearings = [dict(a, municipality_name=by_id[a["case_id"]]["municipality_name"],
                                 person_given_names=by_id[a["case_id"]]["person_given_names"],
                                 person_surname=by_id[a["case_id"]]["person_surname"])
                            for a in repo.appeals_for_cases(self.db, list(by_id))]
            for a in hearings:
                if a["outcome"] is None and a["kind"] == "voorlopige_voorziening":
                    tasks.append({"case_id": a["case_id"], "municipality": a["municipality_name"],
                                  "person": person_name(a),
                                  "task": "Zitting voorlopige voorziening (binnen 3 dagen, art. 6 Wth)",
                                  "deadline": hearing_deadline(a["filed_at"]), "rule": "art. 6 Wth",
                                  "event_id": None})
        return tasks

    def contact_address_tasks(self, actor: Actor, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The task to record the removed person's contact address within 24 hours (art. 2 lid 6 Wth), for the
        running orders among ``rows`` that have none yet, when this actor's role records it (police, gemeente)."""
        require_action(actor, Action.READ_CASE)
        if actor.role not in (Role.HOVJ, Role.POLITIE, Role.GEMEENTE):
            return []
        return [{"case_id": r["id"], "municipality": r["municipality_name"], "person": person_name(r),
                 "task": "Contactadres uithuisgeplaatste vastleggen (art. 2 lid 6 Wth)", "rule": "art. 2 lid 6 Wth",
                 "event_id": None, "deadline": contact_address_deadline(r["served_at"])}
                for r in rows if not r["contact_address"]]


def _parsed(events: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Events with ``label`` and ``details`` parsed from the stored JSON text."""
    for e in events:
        e["label"] = EVENT_LABELS.get(e["kind"], e["kind"])
        if not isinstance(e.get("details"), dict):
            e["details"] = load_details(e.get("details"))
    return events
