"""Documents rendered on demand from the case data (nothing typed twice; procedure.md section 7).

Signed decisions are stored once and never overwritten (service.py, lifecycle.py). The other
standard documents — RiHG report, melding report, the information letters, the notice to Veilig
Thuis and the burgemeester's dossier — are rendered when asked, deterministically from the case
(``generated_at`` is a moment stored on the case, so the same data gives the same bytes).
:class:`DocumentsMixin` is mixed into :class:`procedure.service.WthService`.
"""
from __future__ import annotations

from typing import Any

from procedure.deadlines import (AMS, appeal_term_end, contact_address_deadline, is_adult_on)
from procedure.errors import RuleViolation, ValidationError
from procedure.roles import Actor
from procedure.rules import RELATIONS, Residence
from store import repo

HELP_ORGANISATION = "Veilig Thuis Limburg-Noord"
HELP_PHONE = "0800-2000"   # the national Veilig Thuis number

ON_DEMAND = {
    "rihg_rapport": "RiHG-rapport",
    "melding_rapport": "Melding en bevindingen politie",
    "concept_beschikking": "Conceptbeschikking",
    "info_uithuisgeplaatste": "Informatie voor de uithuisgeplaatste",
    "info_achterblijvers": "Informatie voor de achterblijvers",
    "melding_veilig_thuis": "Melding aan Veilig Thuis / hulpverlening",
    "dossier_burgemeester": "Dossier voor de burgemeester",
}


