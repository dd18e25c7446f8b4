"""Appeals: beroep and voorlopige voorziening against each decision, each with its own term, and the court's outcome.
Implements art. 6 Wth (hearing within 3 days), art. 6:7 and 6:8 Awb (six weeks from making known) and R03, R06.
"""
from __future__ import annotations

import hashlib
import io
from datetime import datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from pyhanko.pdf_utils.reader import PdfFileReader

from procedure.domain import validation as v
from procedure.domain.appeals import (APPEAL_KINDS, APPEAL_OUTCOMES, LODGERS, MADE_KNOWN_HOW, MAX_LETTER_BYTES,
                                      appeal_missing, decision_label, decisions_with_terms,
                                      end_after_annulled_extension, is_decision_kind, late_extension_message,
                                      safe_letter_filename)
from procedure.domain.case import fmt_dt
from procedure.domain.deadlines import AMS, hearing_deadline
from procedure.domain.errors import NotAuthorized, RuleViolation, ValidationError
from procedure.domain.roles import MAYOR_ROLES, Actor, Role
from procedure.domain.states import CaseState, require_writable
from procedure.services.context import Service, ServiceContext
from procedure.services.notices import Notices
from store import repo


#: who records that a later decision was made known (the gemeente sends or deposits it; the HOvJ may hand it over)
MADE_KNOWN_ROLES = frozenset({Role.GEMEENTE, Role.HOVJ}) | MAYOR_ROLES


