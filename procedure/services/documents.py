"""Documents of a case: the stored (signed) ones, the standard documents rendered on demand from the case data, and
checking any PDF's signature. Implements art. 2 lid 4 and 8 Wth (the decision and who receives it) and design.md,
Documents (nothing typed twice; a signed document is never overwritten; every signature verified).

Where to add a new document: its layout in ``forms/`` (a content dataclass and a render function), its kind and title
in ``procedure/domain/documents.py`` (ON_DEMAND), when it exists in :meth:`Documents.available_documents` and a
``_render_<kind>`` method here.
"""
from __future__ import annotations

from typing import Any

from forms import signing
from forms.dossier_parts import EventsSinceContent, render_events_since
from forms.content import (DossierContent, InfoAchterblijversContent, InfoUithuisgeplaatsteContent, RihgReportContent,
                           RihgSignalRow, VeiligThuisNoticeContent)
from forms.documents import (render_dossier, render_info_achterblijvers, render_info_uithuisgeplaatste, render_rihg_report,
                             render_veilig_thuis_notice)
from forms.melding import MeldingReportContent, ZorgadviesContent, render_melding_report, render_zorgadvies
from procedure.domain.answers import Answer
from procedure.domain.appeals import decisions_with_terms, later_decision_term_sentence
from procedure.domain.case import dwelling, fmt_dt, person_name
from procedure.domain.deadlines import contact_address_deadline, is_adult_on, latest_extension_end
from procedure.domain.documents import ON_DEMAND
from procedure.domain.dossier import DOSSIER_DECISIONS, dossier_parts, last_decision_at, missing
from procedure.domain.events import EVENT_LABELS, details_summary, load_details
from procedure.domain.errors import NotFound, RuleViolation, ValidationError
from procedure.domain.rihg import load_catalogue
from procedure.domain.roles import Action, Actor, require_action
from procedure.domain.rules import RELATIONS, Residence
from procedure.services.assessment import RiskAssessment
from procedure.services.context import Service, ServiceContext
from procedure.services.decision import Decision
from store import repo

def _said(value: bool | None) -> Answer:
    """A stored yes/no of the melding as an answer: NULL (never asked or not answered) is onbekend, not nee."""
    return Answer.ONBEKEND if value is None else Answer.JA if value else Answer.NEE


def _stored(value: str | None) -> Answer:
    """A stored answer text as an ``Answer``; NULL (not answered) or unreadable is onbekend / niet vastgesteld."""
    try:
        return Answer.parse(value) or Answer.ONBEKEND
    except ValueError:
        return Answer.ONBEKEND


def actual_end(case: dict[str, Any]) -> tuple[Any, str]:
    """The order's actual end and a sentence saying why it differs from the first end (``""`` when it does not):
    after a withdrawal the moment of withdrawal (art. 2 lid 9 Wth), after an extension the new end (art. 9 Wth)."""
    if case.get("withdrawn_at") is not None:
        return case["withdrawn_at"], (f"Let op: de burgemeester heeft het huisverbod ingetrokken. Het huisverbod is "
                                      f"geëindigd op {fmt_dt(case['withdrawn_at'])} (in plaats van "
                                      f"{fmt_dt(case['end_at'])}).")
    if case.get("extended_at") is not None:
        return case["end_at"], (f"Let op: de burgemeester heeft het huisverbod verlengd. Het eerste einde was "
                                f"{fmt_dt(case['original_end_at'] or case['end_at'])}; het huisverbod geldt nu tot "
                                f"{fmt_dt(case['end_at'])}.")
    return case["end_at"], ""


HELP_ORGANISATION = "Veilig Thuis Limburg-Noord"
HELP_PHONE = "0800-2000"   # the national Veilig Thuis number