class DocumentsMixin:
    def _names(self, case: dict[str, Any]) -> tuple[str, str]:
        from procedure.service import dwelling, person_name
        return person_name(case), dwelling(case)

    def _user_name(self, username: str | None) -> str:
        u = repo.get_user(self.db, username) if username else None
        return u["name"] if u else (username or "")

    def available_documents(self, actor: Actor, case_id: str) -> dict[str, str]:
        """The on-demand documents that exist for this case now: kind -> Dutch title."""
        case = self._case_in_scope(actor, case_id)
        out = {"melding_rapport": ON_DEMAND["melding_rapport"]}
        if case["rihg_finalised_at"] is not None:
            out["rihg_rapport"] = ON_DEMAND["rihg_rapport"]
        if case["decision_huisverbod"] and case["decided_at"] is None and not self.draft_problems(actor, case_id):
            out["concept_beschikking"] = ON_DEMAND["concept_beschikking"]
            out["dossier_burgemeester"] = ON_DEMAND["dossier_burgemeester"]
        if case["served_at"] is not None:
            for k in ("info_uithuisgeplaatste", "info_achterblijvers", "melding_veilig_thuis"):
                out[k] = ON_DEMAND[k]
        if case["served_at"] is not None and case["state"] in ("opgelegd", "verlengd") and \
                any(e["kind"] == "zorgadvies" for e in repo.list_events(self.db, case_id)):
            out["dossier_burgemeester"] = ON_DEMAND["dossier_burgemeester"] + " (verlenging)"
        return out

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
        self._audit_view(actor, case_id, "document_ingezien", kind)
        return f"{case_id}-{kind}.pdf", pdf

    # -- builders ----------------------------------------------------------------------------------
    def _render_melding_rapport(self, actor: Actor, case: dict[str, Any]) -> bytes:
        from forms.melding import MeldingReportContent, render_melding_report

        members = repo.get_members(self.db, case["id"])
        name, place = self._names(case)
        vt = ""
        if case["vt_consulted_at"]:
            vt = (f"{case['vt_consulted_at'].astimezone(AMS).strftime('%d-%m-%Y %H:%M')}, "
                  f"{case['vt_consulted_with']}: {case['vt_consult_outcome']}")
        return render_melding_report(MeldingReportContent(
            document_id=f"{case['id']}-MELD", version=1, municipality_name=case["municipality_name"],
            case_id=case["id"], registered_at=case["created_at"], registered_by=self._user_name(case["created_by"]),
            incident_at=case["incident_at"], incident_description=case["incident_description"] or "",
            dwelling_address=place, person_name=name, person_birth_date=case["person_birth_date"],
            person_phone=case["person_phone"] or "", brp_differs=bool(case["person_brp_differs"]),
            residence_basis=case["person_residence_basis"] or "",
            household=tuple((m["name"], RELATIONS.get(m["relation"], m["relation"]),
                             m["birth_date"].strftime("%d-%m-%Y") if m["birth_date"] else "",
                             Residence(m["residence"]).label, m["residence_basis"] or "",
                             "ja" if m["threatened"] else "nee") for m in members),
            aangifte_done=bool(case["aangifte_done"]), arrested=bool(case["arrested"]),
            child_abuse_ground=bool(case["child_abuse_ground"]), vt_consultation=vt,
            previous_case=case["previous_case_id"] or "", new_facts=case["new_facts"] or "",
            generated_at=case["created_at"]))

    def _render_rihg_rapport(self, actor: Actor, case: dict[str, Any]) -> bytes:
        from forms.content import RihgReportContent, RihgSignalRow
        from forms.documents import render_rihg_report

        answers, colours, facts = repo.get_rihg(self.db, case["id"])
        cat = self.catalogue()
        rows = tuple(RihgSignalRow(
            code=s.code, label=s.label, part=s.part, colour=colours.get(s.code, ""),
            yes_items=tuple(i.label for i in s.items if answers.get(i.code)),
            facts=tuple((f["description"], f["source"], bool(f["disputed"])) for f in facts
                        if f["signal_code"] == s.code)) for s in cat.signals)
        advice = self.advice({k: v for k, v in colours.items()})
        name, place = self._names(case)
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
            decided_by=self._user_name(case["decision_recorded_by"]), finalised_at=case["rihg_finalised_at"],
            generated_at=case["rihg_finalised_at"]))

    def _render_concept_beschikking(self, actor: Actor, case: dict[str, Any]) -> bytes:
        return self.draft_pdf(actor, case["id"])

    def _render_info_uithuisgeplaatste(self, actor: Actor, case: dict[str, Any]) -> bytes:
        from forms.content import InfoUithuisgeplaatsteContent
        from forms.documents import render_info_uithuisgeplaatste

        name, place = self._names(case)
        members = repo.get_members(self.db, case["id"])
        made_known = case["made_known_at"] or case["served_at"]
        return render_info_uithuisgeplaatste(InfoUithuisgeplaatsteContent(
            document_id=f"{case['id']}-INFO-U", version=1, municipality_name=case["municipality_name"],
            case_id=case["id"], person_name=name, dwelling_address=place, start=case["served_at"],
            end=case["end_at"], protected_names=tuple(m["name"] for m in members
                                                      if m["residence"] in ("woont", "verblijft")),
            contact_address_deadline=contact_address_deadline(case["served_at"]),
            appeal_term_end=appeal_term_end(made_known), help_organisation=HELP_ORGANISATION,
            help_phone=HELP_PHONE, generated_at=case["served_at"]))

    def _render_info_achterblijvers(self, actor: Actor, case: dict[str, Any]) -> bytes:
        from forms.content import InfoAchterblijversContent
        from forms.documents import render_info_achterblijvers

        name, place = self._names(case)
        members = repo.get_members(self.db, case["id"])
        return render_info_achterblijvers(InfoAchterblijversContent(
            document_id=f"{case['id']}-INFO-A", version=1, municipality_name=case["municipality_name"],
            case_id=case["id"], recipients=tuple(m["name"] for m in members if m["residence"] in ("woont", "verblijft")),
            person_name=name, dwelling_address=place, start=case["served_at"], end=case["end_at"],
            help_organisation=HELP_ORGANISATION, help_phone=HELP_PHONE, generated_at=case["served_at"]))

    def _render_melding_veilig_thuis(self, actor: Actor, case: dict[str, Any]) -> bytes:
        from forms.content import VeiligThuisNoticeContent
        from forms.documents import render_veilig_thuis_notice

        name, place = self._names(case)
        members = repo.get_members(self.db, case["id"])
        t0 = case["served_at"]
        return render_veilig_thuis_notice(VeiligThuisNoticeContent(
            document_id=f"{case['id']}-VT", version=1, municipality_name=case["municipality_name"],
            case_id=case["id"], organisation=HELP_ORGANISATION, person_name=name,
            person_birth_date=case["person_birth_date"], dwelling_address=place, start=t0, end=case["end_at"],
            household=tuple((m["name"], RELATIONS.get(m["relation"], m["relation"]),
                             m["birth_date"].strftime("%d-%m-%Y") if m["birth_date"] else "onbekend",
                             bool(m["birth_date"]) and not is_adult_on(m["birth_date"], t0)) for m in members),
            incident_at=case["incident_at"], incident_summary=case["incident_description"] or "",
            rihg_advice=case["advice_text"] or "", decider=case["decided_by_name"] or "",
            contact_address=case["contact_address"] or "nog niet bekend (uiterlijk 24 uur na oplegging)",
            sent_by=self._user_name(case["served_by"]), generated_at=t0))

    def _render_dossier_burgemeester(self, actor: Actor, case: dict[str, Any]) -> bytes:
        """RiHG report + melding report + draft beschikking; for an extension decision the latest
        zorgadvies is summarised on the cover (procedure.md section 6)."""
        from forms.content import DossierContent
        from forms.documents import render_dossier

        parts, pdfs = [], []
        parts.append(("Risicotaxatie (RiHG)", f"{case['id']}-RIHG"))
        pdfs.append(self._render_rihg_rapport(actor, case))
        parts.append(("Melding en bevindingen politie", f"{case['id']}-MELD"))
        pdfs.append(self._render_melding_rapport(actor, case))
        if case["decided_at"] is None:
            parts.append(("Conceptbeschikking", f"{case['id']}-OPL (concept)"))
            pdfs.append(self.draft_pdf(actor, case["id"]))
            title = "Dossier voor het besluit tijdelijk huisverbod"
        else:
            from forms.melding import ZorgadviesContent, render_zorgadvies

            a = [e for e in repo.list_events(self.db, case["id"]) if e["kind"] == "zorgadvies"][-1]
            name, _ = self._names(case)
            parts.append((f"Zorgadvies {a['organisation']}", f"{case['id']}-ZA-{a['id']}"))
            pdfs.append(render_zorgadvies(ZorgadviesContent(
                document_id=f"{case['id']}-ZA-{a['id']}", version=1, municipality_name=case["municipality_name"],
                case_id=case["id"], organisation=a["organisation"] or "", advice_date=a["event_date"],
                summary=a["note"] or "", recorded_by=self._user_name(a["recorded_by"]), recorded_at=a["recorded_at"],
                person_name=name, t0=case["served_at"], current_end=case["end_at"], generated_at=a["recorded_at"])))
            title = "Dossier voor het besluit over verlenging"
        return render_dossier(DossierContent(
            document_id=f"{case['id']}-DOS", version=1, municipality_name=case["municipality_name"],
            case_id=case["id"], title=title, parts=tuple(parts), generated_at=case["updated_at"]), pdfs)
