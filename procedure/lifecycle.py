"""The 10 to 28 days after imposition and the years after: extension (art. 9 Wth), withdrawal
(art. 2 lid 9), oral orders (art. 2 lid 7), events during the order, appeals (art. 6 Wth, Awb),
contacts, archive and retention (art. 10 Wth).

:class:`LifecycleMixin` is mixed into :class:`procedure.service.WthService`; it uses that class's
helpers (``_case_in_scope``, ``_audit``, ``signing_basis``, ``now``). Every method checks role and
scope again and raises a :class:`~procedure.errors.DomainError` with a Dutch message.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from forms import signing
from procedure import validation as v
from procedure.deadlines import (AMS, TYPICAL_EXTENSION_DAYS, add_calendar_days, appeal_term_end,
                                 contact_address_deadline, extension_end, hearing_deadline,
                                 latest_extension_end, lawyer_deadline, max_extension_days, order_end,
                                 retention_until)
from procedure.errors import NotAuthorized, NotFound, RuleViolation, ValidationError
from procedure.roles import Action, Actor, Role
from procedure.states import ACTIVE_ORDER_STATES, CaseState, effective_state
from store import repo

DOC_VERLENGING = "beschikking_verlenging"
DOC_INTREKKING = "beschikking_intrekking"

DEFAULT_ZORGADVIES_DAY = 7       # setting: the zorgadvies is due on this day of the order
DEFAULT_RETENTION_YEARS = 5      # art. 10 Wth
DEFAULT_RETENTION_YEARS_RIHG = 5  # setting: RiHGs without an order

POLICE = {Role.POLITIE, Role.HOVJ}
CARE = {Role.CASEMANAGER, Role.PROCESMANAGER, Role.VEILIG_THUIS}
MAYOR = {Role.BURGEMEESTER, Role.LOCO_BURGEMEESTER}


@dataclass(frozen=True)
class EventKind:
    label: str
    roles: frozenset[Role]
    needs_reference: bool = False    # e.g. police report number of a breach
    needs_outcome: bool = False
    needs_organisation: bool = False
    needs_date: bool = False
    needs_note: bool = False


EVENT_KINDS: dict[str, EventKind] = {
    "sleutels_ingenomen": EventKind("Sleutels ingenomen (ontvangstbewijs, art. 4 lid 2 Wth)", frozenset(POLICE),
                                    needs_reference=True),
    "contactadres": EventKind("Contactadres uithuisgeplaatste doorgegeven (art. 2 lid 6 Wth)",
                              frozenset(POLICE | CARE | {Role.GEMEENTE}), needs_note=True),
    "huishouden_geinformeerd": EventKind("Huisgenoten geïnformeerd (art. 2 lid 8 Wth)", frozenset(POLICE)),
    "naar_veilig_thuis": EventKind("Beschikking verstuurd naar Veilig Thuis / hulpverlening (art. 2 lid 8 Wth)",
                                   frozenset(POLICE | {Role.GEMEENTE}), needs_organisation=True),
    "hovj_rapport": EventKind("HOvJ heeft de burgemeester ingelicht (art. 3 lid 2 Wth)", frozenset({Role.HOVJ})),
    "advocaat_gevraagd": EventKind("Advocaat gevraagd (art. 5 Wth)", frozenset(POLICE | {Role.GEMEENTE})),
    "advocaat_toegewezen": EventKind("Advocaat toegewezen", frozenset(POLICE | {Role.GEMEENTE}),
                                     needs_organisation=True),
    "hulpverleningscontact": EventKind("Contact hulpverlening", frozenset(CARE), needs_outcome=True),
    "systeemgesprek": EventKind("Systeemgesprek", frozenset(CARE), needs_outcome=True),
    "zorgadvies": EventKind("Zorgadvies voor het verlengingsbesluit", frozenset(CARE), needs_organisation=True,
                            needs_date=True, needs_note=True),
    "overtreding": EventKind("Overtreding huisverbod (art. 11 Wth)", frozenset(POLICE), needs_reference=True),
    "huishoudwijziging": EventKind("Wijziging huishouden (bijv. slachtoffer verhuisd, kinderen elders geplaatst)",
                                   frozenset(POLICE | CARE | {Role.GEMEENTE}), needs_note=True),
}
#: event kinds whose organisation is the same body: a form for one is prefilled from an earlier one on the case
_ORGANISATION_FAMILIES = (
    frozenset({"naar_veilig_thuis", "zorgadvies", "zorgadvies_gebruikt", "hulpverleningscontact", "systeemgesprek"}),
    frozenset({"advocaat_gevraagd", "advocaat_toegewezen"}),
)
APPEAL_KINDS = {"beroep": "Beroep", "voorlopige_voorziening": "Voorlopige voorziening"}
DECISION_KINDS = {"oplegging": "Oplegging", "verlenging": "Verlenging", "intrekking": "Intrekking"}
APPEAL_OUTCOMES = {"ongegrond": "Ongegrond (besluit blijft)", "vernietigd": "Vernietigd",
                   "vernietigd_rechtsgevolgen_in_stand": "Vernietigd, rechtsgevolgen in stand gelaten",
                   "schadevergoeding": "Schadevergoeding toegekend"}


def decision_label(kind: str) -> str:
    """Dutch label of a decision kind; a herstelbesluit is ``herstel-v<n>`` (procedure.correction)."""
    if isinstance(kind, str) and kind.startswith("herstel-v"):
        return f"Herstelbesluit (versie {kind.removeprefix('herstel-v')})"
    return DECISION_KINDS.get(kind, str(kind))


class LifecycleMixin:
    # -- helpers ---------------------------------------------------------------------------------
    def _setting_int(self, key: str, default: int) -> int:
        raw = repo.get_setting(self.db, key)
        try:
            return int(raw) if raw is not None else default
        except ValueError:
            return default

    @staticmethod
    def actual_end(case: dict[str, Any]) -> datetime | None:
        """When the order really ended or ends: the withdrawal moment, else the (extended) end."""
        return case.get("withdrawn_at") or case.get("end_at")

    @staticmethod
    def _writable(case: dict[str, Any]) -> None:
        """A case destroyed after its retention period takes no new data (art. 10 Wth)."""
        if case["state"] == CaseState.VERNIETIGD_ARCHIEF.value:
            raise RuleViolation("Deze zaak is na de bewaartermijn vernietigd; er kan niets meer aan worden "
                                "toegevoegd.")

    def _require_active(self, case: dict[str, Any], now: datetime) -> None:
        state = effective_state(CaseState(case["state"]), case["end_at"], now)
        if state not in ACTIVE_ORDER_STATES:
            if state == CaseState.VERLOPEN:
                raise RuleViolation("Het huisverbod is al afgelopen: er valt niets meer te verlengen of in te "
                                    "trekken (art. 9 Wth: vóór het einde).")
            raise RuleViolation(f"Deze zaak heeft geen lopend huisverbod (status: {state.label}).")

    def _mayor_basis(self, actor: Actor, case: dict[str, Any], on: date) -> tuple[str, int | None, str]:
        """Extension and withdrawal: burgemeester, or loco-burgemeester with a valid substitution
        record — never the HOvJ, not even under mandate (art. 3 lid 1 Wth; R09)."""
        if actor.role not in MAYOR:
            raise NotAuthorized("Alleen de burgemeester (of de loco-burgemeester die hem vervangt) kan een "
                                "huisverbod verlengen of intrekken; dit kan niet in mandaat (art. 9 en art. 2 "
                                "lid 9 Wth).")
        return self.signing_basis(actor, case, on)

    def _role_text(self, basis_key: str, municipality: str) -> str:
        return {"burgemeester": f"burgemeester van {municipality}",
                "loco_burgemeester": f"loco-burgemeester van {municipality}",
                "hovj_mandaat": f"hulpofficier van justitie, in mandaat namens de burgemeester van {municipality}"
                }[basis_key]

    def _protected(self, case_id: str):
        from forms.content import ProtectedPerson
        from procedure.rules import RELATIONS, Residence

        return tuple(ProtectedPerson(name=m["name"], relation=RELATIONS.get(m["relation"], m["relation"]),
                                     residence=Residence(m["residence"]).label, basis=m["residence_basis"] or "")
                     for m in repo.get_members(self.db, case_id) if m["residence"] in ("woont", "verblijft"))

    def _store_signed(self, cur, actor: Actor, case_id: str, kind: str, doc_id: str, n: int, pdf: bytes,
                      now: datetime) -> None:
        repo.insert_document(cur, {"id": doc_id, "case_id": case_id, "kind": kind, "version": n, "created_at": now,
                                   "created_by": actor.username, "signed": True, "signer_username": actor.username,
                                   "signed_at": now, "sha256": signing.sha256_hex(pdf), "content": pdf})

    # -- verlenging ------------------------------------------------------------------------------
    def extension_options(self, actor: Actor, case_id: str) -> dict[str, Any]:
        """What the extension form offers: current end, latest end (T0 + 28 d), the typical +18 days
        (or the maximum left), the latest zorgadvies and warnings. Read-only."""
        case = self._case_in_scope(actor, case_id)
        now = self.now()
        t0 = case["served_at"]
        if t0 is None:
            raise RuleViolation("Deze zaak heeft geen opgelegd huisverbod.")
        max_days = max_extension_days(t0, case["end_at"])
        events = repo.list_events(self.db, case_id)
        advies = [e for e in events if e["kind"] == "zorgadvies"]
        warnings = []
        newer = [e for e in events if e["occurred_at"] > t0 and e["kind"] in
                 ("hulpverleningscontact", "systeemgesprek", "zorgadvies", "overtreding", "huishoudwijziging")]
        if not newer:
            warnings.append("Er is geen feit vastgelegd dat nieuwer is dan het opleggen. Een verlenging moet "
                            "rusten op de actuele situatie (zorgadvies, contacten, overtredingen).")
        return {"t0": t0.astimezone(AMS), "current_end": case["end_at"].astimezone(AMS),
                "latest_end": latest_extension_end(t0), "max_days": max_days,
                "suggested_days": min(TYPICAL_EXTENSION_DAYS, max_days), "zorgadvies": advies[-1] if advies else None,
                "warnings": warnings, "active": effective_state(CaseState(case["state"]), case["end_at"], now)
                in ACTIVE_ORDER_STATES}

    def extend(self, actor: Actor, case_id: str, version: int, *, days: int, zorgadvies_organisation: str,
               zorgadvies_date: date | None, zorgadvies_summary: str, help_accepted: bool, reasons: str,
               current_facts: str) -> str:
        """Extend the order (art. 9 Wth) and store the signed beschikking verlenging.

        Args:
            days: calendar days added to the current end (typically 18; the new end is at the same
                local time and at most T0 + 28 days).
            zorgadvies_date: date of the care agency's advice; it must come from the last days of the
                order (on or after day ``zorgadvies_dag`` setting, default 7) and not lie in the future.

        Returns:
            the id of the signed document.

        Raises:
            NotAuthorized: not the burgemeester of the case's municipality, or a loco without a valid
                substitution record on this date (R09); the HOvJ never (art. 3 Wth).
            RuleViolation: the order is not running or its end has passed; new end beyond T0 + 28 days (R05).
            ValidationError: missing zorgadvies, reasons, current facts; help accepted but not addressed.
        """
        case = self._case_in_scope(actor, case_id, Action.SIGN)
        now = self.now()
        basis_key, mandate_id, basis_text = self._mayor_basis(actor, case, now.astimezone(AMS).date())
        self._require_active(case, now)
        t0 = case["served_at"]
        days = v.integer(days, "days", "Aantal dagen", -10_000, 10_000)   # the range is art. 9's, below
        try:
            new_end = extension_end(t0, case["end_at"], days)
        except ValueError as exc:
            raise RuleViolation(str(exc), field="days") from exc
        c = v.Collector()
        zorgadvies_date = c.run(v.a_date, zorgadvies_date, "zorgadvies_date", "Datum zorgadvies")
        org = c.run(v.text, zorgadvies_organisation, "zorgadvies_organisation", "Organisatie van het zorgadvies")
        summary = c.run(v.text, zorgadvies_summary, "zorgadvies_summary", "Samenvatting zorgadvies", min_len=20,
                        max_len=v.MAX_MEDIUM)
        min_day = self._setting_int("zorgadvies_dag", DEFAULT_ZORGADVIES_DAY)
        earliest = add_calendar_days(t0, min_day - 1).date()
        if zorgadvies_date is None:
            pass
        elif zorgadvies_date > now.astimezone(AMS).date():
            c.add("zorgadvies_date", "Het zorgadvies kan niet in de toekomst liggen.")
        elif zorgadvies_date < earliest:
            c.add("zorgadvies_date", f"Het zorgadvies moet uit de laatste dagen van het huisverbod komen (vanaf dag "
                                     f"{min_day}, {earliest.strftime('%d-%m-%Y')}); dit advies is van eerder.")
        why = c.run(v.text, reasons, "reasons", "Motivering", min_len=40, max_len=v.MAX_MEDIUM)
        facts = c.run(v.text, current_facts, "current_facts", "Actuele feiten", min_len=20, max_len=v.MAX_MEDIUM)
        if help_accepted and why and not any(w in why.lower() for w in ("hulp", "begeleiding", "behandeling")):
            c.add("reasons", "Betrokkenen hebben hulp aanvaard: leg in de motivering uit waarom verlenging toch "
                             "nodig is (noem de hulp).")
        c.raise_if_any()
        from forms.content import VerlengingContent
        from forms.documents import render_beschikking_verlenging
        from procedure.service import dwelling, person_name

        n = repo.next_document_version(self.db.cursor(), case_id, DOC_VERLENGING)
        doc_id = f"{case_id}-VERL-v{n}"
        role_text = self._role_text(basis_key, case["municipality_name"])
        pdf = render_beschikking_verlenging(VerlengingContent(
            document_id=doc_id, version=n, municipality_name=case["municipality_name"], case_id=case_id,
            person_name=person_name(case), person_birth_date=case["person_birth_date"], dwelling_address=dwelling(case),
            t0=t0, original_end=case["original_end_at"] or case["end_at"], new_end=new_end,
            latest_possible_end=latest_extension_end(t0), extension_days=int(days), zorgadvies_organisation=org,
            zorgadvies_date=zorgadvies_date, zorgadvies_summary=summary, help_accepted=bool(help_accepted),
            reasons=why, current_facts=facts, protected_persons=self._protected(case_id), decider_name=actor.name,
            decider_role=role_text, decision_basis=basis_text, decided_at=now, is_draft=False, generated_at=now))
        p12, passphrase = self._signer_p12(actor.username)
        signed = signing.sign_pdf(pdf, p12, passphrase, signing.SignatureStamp(
            signer_name=actor.name, role=role_text, municipality=case["municipality_name"], signed_at=now))
        with self.db.transaction() as cur:
            repo.update_case(cur, case_id, version, {
                "state": CaseState.VERLENGD.value, "end_at": new_end,
                "original_end_at": case["original_end_at"] or case["end_at"], "extended_at": now,
                "extended_by": actor.username}, actor.username, now)
            repo.insert_event(cur, {"case_id": case_id, "kind": "zorgadvies_gebruikt", "occurred_at": now,
                                    "recorded_at": now, "recorded_by": actor.username, "role": actor.role.value,
                                    "organisation": org, "event_date": zorgadvies_date, "note": summary})
            self._store_signed(cur, actor, case_id, DOC_VERLENGING, doc_id, n, signed, now)
            self._audit(cur, actor, "verlengd", case_id, case["state"], CaseState.VERLENGD.value, at=now,
                        detail=f"{doc_id}; nieuw einde {new_end.strftime('%d-%m-%Y %H:%M')}; {basis_text}")
        return doc_id

    # -- intrekking ------------------------------------------------------------------------------
    def withdraw(self, actor: Actor, case_id: str, version: int, *, reasons: str,
                 resolves_event_id: int | None = None) -> str:
        """Withdraw the order now (art. 2 lid 9 Wth): the actual end becomes this moment, the planned
        end stays recorded; stores the signed beschikking intrekking.

        Raises:
            NotAuthorized: not the burgemeester / a loco with a valid substitution record (never the HOvJ).
            RuleViolation: no running order.
            ValidationError: reasons missing or too short.
        """
        case = self._case_in_scope(actor, case_id, Action.SIGN)
        now = self.now()
        basis_key, _, basis_text = self._mayor_basis(actor, case, now.astimezone(AMS).date())
        self._require_active(case, now)
        why = v.text(reasons, "reasons", "Motivering van de intrekking", min_len=20, max_len=v.MAX_MEDIUM)
        from forms.content import IntrekkingContent
        from forms.documents import render_beschikking_intrekking
        from procedure.service import dwelling, person_name

        n = repo.next_document_version(self.db.cursor(), case_id, DOC_INTREKKING)
        doc_id = f"{case_id}-INTR-v{n}"
        role_text = self._role_text(basis_key, case["municipality_name"])
        withdrawn_at = now.astimezone(AMS).replace(second=0, microsecond=0)
        pdf = render_beschikking_intrekking(IntrekkingContent(
            document_id=doc_id, version=n, municipality_name=case["municipality_name"], case_id=case_id,
            person_name=person_name(case), person_birth_date=case["person_birth_date"], dwelling_address=dwelling(case),
            t0=case["served_at"], planned_end=case["end_at"], withdrawn_at=withdrawn_at, reasons=why,
            decider_name=actor.name, decider_role=role_text, decision_basis=basis_text, decided_at=now,
            is_draft=False, generated_at=now))
        p12, passphrase = self._signer_p12(actor.username)
        signed = signing.sign_pdf(pdf, p12, passphrase, signing.SignatureStamp(
            signer_name=actor.name, role=role_text, municipality=case["municipality_name"], signed_at=now))
        with self.db.transaction() as cur:
            repo.update_case(cur, case_id, version, {"state": CaseState.INGETROKKEN.value, "withdrawn_at": withdrawn_at,
                                                     "withdrawn_by": actor.username, "withdrawal_reasons": why},
                             actor.username, now)
            if resolves_event_id is not None:
                repo.insert_event(cur, {"case_id": case_id, "kind": "herbeoordeling", "occurred_at": now,
                                        "recorded_at": now, "recorded_by": actor.username, "role": actor.role.value,
                                        "outcome": "ingetrokken", "note": why, "resolves_event_id": resolves_event_id})
            self._store_signed(cur, actor, case_id, DOC_INTREKKING, doc_id, n, signed, now)
            self._audit(cur, actor, "ingetrokken", case_id, case["state"], CaseState.INGETROKKEN.value, at=now,
                        detail=f"{doc_id}; {basis_text}")
        return doc_id

    def keep_after_reassessment(self, actor: Actor, case_id: str, event_id: int, *, reasons: str) -> int:
        """The burgemeester reassessed a household change and keeps the order; logged with reasons.

        Raises:
            NotAuthorized: not the burgemeester / loco of this municipality.
            ValidationError: reasons missing.
        """
        case = self._case_in_scope(actor, case_id, Action.SIGN)
        now = self.now()
        self._mayor_basis(actor, case, now.astimezone(AMS).date())
        why = v.text(reasons, "reasons", "Motivering van de herbeoordeling", min_len=20, max_len=v.MAX_MEDIUM)
        if not any(e["id"] == event_id and e["kind"] == "huishoudwijziging" for e in repo.list_events(self.db, case_id)):
            raise RuleViolation("Deze wijziging in het huishouden hoort niet bij deze zaak.")
        with self.db.transaction() as cur:
            eid = repo.insert_event(cur, {"case_id": case_id, "kind": "herbeoordeling", "occurred_at": now,
                                          "recorded_at": now, "recorded_by": actor.username, "role": actor.role.value,
                                          "outcome": "gehandhaafd", "note": why, "resolves_event_id": event_id})
            self._audit(cur, actor, "herbeoordeling_gehandhaafd", case_id, at=now, detail=why[:500])
        return eid

    def may_impose(self, actor: Actor, case_id: str) -> bool:
        """Whether the actor may impose for this case's municipality today (burgemeester, loco with a
        substitution record, or HOvJ with a mandate; art. 3 Wth)."""
        try:
            case = self._case_in_scope(actor, case_id, Action.SIGN)
            self.signing_basis(actor, case, self.now().astimezone(AMS).date())
            return True
        except (NotAuthorized, NotFound):
            return False

    # -- oral order ------------------------------------------------------------------------------
    def record_oral_order(self, actor: Actor, case_id: str, version: int, *, ordered_at: datetime) -> int:
        """Record an urgent oral order (art. 2 lid 7 Wth): T0 = ``ordered_at``; the written beschikking must
        follow and be made known promptly (a task until then). A child-abuse ground without Veilig Thuis
        consultation does not block the oral order but raises a red task (R17).

        Raises:
            NotAuthorized: not the burgemeester, a loco with substitution, or an HOvJ with a valid mandate.
            RuleViolation: no decision 'huisverbod' yet, or already imposed; person under 18 at T0.
            ValidationError: moment in the future.
        """
        from procedure import rules

        case = self._case_in_scope(actor, case_id, Action.SIGN)
        now = self.now()
        self.signing_basis(actor, case, now.astimezone(AMS).date())
        if case["state"] not in (CaseState.RISICOTAXATIE.value, CaseState.BESLUIT.value) or not case["decision_huisverbod"] \
                or case["served_at"] is not None:
            raise RuleViolation("Een mondeling huisverbod kan pas na het besluit 'huisverbod' en vóór het opleggen "
                                "worden vastgelegd.")
        ordered_at = v.moment(ordered_at, "ordered_at", "Moment van het mondelinge bevel")
        if ordered_at > now + timedelta(minutes=5):
            raise ValidationError("Het moment van het mondelinge bevel kan niet in de toekomst liggen.",
                                  field="ordered_at")
        if case["decision_recorded_at"] is not None and ordered_at < case["decision_recorded_at"] - timedelta(minutes=1):
            raise ValidationError("Het mondelinge bevel kan niet vóór het besluit 'huisverbod' liggen "
                                  f"({case['decision_recorded_at'].astimezone(AMS).strftime('%d-%m-%Y %H:%M')}).",
                                  field="ordered_at")
        rules.check_adult(case["person_birth_date"], ordered_at)
        t0 = ordered_at.astimezone(AMS).replace(second=0, microsecond=0)
        end = order_end(t0)
        with self.db.transaction() as cur:
            nv = repo.update_case(cur, case_id, version, {
                "state": CaseState.OPGELEGD.value, "served_at": t0, "served_by": actor.username, "end_at": end,
                "oral_order_at": t0, "oral_order_by": actor.username}, actor.username, now)
            self._audit(cur, actor, "mondeling_opgelegd", case_id, case["state"], CaseState.OPGELEGD.value, at=now,
                        detail=f"T0 {t0.strftime('%d-%m-%Y %H:%M')}; einde {end.strftime('%d-%m-%Y %H:%M')}")
        return nv

    def record_made_known(self, actor: Actor, case_id: str, version: int, *, how: str, at: datetime) -> int:
        """The written beschikking of an oral order is made known: by handing it over ('uitreiking') or,
        when the person can't be found, by deposit at the gemeentesecretarie ('depot', art. 2 lid 7 Wth).

        Raises:
            RuleViolation: no signed written beschikking yet, or not an oral order.
            ValidationError: unknown way or a moment in the future.
        """
        case = self._case_in_scope(actor, case_id)
        if actor.role not in (Role.HOVJ, Role.GEMEENTE, Role.BURGEMEESTER, Role.LOCO_BURGEMEESTER):
            raise NotAuthorized("Uw rol kan de bekendmaking niet vastleggen.")
        if case["oral_order_at"] is None or case["decided_at"] is None:
            raise RuleViolation("Leg eerst de schriftelijke beschikking vast en onderteken die.")
        if case["made_known_at"] is not None:
            raise RuleViolation("De bekendmaking is al vastgelegd; de beroepstermijn loopt vanaf dat moment.")
        v.choice(how, ("uitreiking", "depot"), "how", "Kies hoe de beschikking bekend is gemaakt.")
        now = self.now()
        at = v.moment(at, "at", "Moment van bekendmaking")
        if at > now + timedelta(minutes=5):
            raise ValidationError("Het moment van bekendmaking kan niet in de toekomst liggen.", field="at")
        if at < case["decided_at"] - timedelta(minutes=1):
            raise ValidationError("De bekendmaking kan niet vóór de ondertekening liggen.", field="at")
        with self.db.transaction() as cur:
            nv = repo.update_case(cur, case_id, version, {"made_known_at": at, "made_known_how": how},
                                  actor.username, now)
            self._audit(cur, actor, "bekendgemaakt_" + how, case_id, at=now)
        return nv

    # -- events ----------------------------------------------------------------------------------
    def event_kinds_for(self, actor: Actor) -> dict[str, str]:
        return {k: e.label for k, e in EVENT_KINDS.items() if actor.role in e.roles}

    def add_event(self, actor: Actor, case_id: str, kind: str, *, occurred_at: datetime, organisation: str = "",
                  reference: str = "", outcome: str = "", note: str = "", event_date: date | None = None) -> int:
        """Log an event on an order (procedure.md section 6): who, when, what; no state change.

        A contact address also fills the case's contact address; a household change creates a
        reassessment task for the burgemeester.

        Raises:
            NotAuthorized: the role may not log this kind of event.
            RuleViolation: the case has no imposed order.
            ValidationError: a required field is missing (e.g. the police report number of a breach).
        """
        case = self._case_in_scope(actor, case_id)
        self._writable(case)
        ek = EVENT_KINDS.get(kind) if isinstance(kind, str) else None
        if ek is None:
            raise ValidationError("Kies het soort gebeurtenis.", field="kind")
        if actor.role not in ek.roles:
            raise NotAuthorized(f"Uw rol kan '{ek.label}' niet vastleggen.")
        if case["served_at"] is None:
            raise RuleViolation("Gebeurtenissen worden vastgelegd op een opgelegd huisverbod.")
        now = self.now()
        c = v.Collector()
        occurred_at = c.run(v.moment, occurred_at, "occurred_at", "Moment")
        if occurred_at is not None and occurred_at > now + timedelta(minutes=5):
            c.add("occurred_at", "Het moment kan niet in de toekomst liggen.")
        event_date = c.run(v.a_date, event_date, "event_date", "Datum", required=ek.needs_date)
        org = c.run(v.text, organisation, "organisation", "Organisatie", required=ek.needs_organisation)
        ref = c.run(v.text, reference, "reference", "Kenmerk (bijv. PV-nummer)", required=ek.needs_reference)
        out = c.run(v.text, outcome, "outcome", "Uitkomst", required=ek.needs_outcome, max_len=v.MAX_MEDIUM)
        txt = c.run(v.text, note, "note", "Toelichting", required=ek.needs_note, max_len=v.MAX_MEDIUM)
        c.raise_if_any()
        with self.db.transaction() as cur:
            eid = repo.insert_event(cur, {"case_id": case_id, "kind": kind, "occurred_at": occurred_at,
                                          "recorded_at": now, "recorded_by": actor.username, "role": actor.role.value,
                                          "organisation": org or None, "reference": ref or None,
                                          "outcome": out or None, "note": txt or None, "event_date": event_date})
            if kind == "contactadres":
                repo.update_case(cur, case_id, case["version"], {"contact_address": txt}, actor.username, now)
            self._audit(cur, actor, "gebeurtenis_" + kind, case_id, at=now)
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
        self._case_in_scope(actor, case_id)
        if not isinstance(kind, str) or kind not in EVENT_KINDS:
            raise ValidationError("Kies het soort gebeurtenis.", field="kind")
        family = next((f for f in _ORGANISATION_FAMILIES if kind in f), frozenset({kind}))
        orgs = [e["organisation"] for e in repo.list_events(self.db, case_id)
                if e["kind"] in family and e["organisation"]]
        return {"organisation": orgs[-1] if orgs else ""}

    def events(self, actor: Actor, case_id: str) -> list[dict[str, Any]]:
        """The case's events, oldest first, each with ``label``."""
        self._case_in_scope(actor, case_id)
        rows = repo.list_events(self.db, case_id)
        labels = {k: e.label for k, e in EVENT_KINDS.items()}
        labels.update({"herbeoordeling": "Herbeoordeling door de burgemeester",
                       "zorgadvies_gebruikt": "Zorgadvies gebruikt bij verlengingsbesluit"})
        for r in rows:
            r["label"] = labels.get(r["kind"], r["kind"])
        return rows

    def open_reassessments(self, actor: Actor, case_id: str) -> list[dict[str, Any]]:
        """Household changes without a reassessment decision yet."""
        rows = self.events(actor, case_id)
        resolved = {r["resolves_event_id"] for r in rows if r["kind"] == "herbeoordeling"}
        return [r for r in rows if r["kind"] == "huishoudwijziging" and r["id"] not in resolved]

    # -- contacts --------------------------------------------------------------------------------
    def add_contact(self, actor: Actor, case_id: str, *, kind: str, role: str, name: str, organisation: str = "",
                    phone: str = "", email: str = "", address: str = "") -> int:
        """Add a professional's or a person's contact details to the case.

        Raises:
            NotAuthorized: role without case access or a care partner adding police contacts.
            ValidationError: name/role missing, e-mail malformed.
        """
        self._writable(self._case_in_scope(actor, case_id))
        if kind not in ("professional", "persoon"):
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
        now = self.now()
        with self.db.transaction() as cur:
            cid = repo.insert_contact(cur, {"case_id": case_id, "kind": kind, "role": rl, "organisation": org or None,
                                            "name": nm, "phone": ph or None, "email": em or None, "address": ad or None,
                                            "recorded_at": now, "recorded_by": actor.username})
            self._audit(cur, actor, "contact_toegevoegd", case_id, at=now)
        return cid

    def contacts(self, actor: Actor, case_id: str) -> list[dict[str, Any]]:
        """Everyone involved: the professionals and the persons' contact addresses (the removed person's
        address from the case is included)."""
        case = self._case_in_scope(actor, case_id)
        rows = repo.list_contacts(self.db, case_id)
        if case["contact_address"]:
            from procedure.service import person_name
            rows.insert(0, {"kind": "persoon", "role": "uithuisgeplaatste", "organisation": None,
                            "name": person_name(case), "phone": case["person_phone"], "email": None,
                            "address": case["contact_address"]})
        return rows

    # -- appeals ---------------------------------------------------------------------------------
    def decisions_made_known(self, actor: Actor, case_id: str) -> list[dict[str, Any]]:
        """Each decision with its own appeal term (art. 6:7 Awb): kind, document, made known at, term end."""
        case = self._case_in_scope(actor, case_id)
        out = []
        made_known = case["made_known_at"] or (case["served_at"] if case["oral_order_at"] is None else None)
        if made_known is not None:
            out.append({"decision_kind": "oplegging", "made_known_at": made_known,
                        "term_end": appeal_term_end(made_known)})
        from procedure.correction import correction_kind, is_correction

        for d in repo.list_documents(self.db, case_id):
            if is_correction(d):   # a herstelbesluit has its own term (R03, art. 6:7 Awb) ...
                if made_known is None:   # ... from when it reaches the person: not before the oplegging did
                    continue
                at = max(d["signed_at"], made_known)
                out.append({"decision_kind": correction_kind(d["version"]), "made_known_at": at,
                            "term_end": appeal_term_end(at)})
            elif d["kind"] == DOC_VERLENGING:
                out.append({"decision_kind": "verlenging", "made_known_at": d["signed_at"],
                            "term_end": appeal_term_end(d["signed_at"])})
            elif d["kind"] == DOC_INTREKKING:
                out.append({"decision_kind": "intrekking", "made_known_at": d["signed_at"],
                            "term_end": appeal_term_end(d["signed_at"])})
        for d in out:
            d["label"] = decision_label(d["decision_kind"])
        return out

    def register_appeal(self, actor: Actor, case_id: str, *, decision_kind: str, kind: str,
                        filed_at: datetime) -> int:
        """Register beroep or a voorlopige voorziening against one decision (gemeente handles appeals).

        Raises:
            NotAuthorized: not the gemeente / burgemeester of the municipality.
            RuleViolation: that decision doesn't exist (yet).
            ValidationError: unknown kinds, moment in the future.
        """
        case = self._case_in_scope(actor, case_id)
        if actor.role not in (Role.GEMEENTE, Role.BURGEMEESTER, Role.LOCO_BURGEMEESTER):
            raise NotAuthorized("Beroepen worden door de gemeente geregistreerd.")
        self._writable(case)
        v.choice(kind, APPEAL_KINDS, "kind", "Kies beroep of voorlopige voorziening.")
        decisions = {d["decision_kind"]: d for d in self.decisions_made_known(actor, case_id)}
        if not isinstance(decision_kind, str) or (decision_kind not in DECISION_KINDS
                                                  and not decision_kind.startswith("herstel-v")):
            raise ValidationError("Kies het besluit waartegen het beroep is gericht.", field="decision_kind")
        if decision_kind not in decisions:
            raise RuleViolation("Tegen dit besluit kan (nog) geen beroep worden ingesteld: het is niet genomen of "
                                "niet bekendgemaakt.", field="decision_kind")
        now = self.now()
        filed_at = v.moment(filed_at, "filed_at", "Moment van indienen")
        if filed_at > now + timedelta(minutes=5):
            raise ValidationError("Het moment van indienen kan niet in de toekomst liggen.", field="filed_at")
        if filed_at < decisions[decision_kind]["made_known_at"] - timedelta(minutes=1):
            raise ValidationError("Het beroep kan niet zijn ingediend vóór het besluit bekend werd gemaakt "
                                  f"({decisions[decision_kind]['made_known_at'].astimezone(AMS).strftime('%d-%m-%Y %H:%M')}).",
                                  field="filed_at")
        with self.db.transaction() as cur:
            aid = repo.insert_appeal(cur, {"case_id": case_id, "decision_kind": decision_kind, "kind": kind,
                                           "filed_at": filed_at, "recorded_by": actor.username})
            self._audit(cur, actor, f"{kind}_geregistreerd", case_id, at=now, detail=decision_kind)
        del case
        return aid

    def appeals(self, actor: Actor, case_id: str) -> list[dict[str, Any]]:
        """Appeals of a case with ``hearing_deadline`` (voorlopige voorziening: filed + 3 days) and ``pending``."""
        self._case_in_scope(actor, case_id)
        rows = repo.list_appeals(self.db, case_id)
        for r in rows:
            r["hearing_deadline"] = hearing_deadline(r["filed_at"]) if r["kind"] == "voorlopige_voorziening" else None
            r["pending"] = r["outcome"] is None
        return rows

    def record_appeal_outcome(self, actor: Actor, appeal_id: int, version: int, *, outcome: str,
                              outcome_at: datetime, damages_amount: str | Decimal | None = None,
                              note: str = "", hearing_at: datetime | None = None) -> int:
        """Record the court's outcome (editable later: R06). 'vernietigd' of the imposition ends the
        case as ``vernietigd``; damages need an amount in euros (Decimal, two decimals).

        Raises:
            ValidationError: unknown outcome, missing/invalid amount.
            NotAuthorized: not the gemeente / burgemeester of the municipality.
        """
        a = repo.get_appeal(self.db, appeal_id) if isinstance(appeal_id, int) and not isinstance(appeal_id, bool) \
            else None
        if a is None:
            raise ValidationError("Dit beroep bestaat niet.")
        case = self._case_in_scope(actor, a["case_id"])
        if actor.role not in (Role.GEMEENTE, Role.BURGEMEESTER, Role.LOCO_BURGEMEESTER):
            raise NotAuthorized("Uitspraken worden door de gemeente geregistreerd.")
        self._writable(case)
        v.choice(outcome, APPEAL_OUTCOMES, "outcome", "Kies de uitkomst.")
        outcome_at = v.moment(outcome_at, "outcome_at", "Datum uitspraak")
        amount = None
        if outcome == "schadevergoeding":
            bad = ValidationError("Vul het bedrag van de schadevergoeding in euro's in (bijv. 1250,00).",
                                  field="damages_amount")
            try:
                amount = Decimal(str(damages_amount).strip().replace(".", "").replace(",", ".")
                                 if "," in str(damages_amount) else str(damages_amount).strip())
            except (InvalidOperation, ValueError):
                raise bad
            if not amount.is_finite() or abs(amount) >= Decimal("10000000000"):
                raise bad
            try:
                amount = amount.quantize(Decimal("0.01"))
            except InvalidOperation:
                raise bad
            if amount <= 0:
                raise ValidationError("Het bedrag moet groter zijn dan € 0,00.", field="damages_amount")
        now = self.now()
        with self.db.transaction() as cur:
            nv = repo.update_appeal(cur, appeal_id, version, {
                "outcome": outcome, "outcome_at": outcome_at, "damages_amount": amount,
                "outcome_note": (note or "").strip()[:v.MAX_MEDIUM] or None, "hearing_at": hearing_at,
                "recorded_by": actor.username})
            if a["decision_kind"] == "oplegging":
                cur_case = repo.get_case(cur, case["id"])
                if outcome == "vernietigd" and case["state"] != CaseState.VERNIETIGD.value:
                    repo.update_case(cur, case["id"], cur_case["version"], {"state": CaseState.VERNIETIGD.value,
                                     "annulled_at": outcome_at}, actor.username, now)
                    self._audit(cur, actor, "vernietigd_door_rechter", case["id"], case["state"],
                                CaseState.VERNIETIGD.value, at=now)
                elif outcome != "vernietigd" and case["state"] == CaseState.VERNIETIGD.value:
                    # a corrected outcome: the state follows the registered outcome again (R06)
                    restored = self._state_without_annulment(cur_case)
                    repo.update_case(cur, case["id"], cur_case["version"], {"state": restored.value,
                                     "annulled_at": None}, actor.username, now)
                    self._audit(cur, actor, "vernietiging_gecorrigeerd", case["id"], case["state"],
                                restored.value, at=now)
            self._audit(cur, actor, "uitspraak_geregistreerd", case["id"], at=now, detail=outcome)
        return nv

    @staticmethod
    def _state_without_annulment(case: dict[str, Any]) -> CaseState:
        if case["archived_at"] is not None:
            return CaseState.GEARCHIVEERD
        if case["withdrawn_at"] is not None:
            return CaseState.INGETROKKEN
        if case["extended_at"] is not None:
            return CaseState.VERLENGD
        return CaseState.OPGELEGD

    # -- archive and retention -------------------------------------------------------------------
    def status_label(self, case: dict[str, Any], pending_appeal: bool) -> str:
        """Dutch status for lists: "afgelopen, beroep loopt" for an ended order with a pending appeal (R06)."""
        state = effective_state(CaseState(case["state"]), case["end_at"], self.now())
        ended = state in (CaseState.VERLOPEN, CaseState.INGETROKKEN, CaseState.GEARCHIVEERD)
        if ended and pending_appeal:
            return "Afgelopen, beroep loopt"
        return state.label + (" (beroep loopt)" if pending_appeal else "")

    def archive_case(self, actor: Actor, case_id: str, version: int) -> int:
        """end state -> gearchiveerd (gemeente, art. 10 Wth). Documents stay until the retention run.

        Raises:
            NotAuthorized: not the gemeente of this municipality.
            RuleViolation: the case has not ended.
        """
        case = self._case_in_scope(actor, case_id)
        if actor.role != Role.GEMEENTE:
            raise NotAuthorized("Alleen de gemeente archiveert zaken.")
        now = self.now()
        s = effective_state(CaseState(case["state"]), case["end_at"], now)
        if s not in (CaseState.VERLOPEN, CaseState.INGETROKKEN, CaseState.VERNIETIGD, CaseState.GEEN_HUISVERBOD):
            raise RuleViolation("Alleen afgelopen zaken kunnen worden gearchiveerd.")
        with self.db.transaction() as cur:
            nv = repo.update_case(cur, case_id, version, {"state": CaseState.GEARCHIVEERD.value, "archived_at": now,
                                                          "archived_by": actor.username}, actor.username, now)
            self._audit(cur, actor, "gearchiveerd", case_id, s.value, CaseState.GEARCHIVEERD.value, at=now)
        return nv

    def run_retention(self, actor: Actor, case_ids: list[str]) -> dict[str, list[str]]:
        """Destroy the listed candidates: remove personal data and documents, keep an anonymous
        statistics row, one audit row per case (art. 10 Wth). Cases under legal hold (R06), and ids that are
        not candidates now, are skipped. All chosen cases go in one transaction, a fixed number of statements
        however many there are.

        Returns:
            ``{"destroyed": [...], "skipped": [...]}``.

        Raises:
            NotAuthorized: not the gemeente. ValidationError: ``case_ids`` is not a list of case numbers.
        """
        candidates = {r["id"]: r for r in self.retention_candidates(actor)}
        if not isinstance(case_ids, (list, tuple)) or not all(isinstance(c, str) for c in case_ids):
            raise ValidationError("Kies de zaken die vernietigd moeten worden.", field="case_ids")
        now = self.now()
        done, skipped = [], []
        for cid in dict.fromkeys(case_ids):
            r = candidates.get(cid)
            if r is None or r["legal_hold"]:
                skipped.append(cid)
            else:
                done.append(cid)
        if done:
            with self.db.transaction() as cur:
                repo.destroy_cases(cur, {cid: candidates[cid]["effective_state"].value for cid in done}, now=now,
                                   username=actor.username, role=actor.role.value)
        return {"destroyed": done, "skipped": skipped}

    # -- lifecycle tasks for the work queue -------------------------------------------------------
    def lifecycle_tasks(self, actor: Actor, rows: list[dict[str, Any]], events: list[dict[str, Any]] | None = None,
                        hearings: list[dict[str, Any]] | None = None) -> list[dict[str, Any]]:
        """Tasks after imposition for this actor (merged into :meth:`work_queue`).

        Args:
            rows: case rows with ``effective_state``. events: the events of the running orders among them (None:
                read here). hearings: the pending voorlopige voorzieningen of the scope with ``municipality_name``
                and the person's names (None: read here for ``rows``).
        """
        active = [r for r in rows if r["effective_state"] in ACTIVE_ORDER_STATES]
        if events is None:
            events = repo.events_for_cases(self.db, [r["id"] for r in active])
        by_case: dict[str, list[dict[str, Any]]] = {}
        for e in events:
            by_case.setdefault(e["case_id"], []).append(e)
        zday = self._setting_int("zorgadvies_dag", DEFAULT_ZORGADVIES_DAY)
        tasks = []
        for r in active:
            evs = by_case.get(r["id"], [])
            kinds = {e["kind"] for e in evs}
            who = f"{r['person_given_names'] or ''} {r['person_surname'] or ''}".strip()
            base = {"case_id": r["id"], "municipality": r["municipality_name"], "person": who}
            t0 = r["served_at"]

            def add(task, deadline):
                tasks.append(dict(base, task=task, deadline=deadline))
            if actor.role in POLICE:
                if "huishouden_geinformeerd" not in kinds:
                    add("Huisgenoten informeren (art. 2 lid 8 Wth)", contact_address_deadline(t0))
                if "naar_veilig_thuis" not in kinds:
                    add("Beschikking naar Veilig Thuis / hulpverlening sturen", contact_address_deadline(t0))
                for e in evs:
                    if e["kind"] == "advocaat_gevraagd" and not any(
                            x["kind"] == "advocaat_toegewezen" and x["occurred_at"] >= e["occurred_at"] for x in evs):
                        add("Advocaat toewijzen (art. 5 Wth)", lawyer_deadline(e["occurred_at"]))
                if actor.role == Role.HOVJ and r.get("decision_basis") == "hovj_mandaat" and "hovj_rapport" not in kinds:
                    add("Burgemeester onverwijld inlichten (art. 3 lid 2 Wth)", t0 + timedelta(hours=12))
            if actor.role in CARE:
                if "zorgadvies" not in kinds and r["state"] == CaseState.OPGELEGD.value:
                    add("Zorgadvies voor het verlengingsbesluit", add_calendar_days(t0, zday - 1))
                if "hulpverleningscontact" not in kinds:
                    add("Contact opnemen met betrokkenen", add_calendar_days(t0, 1))
            if actor.role in MAYOR or actor.role == Role.GEMEENTE:
                if r["state"] == CaseState.OPGELEGD.value and max_extension_days(t0, r["end_at"]) > 0:
                    add("Besluit over verlenging (vóór het einde)", r["end_at"].astimezone(AMS))
                resolved = {e["resolves_event_id"] for e in evs if e["kind"] == "herbeoordeling"}
                for e in evs:
                    if e["kind"] == "huishoudwijziging" and e["id"] not in resolved and actor.role in MAYOR:
                        add("Herbeoordelen na wijziging huishouden (intrekken?)", e["recorded_at"] + timedelta(hours=24))
            if r.get("oral_order_at") and (r.get("decided_at") is None or r.get("made_known_at") is None):
                if actor.role in (Role.HOVJ, Role.GEMEENTE) or actor.role in MAYOR:
                    add("Mondeling huisverbod op schrift stellen en bekendmaken", t0 + timedelta(hours=24))
            if r.get("oral_order_at") and r.get("child_abuse_ground") and r.get("vt_consulted_at") is None \
                    and actor.role in POLICE:
                add("Raadpleeg Veilig Thuis nu (kindermishandeling, art. 2 lid 3 Wth)", t0)
        if actor.role in (Role.GEMEENTE,) or actor.role in MAYOR:
            if hearings is None:
                by_id = {r["id"]: r for r in rows}
                hearings = [dict(a, municipality_name=by_id[a["case_id"]]["municipality_name"],
                                 person_given_names=by_id[a["case_id"]]["person_given_names"],
                                 person_surname=by_id[a["case_id"]]["person_surname"])
                            for a in repo.appeals_for_cases(self.db, list(by_id))]
            for a in hearings:
                if a["outcome"] is None and a["kind"] == "voorlopige_voorziening":
                    tasks.append({"case_id": a["case_id"], "municipality": a["municipality_name"],
                                  "person": f"{a['person_given_names'] or ''} {a['person_surname'] or ''}".strip(),
                                  "task": "Zitting voorlopige voorziening (binnen 3 dagen, art. 6 Wth)",
                                  "deadline": hearing_deadline(a["filed_at"])})
        return tasks