class Documents(Service):
    """The documents of a case and the signature check."""

    def __init__(self, ctx: ServiceContext, decision: Decision, assessment: RiskAssessment):
        super().__init__(ctx)
        self.decision = decision
        self.assessment = assessment

    def documents(self, actor: Actor, case_id: str) -> list[dict[str, Any]]:
        self.ctx.case_in_scope(actor, case_id)
        return repo.list_documents(self.db, case_id)

    def document_bytes(self, actor: Actor, doc_id: str) -> tuple[dict[str, Any], bytes]:
        """A stored document (metadata, PDF bytes) if its case is in the actor's scope.

        Raises:
            NotFound: unknown document or case out of scope.
        """
        doc = repo.get_document(self.db, doc_id) if isinstance(doc_id, str) else None
        if doc is None:
            raise NotFound("Dit document bestaat niet.")
        self.ctx.case_in_scope(actor, doc["case_id"])
        self.ctx.audit_view(actor, doc["case_id"], "document_ingezien", doc_id)
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
        if known is None or not self.ctx.may_read(actor, known["case_id"]):
            return signing.verdict_only(result), None
        return result, known

    def available_documents(self, actor: Actor, case_id: str) -> dict[str, str]:
        """The on-demand documents that exist for this case now: kind -> Dutch title."""
        case = self.ctx.case_in_scope(actor, case_id)
        out = {"melding_rapport": ON_DEMAND["melding_rapport"]}
        if case["rihg_finalised_at"] is not None:
            out["rihg_rapport"] = ON_DEMAND["rihg_rapport"]
        if case["decision_huisverbod"] and case["decided_at"] is None and not self.decision.draft_problems(actor, case_id):
            out["concept_beschikking"] = ON_DEMAND["concept_beschikking"]
            out["dossier_burgemeester"] = ON_DEMAND["dossier_burgemeester"]
        if case["served_at"] is not None:
            for k in ("info_uithuisgeplaatste", "info_achterblijvers", "melding_veilig_thuis"):
                out[k] = ON_DEMAND[k]
        if case["served_at"] is not None and case["state"] in ("opgelegd", "verlengd") and \
                any(e["kind"] == "zorgadvies" for e in repo.list_events(self.db, case_id)):
            out["dossier_burgemeester"] = ON_DEMAND["dossier_burgemeester"] + " (verlenging)"
        return out

    def dossier(self, actor: Actor, case_id: str, decision: str) -> dict[str, Any]:
        """What the mayor's dossier for ``decision`` (oplegging | verlenging | intrekking) holds and what is missing,
        before anyone opens it (issue 15). Returns ``{"parts": [DossierPart…], "missing": [label…]}``.

        Raises:
            ValidationError: unknown decision. NotFound / NotAuthorized: scope and role, as for reading the case.
        """
        case = self.ctx.case_in_scope(actor, case_id)
        if not isinstance(decision, str) or decision not in DOSSIER_DECISIONS:
            raise ValidationError("Kies: oplegging, verlenging of intrekking.", field="decision")
        parts = dossier_parts(decision, case, repo.list_documents(self.db, case_id), self._events(case_id))
        return {"parts": parts, "missing": missing(parts)}

    def dossier_pdf(self, actor: Actor, case_id: str, decision: str) -> tuple[str, bytes]:
        """The mayor's dossier for ``decision`` as one PDF: RiHG, police report, (the draft for an imposition; the
        signed earlier decisions, the latest care advice and the events since the last decision for an extension or
        a withdrawal). Parts that are missing are left out; :meth:`dossier` names them. The read is audited.

        Raises:
            ValidationError: unknown decision. NotFound / NotAuthorized: as for reading the case.
        """
        info = self.dossier(actor, case_id, decision)
        case = repo.get_case(self.db, case_id)
        events = self._events(case_id)
        documents = repo.list_documents(self.db, case_id)
        parts, pdfs = [], []
        for p in info["parts"]:
            if not p.present:
                continue
            if p.key == "rihg":
                parts.append((p.label, f"{case_id}-RIHG"))
                pdfs.append(self._render_rihg_rapport(actor, case))
            elif p.key == "melding":
                parts.append((p.label, f"{case_id}-MELD"))
                pdfs.append(self._render_melding_rapport(actor, case))
            elif p.key == "concept" and case["decided_at"] is None:
                parts.append((p.label, f"{case_id}-OPL (concept)"))
                pdfs.append(self.decision.draft_pdf(actor, case_id))
            elif p.key == "besluiten":
                for doc_id in p.ref:
                    parts.append((p.label, doc_id))
                    pdfs.append(repo.get_document(self.db, doc_id)["content"])
            elif p.key == "zorgadvies":
                a = next(e for e in events if e["id"] == p.ref)
                facts = details_summary("zorgadvies", a["details"], repo.get_members(self.db, case_id))
                parts.append((f"Zorgadvies {a['organisation']}", f"{case_id}-ZA-{a['id']}"))
                pdfs.append(render_zorgadvies(ZorgadviesContent(
                    document_id=f"{case_id}-ZA-{a['id']}", version=1, municipality_name=case["municipality_name"],
                    case_id=case_id, organisation=a["organisation"] or "", advice_date=a["event_date"],
                    summary="\n".join(x for x in (facts, a["note"] or "") if x) or "—",
                    recorded_by=self.ctx.user_name(a["recorded_by"]), recorded_at=a["recorded_at"],
                    person_name=person_name(case), t0=case["served_at"], current_end=case["end_at"],
                    generated_at=a["recorded_at"])))
            elif p.key == "gebeurtenissen":
                members = repo.get_members(self.db, case_id)
                rows = tuple((e["occurred_at"], EVENT_LABELS.get(e["kind"], e["kind"]),
                              details_summary(e["kind"], e["details"], members), e["note"] or "",
                              self.ctx.user_name(e["recorded_by"])) for e in events if e["id"] in p.ref)
                parts.append((p.label, f"{case_id}-GEB"))
                pdfs.append(render_events_since(EventsSinceContent(
                    document_id=f"{case_id}-GEB", municipality_name=case["municipality_name"], case_id=case_id,
                    since=last_decision_at(case, documents), rows=rows, generated_at=case["updated_at"])))
        pdf = render_dossier(DossierContent(
            document_id=f"{case_id}-DOS-{decision}", version=1, municipality_name=case["municipality_name"],
            case_id=case_id, title=DOSSIER_DECISIONS[decision], parts=tuple(parts), generated_at=case["updated_at"]),
            pdfs)
        self.ctx.audit_view(actor, case_id, "document_ingezien", f"dossier_{decision}")
        return f"{case_id}-dossier-{decision}.pdf", pdf

    def _events(self, case_id: str) -> list[dict[str, Any]]:
        rows = repo.list_events(self.db, case_id)
        for e in rows:
            e["details"] = load_details(e.get("details"))
        return rows

    def render_document(self, actor: Actor, case_id: str, kind: str) -> tuple[str, bytes]:
        """Render one on-demand document. Returns (file name, PDF bytes); the read is audited.

        Raises:
            ValidationError: unknown kind.
            RuleViolation: the document does not exist (yet) for this case.
            NotFound / NotAuthorized: scope and role, as for reading the case.
        """
        if not isinstance(kind, str) or kind not in ON_DEMAND:
            raise ValidationError("Onbekend document.", field="kind")
        if kind not in self.available_documents(actor, case_id):
            raise RuleViolation(f"{ON_DEMAND[kind]} bestaat voor deze zaak (nog) niet.")
        case = repo.get_case(self.db, case_id)
        pdf = getattr(self, "_render_" + kind)(actor, case)
        self.ctx.audit_view(actor, case_id, "document_ingezien", kind)
        return f"{case_id}-{kind}.pdf", pdf

    def _render_melding_rapport(self, actor: Actor, case: dict[str, Any]) -> bytes:
        members = repo.get_members(self.db, case["id"])
        name, place = person_name(case), dwelling(case)
        vt = ""
        if case["vt_consulted_at"]:
            vt = (f"{fmt_dt(case['vt_consulted_at'])}, "
                  f"{case['vt_consulted_with']}: {case['vt_consult_outcome']}")
        return render_melding_report(MeldingReportContent(
            document_id=f"{case['id']}-MELD", version=1, municipality_name=case["municipality_name"],
            case_id=case["id"], registered_at=case["created_at"], registered_by=self.ctx.user_name(case["created_by"]),
            incident_at=case["incident_at"], incident_description=case["incident_description"] or "",
            dwelling_address=place, person_name=name, person_birth_date=case["person_birth_date"],
            person_phone=case["person_phone"] or "", brp_differs=bool(case["person_brp_differs"]),
            residence_basis=case["person_residence_basis"] or "",
            household=tuple((m["name"], RELATIONS.get(m["relation"], m["relation"]),
                             m["birth_date"].strftime("%d-%m-%Y") if m["birth_date"] else "",
                             Residence(m["residence"]).label, m["residence_basis"] or "",
                             _stored(m.get("threatened_answer")).label) for m in members),
            aangifte_done=_said(case["aangifte_done"]), arrested=_said(case["arrested"]),
            child_abuse_ground=_said(case["child_abuse_ground"]), vt_consultation=vt,
            previous_case=case["previous_case_id"] or "", new_facts=case["new_facts"] or "",
            generated_at=case["created_at"]))

    def _render_rihg_rapport(self, actor: Actor, case: dict[str, Any]) -> bytes:
        answers, colours, facts = repo.get_rihg(self.db, case["id"])
        cat = load_catalogue()
        rows = tuple(RihgSignalRow(
            code=s.code, label=s.label, part=s.part, colour=colours.get(s.code, ""),
            yes_items=tuple(i.label for i in s.items if answers.get(i.code)),
            facts=tuple((f["description"], f["source"], bool(f["disputed"])) for f in facts
                        if f["signal_code"] == s.code)) for s in cat.signals)
        advice = self.assessment.advice({k: v for k, v in colours.items()})
        name, place = person_name(case), dwelling(case)
        return render_rihg_report(RihgReportContent(
            document_id=f"{case['id']}-RIHG", version=1, municipality_name=case["municipality_name"],
            case_id=case["id"], person_name=name, person_birth_date=case["person_birth_date"],
            dwelling_address=place, incident_at=case["incident_at"], catalogue_version=case["rihg_version"] or "",
            parts=tuple((p.code, p.label) for p in cat.parts), signals=rows,
            authors=(("A", case["rihg_author_a"] or ""), ("B", case["rihg_author_b"] or ""),
                     ("C", case["rihg_author_c"] or "")),
            advice_text=case["advice_text"] or advice.text,
            red_per_part=tuple(advice.red_per_part.items()), decision_huisverbod=case["decision_huisverbod"],
            decision_reasons=case["decision_reasons"] or "",
            decided_by=self.ctx.user_name(case["decision_recorded_by"]), finalised_at=case["rihg_finalised_at"],
            generated_at=case["rihg_finalised_at"]))

    def _render_concept_beschikking(self, actor: Actor, case: dict[str, Any]) -> bytes:
        return self.decision.draft_pdf(actor, case["id"])

    def _render_info_uithuisgeplaatste(self, actor: Actor, case: dict[str, Any]) -> bytes:
        name, place = person_name(case), dwelling(case)
        members = repo.get_members(self.db, case["id"])
        decisions = decisions_with_terms(case, repo.list_documents(self.db, case["id"]),
                                         repo.made_known_for_case(self.db, case["id"]))
        end, note = actual_end(case)
        # the imposition's own term, from when the written decision was made known (an oral order: not before)
        imposed = next((d for d in decisions if d["decision_kind"] == "oplegging"), None)
        return render_info_uithuisgeplaatste(InfoUithuisgeplaatsteContent(
            document_id=f"{case['id']}-INFO-U", version=1, municipality_name=case["municipality_name"],
            case_id=case["id"], person_name=name, dwelling_address=place, start=case["served_at"],
            end=end, end_note=note, protected_names=tuple(m["name"] for m in members
                                                      if m["residence"] in ("woont", "verblijft")),
            contact_address_deadline=contact_address_deadline(case["served_at"]),
            appeal_term_end=imposed["term_end"] if imposed else None, help_organisation=HELP_ORGANISATION,
            help_phone=HELP_PHONE, generated_at=case["served_at"],
            later_terms=tuple(later_decision_term_sentence(d) for d in decisions if d["document_id"]),
            status="ingetrokken" if case.get("withdrawn_at") is not None
            else "maximum" if case["end_at"] >= latest_extension_end(case["served_at"]) else "loopt"))

    def _render_info_achterblijvers(self, actor: Actor, case: dict[str, Any]) -> bytes:
        name, place = person_name(case), dwelling(case)
        members = repo.get_members(self.db, case["id"])
        end, note = actual_end(case)
        return render_info_achterblijvers(InfoAchterblijversContent(
            document_id=f"{case['id']}-INFO-A", version=1, municipality_name=case["municipality_name"],
            case_id=case["id"], recipients=tuple(m["name"] for m in members if m["residence"] in ("woont", "verblijft")),
            person_name=name, dwelling_address=place, start=case["served_at"], end=end, end_note=note,
            help_organisation=HELP_ORGANISATION, help_phone=HELP_PHONE, generated_at=case["served_at"]))

    def _render_melding_veilig_thuis(self, actor: Actor, case: dict[str, Any]) -> bytes:
        name, place = person_name(case), dwelling(case)
        members = repo.get_members(self.db, case["id"])
        t0 = case["served_at"]
        return render_veilig_thuis_notice(VeiligThuisNoticeContent(
            document_id=f"{case['id']}-VT", version=1, municipality_name=case["municipality_name"],
            case_id=case["id"], organisation=HELP_ORGANISATION, person_name=name,
            person_birth_date=case["person_birth_date"], dwelling_address=place, start=t0, end=case["end_at"],
            household=tuple((m["name"], RELATIONS.get(m["relation"], m["relation"]),
                             m["birth_date"].strftime("%d-%m-%Y") if m["birth_date"] else "onbekend",
                             Answer.ONBEKEND if m["birth_date"] is None
                             else Answer.NEE if is_adult_on(m["birth_date"], t0) else Answer.JA) for m in members),
            incident_at=case["incident_at"], incident_summary=case["incident_description"] or "",
            rihg_advice=case["advice_text"] or "", decider=case["decided_by_name"] or "",
            contact_address=case["contact_address"] or "nog niet bekend (uiterlijk 24 uur na oplegging)",
            sent_by=self.ctx.user_name(case["served_by"]), generated_at=t0))

    def _render_dossier_burgemeester(self, actor: Actor, case: dict[str, Any]) -> bytes:
        """RiHG report + melding report + draft beschikking; for an extension decision the latest
        zorgadvies is summarised on the cover (procedure.md section 6)."""
        parts, pdfs = [], []
        parts.append(("Risicotaxatie (RiHG)", f"{case['id']}-RIHG"))
        pdfs.append(self._render_rihg_rapport(actor, case))
        parts.append(("Melding en bevindingen politie", f"{case['id']}-MELD"))
        pdfs.append(self._render_melding_rapport(actor, case))
        if case["decided_at"] is None:
            parts.append(("Conceptbeschikking", f"{case['id']}-OPL (concept)"))
            pdfs.append(self.decision.draft_pdf(actor, case["id"]))
            title = "Dossier voor het besluit tijdelijk huisverbod"
        else:
            a = [e for e in repo.list_events(self.db, case["id"]) if e["kind"] == "zorgadvies"][-1]
            name = person_name(case)
            parts.append((f"Zorgadvies {a['organisation']}", f"{case['id']}-ZA-{a['id']}"))
            pdfs.append(render_zorgadvies(ZorgadviesContent(
                document_id=f"{case['id']}-ZA-{a['id']}", version=1, municipality_name=case["municipality_name"],
                case_id=case["id"], organisation=a["organisation"] or "", advice_date=a["event_date"],
                summary=a["note"] or "", recorded_by=self.ctx.user_name(a["recorded_by"]), recorded_at=a["recorded_at"],
                person_name=name, t0=case["served_at"], current_end=case["end_at"], generated_at=a["recorded_at"])))
            title = "Dossier voor het besluit over verlenging"
        return render_dossier(DossierContent(
            document_id=f"{case['id']}-DOS", version=1, municipality_name=case["municipality_name"],
            case_id=case["id"], title=title, parts=tuple(parts), generated_at=case["updated_at"]), pdfs)