class Appeals(Service):
    """Appeals handled by the gemeente (and the burgemeester)."""

    def __init__(self, ctx: ServiceContext, notices: Notices | None = None):
        super().__init__(ctx)
        self.notices = notices

    def decisions_made_known(self, actor: Actor, case_id: str) -> list[dict[str, Any]]:
        """Each decision taken, in order, with when it was made known and its own appeal term (art. 6:7-6:8 Awb).

        Returns:
            :func:`procedure.domain.appeals.decisions_with_terms` of the case (a verlenging, intrekking or
            herstelbesluit counts as made known by :meth:`record_made_known`, never by signing).
        """
        case = self.ctx.case_in_scope(actor, case_id)
        return decisions_with_terms(case, repo.list_documents(self.db, case_id),
                                    repo.made_known_for_case(self.db, case_id))

    def record_made_known(self, actor: Actor, case_id: str, document_id: str, *, how: str, at: datetime) -> str:
        """Record when a signed verlenging, intrekking or herstelbesluit reached the person (art. 3:41 Awb): its
        appeal term runs from the day after (art. 6:8 Awb). Once per document. Returns ``document_id``.

        Raises:
            NotAuthorized: not the gemeente, burgemeester or HOvJ of the municipality.
            RuleViolation: no such later decision in this case, or already recorded.
            ValidationError: unknown ``how``; a moment before signing, in the future or in the DST gap.
        """
        case = self.ctx.case_in_scope(actor, case_id)
        if actor.role not in MADE_KNOWN_ROLES:
            raise NotAuthorized("De bekendmaking van een besluit leggen de gemeente, de burgemeester of de "
                                "hulpofficier vast.")
        decision = next((d for d in self.decisions_made_known(actor, case_id)
                         if d["document_id"] == document_id and d["decision_kind"] != "oplegging"), None)
        if decision is None:
            raise RuleViolation("Kies een ondertekend besluit (verlenging, intrekking of herstelbesluit) van deze zaak.",
                                field="document_id")
        if decision["made_known_at"] is not None:
            raise RuleViolation(f"De bekendmaking van {decision['label'].lower()} is al vastgelegd "
                                f"({fmt_dt(decision['made_known_at'])}).", field="document_id")
        v.choice(how, MADE_KNOWN_HOW, "how", "Kies hoe het besluit bekend is gemaakt.")
        at = v.moment(at, "at", "Moment van bekendmaking")
        now = self.ctx.now()
        if at > now + timedelta(minutes=5):
            raise ValidationError("De bekendmaking kan niet in de toekomst liggen.", field="at")
        if at < decision["signed_at"] - timedelta(minutes=1):
            raise ValidationError("Een besluit kan niet bekend zijn gemaakt vóór het is ondertekend "
                                  f"({fmt_dt(decision['signed_at'])}).", field="at")
        if decision["extends_end_at"] is not None and at >= decision["extends_end_at"]:
            # art. 9 Wth, procedure.md section 5: decided AND made known before the current end. Not recorded as if
            # it extended the order; the case page keeps saying the order may have ended (unconfirmed_extensions).
            raise RuleViolation(late_extension_message(decision["extends_end_at"]), field="at")
        with self.db.transaction() as cur:
            repo.insert_made_known(cur, {"document_id": document_id, "case_id": case_id, "how": how,
                                         "made_known_at": at, "recorded_by": actor.username, "recorded_at": now})
            self.ctx.audit(cur, actor, "besluit_bekendgemaakt", case_id, at=now, detail=f"{document_id} {how}")
        del case
        return document_id

    def register_appeal(self, actor: Actor, case_id: str, *, decision_kind: str, kind: str,
                        filed_at: datetime, lodged_by: str | None = None, lodged_by_name: str = "",
                        lawyer: str = "", court: str = "", court_case_number: str = "",
                        letter_pdf: bytes | None = None, letter_filename: str = "") -> int:
        """Register beroep or a voorlopige voorziening against one decision (gemeente handles appeals), with what a
        court needs: who lodged it (``lodged_by``: a key of LODGERS; a name unless it is the removed person), the
        lawyer, the court and its case number, the moment received (``filed_at``) and the letter as a PDF. Details
        not known yet may be left empty (the appeal must be on record at once: it is a legal hold, R06); the page
        then shows what is missing (:func:`procedure.domain.appeals.appeal_missing`).

        Raises:
            NotAuthorized: not the gemeente / burgemeester of the municipality.
            RuleViolation: that decision doesn't exist (yet).
            ValidationError: unknown kinds, moment in the future or before the decision, a letter that is not a PDF
                or larger than 20 MB, unprintable or too long text.
        """
        case = self.ctx.case_in_scope(actor, case_id)
        if actor.role != Role.GEMEENTE and actor.role not in MAYOR_ROLES:
            raise NotAuthorized("Beroepen worden door de gemeente geregistreerd.")
        require_writable(case["state"])
        v.choice(kind, APPEAL_KINDS, "kind", "Kies beroep of voorlopige voorziening.")
        decisions = {d["decision_kind"]: d for d in self.decisions_made_known(actor, case_id)}
        if not is_decision_kind(decision_kind):
            raise ValidationError("Kies het besluit waartegen het beroep is gericht.", field="decision_kind")
        if decision_kind not in decisions:
            raise RuleViolation("Tegen dit besluit kan (nog) geen beroep worden ingesteld: het is niet genomen of "
                                "niet bekendgemaakt.", field="decision_kind")
        details = self._appeal_details(lodged_by, lodged_by_name, lawyer, court, court_case_number)
        letter = self._letter(letter_pdf, letter_filename)
        now = self.ctx.now()
        filed_at = v.moment(filed_at, "filed_at", "Moment van ontvangst")
        if filed_at > now + timedelta(minutes=5):
            raise ValidationError("Het moment van ontvangst kan niet in de toekomst liggen.", field="filed_at")
        d = decisions[decision_kind]
        earliest = d["made_known_at"] or d["signed_at"]     # beroep before making known counts (art. 6:10 Awb)
        if earliest is not None and filed_at < earliest - timedelta(minutes=1):
            raise ValidationError("Het beroep kan niet zijn ingediend vóór het besluit bekend werd gemaakt "
                                  f"({fmt_dt(earliest)}).", field="filed_at")
        with self.db.transaction() as cur:
            aid = repo.insert_appeal(cur, {"case_id": case_id, "decision_kind": decision_kind, "kind": kind,
                                           "filed_at": filed_at, "recorded_by": actor.username, **details})
            if letter is not None:
                repo.insert_appeal_letter(cur, dict(letter, appeal_id=aid, case_id=case_id, uploaded_at=now,
                                                    uploaded_by=actor.username))
            self.ctx.audit(cur, actor, f"{kind}_geregistreerd", case_id, at=now, detail=decision_kind)
        del case
        return aid

    @staticmethod
    def _appeal_details(lodged_by, lodged_by_name, lawyer, court, court_case_number) -> dict[str, Any]:
        c = v.Collector()
        if lodged_by not in (None, ""):
            c.run(v.choice, lodged_by, LODGERS, "lodged_by", "Kies wie het beroep of verzoek indient.")
        out = {"lodged_by": lodged_by or None}
        for field, value, label in (("lodged_by_name", lodged_by_name, "Naam indiener"), ("lawyer", lawyer, "Advocaat"),
                                    ("court", court, "Rechtbank"),
                                    ("court_case_number", court_case_number, "Zaaknummer rechtbank")):
            out[field] = c.run(v.text, value, field, label, required=False, max_len=200) or None
        if lodged_by in ("beschermde_persoon", "ander") and not out["lodged_by_name"]:
            c.add("lodged_by_name", "Vul de naam in van wie het beroep of verzoek indient.")
        c.raise_if_any("Controleer de gegevens van het beroep.")
        return out

    @staticmethod
    def _letter(pdf: bytes | None, filename: str) -> dict[str, Any] | None:
        """The appeal letter as stored: it must be a PDF a reader can open (pyHanko's reader: header, cross-reference
        table and trailer), at most MAX_LETTER_BYTES; the file name is reduced to its last part, ending in .pdf."""
        if pdf is None:
            return None
        bad = ValidationError("De brief moet een PDF-bestand zijn dat te openen is.", field="letter")
        if not isinstance(pdf, (bytes, bytearray)) or not bytes(pdf[:5]) == b"%PDF-":
            raise bad
        if len(pdf) > MAX_LETTER_BYTES:
            raise ValidationError(f"De brief is groter dan {MAX_LETTER_BYTES // (1024 * 1024)} MB.", field="letter")
        try:
            PdfFileReader(io.BytesIO(bytes(pdf)), strict=False).root   # parses xref and trailer, opens the catalog
        except Exception as exc:      # pyHanko raises several kinds on a damaged file; all mean "not readable"
            raise bad from exc
        return {"filename": safe_letter_filename(filename), "sha256": hashlib.sha256(pdf).hexdigest(),
                "size_bytes": len(pdf), "content": bytes(pdf)}

    def appeal_letter(self, actor: Actor, appeal_id: int) -> tuple[dict[str, Any], bytes]:
        """The appeal letter as received: (meta: filename, sha256, size_bytes, uploaded_at, uploaded_by; PDF bytes).

        Raises:
            NotFound / ValidationError: no such appeal or no letter; the case outside the user's scope.
        """
        a = repo.get_appeal(self.db, appeal_id) if isinstance(appeal_id, int) and not isinstance(appeal_id, bool) \
            else None
        if a is None:
            raise ValidationError("Dit beroep bestaat niet.")
        self.ctx.case_in_scope(actor, a["case_id"])
        row = repo.get_appeal_letter(self.db, appeal_id)
        if row is None:
            raise ValidationError("Bij dit beroep is geen brief opgeslagen.")
        content = bytes(row.pop("content"))
        return row, content

    def appeals(self, actor: Actor, case_id: str) -> list[dict[str, Any]]:
        """Appeals of a case with ``hearing_deadline`` (voorlopige voorziening: filed + 3 days), ``pending``,
        ``letter`` (meta of the stored PDF or None) and ``missing`` (Dutch labels of what a court still needs)."""
        self.ctx.case_in_scope(actor, case_id)
        rows = repo.list_appeals(self.db, case_id)
        letters = repo.appeal_letters_meta(self.db, case_id)
        for r in rows:
            r["hearing_deadline"] = hearing_deadline(r["filed_at"]) if r["kind"] == "voorlopige_voorziening" else None
            r["pending"] = r["outcome"] is None
            r["letter"] = letters.get(r["id"])
            r["missing"] = appeal_missing(r, r["letter"] is not None)
        return rows

    def record_appeal_outcome(self, actor: Actor, appeal_id: int, version: int, *, outcome: str,
                              outcome_at: datetime, damages_amount: str | Decimal | None = None,
                              note: str = "", hearing_at: datetime | None = None) -> int:
        """Record the court's outcome (editable later: R06). 'vernietigd' of the imposition ends the
        case as ``vernietigd``; damages need an amount in euros (Decimal, two decimals).

        ``outcome_at`` and ``hearing_at`` are entered moments (validation.moment: aware, not in the DST gap); the ruling
        not in the future and not on a date before the appeal was filed, the hearing not before it was filed.

        Raises:
            ValidationError: unknown outcome, missing/invalid amount, a ruling or hearing moment as above.
            NotAuthorized: not the gemeente / burgemeester of the municipality.
        """
        a = repo.get_appeal(self.db, appeal_id) if isinstance(appeal_id, int) and not isinstance(appeal_id, bool) \
            else None
        if a is None:
            raise ValidationError("Dit beroep bestaat niet.")
        case = self.ctx.case_in_scope(actor, a["case_id"])
        if actor.role != Role.GEMEENTE and actor.role not in MAYOR_ROLES:
            raise NotAuthorized("Uitspraken worden door de gemeente geregistreerd.")
        require_writable(case["state"])
        v.choice(outcome, APPEAL_OUTCOMES, "outcome", "Kies de uitkomst.")
        outcome_at = v.moment(outcome_at, "outcome_at", "Datum uitspraak")
        now = self.ctx.now()
        if outcome_at > now + timedelta(minutes=5):
            raise ValidationError("De uitspraak kan niet in de toekomst liggen.", field="outcome_at")
        # the page gives the ruling's date (00:00): compare dates, a ruling on the day the appeal came in is fine
        if outcome_at.astimezone(AMS).date() < a["filed_at"].astimezone(AMS).date():
            raise ValidationError("De uitspraak kan niet vóór het beroep of verzoek liggen (ingediend "
                                  f"{fmt_dt(a['filed_at'])}).", field="outcome_at")
        if hearing_at is not None:
            hearing_at = v.moment(hearing_at, "hearing_at", "Moment van de zitting")
            if hearing_at < a["filed_at"] - timedelta(minutes=1):
                raise ValidationError("De zitting kan niet vóór het beroep of verzoek liggen (ingediend "
                                      f"{fmt_dt(a['filed_at'])}).", field="hearing_at")
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
                    self.ctx.audit(cur, actor, "vernietigd_door_rechter", case["id"], case["state"],
                                   CaseState.VERNIETIGD.value, at=now)
                    if self.notices is not None:
                        self.notices.record(cur, actor.username, repo.get_case(cur, case["id"]), "vernietiging",
                                            outcome_at)
                elif outcome != "vernietigd" and case["state"] == CaseState.VERNIETIGD.value:
                    # a corrected outcome: the state follows the registered outcome again (R06)
                    restored = self._state_without_annulment(cur_case)
                    repo.update_case(cur, case["id"], cur_case["version"], {"state": restored.value,
                                     "annulled_at": None}, actor.username, now)
                    self.ctx.audit(cur, actor, "vernietiging_gecorrigeerd", case["id"], case["state"],
                                   restored.value, at=now)
            elif a["decision_kind"] == "verlenging":
                self._extension_outcome(cur, actor, case, outcome, outcome_at, now)
            elif a["decision_kind"] == "intrekking":
                self._withdrawal_outcome(cur, actor, case, outcome, outcome_at, now)
            self.ctx.audit(cur, actor, "uitspraak_geregistreerd", case["id"], at=now, detail=outcome)
        return nv

    def _open_annulment(self, cur, case_id: str, kind: str) -> dict[str, Any] | None:
        """The latest recorded annulment event of ``kind`` of the case that a corrected outcome has not undone."""
        rows = [e for e in repo.list_events(cur, case_id) if e["kind"] in (kind, kind + "_gecorrigeerd")]
        return rows[-1] if rows and rows[-1]["kind"] == kind else None

    def _extension_outcome(self, cur, actor: Actor, case: dict[str, Any], outcome: str, outcome_at: datetime,
                           now: datetime) -> None:
        """Annulled extension (art. 9 Wth): the end goes back to the end before the extension, or to the ruling moment
        when that had passed; the case is 'opgelegd' again (and so 'verlopen' once that end is past). A corrected
        outcome restores the extended end (kept in the event's ``reference``, ISO 8601)."""
        cur_case = repo.get_case(cur, case["id"])
        open_ev = self._open_annulment(cur, case["id"], "verlenging_vernietigd")
        if outcome == "vernietigd" and open_ev is None and cur_case["original_end_at"] is not None:
            extended_end = cur_case["end_at"]
            new_end = end_after_annulled_extension(cur_case["original_end_at"], outcome_at)
            fields: dict[str, Any] = {"end_at": new_end}
            if cur_case["state"] == CaseState.VERLENGD.value:
                fields["state"] = CaseState.OPGELEGD.value
            repo.update_case(cur, case["id"], cur_case["version"], fields, actor.username, now)
            later = new_end > cur_case["original_end_at"]
            note = (f"Verlenging vernietigd door de rechter: einde {fmt_dt(new_end)} in plaats van "
                    f"{fmt_dt(extended_end)}" + (" (het oorspronkelijke einde lag vóór de uitspraak: einde op het "
                                                 "moment van de uitspraak)" if later else " (einde van vóór de "
                                                                                         "verlenging)") + ".")
            repo.insert_event(cur, {"case_id": case["id"], "kind": "verlenging_vernietigd", "occurred_at": outcome_at,
                                    "recorded_at": now, "recorded_by": actor.username, "role": actor.role.value,
                                    "outcome": "vernietigd", "reference": extended_end.isoformat(), "note": note})
            self.ctx.audit(cur, actor, "verlenging_vernietigd_door_rechter", case["id"], cur_case["state"],
                           fields.get("state", cur_case["state"]), at=now, detail=note)
        elif outcome != "vernietigd" and open_ev is not None:
            extended_end = datetime.fromisoformat(open_ev["reference"])
            fields = {"end_at": extended_end}
            if cur_case["state"] == CaseState.OPGELEGD.value:
                fields["state"] = CaseState.VERLENGD.value
            repo.update_case(cur, case["id"], cur_case["version"], fields, actor.username, now)
            note = f"Uitspraak gecorrigeerd: de verlenging geldt weer, einde {fmt_dt(extended_end)}."
            repo.insert_event(cur, {"case_id": case["id"], "kind": "verlenging_vernietigd_gecorrigeerd",
                                    "occurred_at": now, "recorded_at": now, "recorded_by": actor.username,
                                    "role": actor.role.value, "outcome": outcome, "note": note})
            self.ctx.audit(cur, actor, "verlenging_vernietiging_gecorrigeerd", case["id"], cur_case["state"],
                           fields.get("state", cur_case["state"]), at=now, detail=note)

    def _withdrawal_outcome(self, cur, actor: Actor, case: dict[str, Any], outcome: str, outcome_at: datetime,
                            now: datetime) -> None:
        """Annulled withdrawal (art. 2 lid 9 Wth): the order does not silently revive (the burgemeester must decide
        again, on the facts of now); the case holds an event that the work queue shows as a task for the burgemeester
        until a reassessment resolves it."""
        open_ev = self._open_annulment(cur, case["id"], "intrekking_vernietigd")
        if outcome == "vernietigd" and open_ev is None:
            note = ("Intrekking vernietigd door de rechter. Het huisverbod herleeft niet vanzelf: de burgemeester "
                    "beslist opnieuw.")
            repo.insert_event(cur, {"case_id": case["id"], "kind": "intrekking_vernietigd", "occurred_at": outcome_at,
                                    "recorded_at": now, "recorded_by": actor.username, "role": actor.role.value,
                                    "outcome": "vernietigd", "note": note})
            self.ctx.audit(cur, actor, "intrekking_vernietigd_door_rechter", case["id"], at=now, detail=note)
        elif outcome != "vernietigd" and open_ev is not None:
            note = "Uitspraak gecorrigeerd: de intrekking staat (niet vernietigd)."
            repo.insert_event(cur, {"case_id": case["id"], "kind": "intrekking_vernietigd_gecorrigeerd",
                                    "occurred_at": now, "recorded_at": now, "recorded_by": actor.username,
                                    "role": actor.role.value, "outcome": outcome, "note": note})
            self.ctx.audit(cur, actor, "intrekking_vernietiging_gecorrigeerd", case["id"], at=now, detail=note)

    @staticmethod
    def _state_without_annulment(case: dict[str, Any]) -> CaseState:
        if case["archived_at"] is not None:
            return CaseState.GEARCHIVEERD
        if case["withdrawn_at"] is not None:
            return CaseState.INGETROKKEN
        if case["extended_at"] is not None:
            return CaseState.VERLENGD
        return CaseState.OPGELEGD
