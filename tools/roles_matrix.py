"""The authorization matrix, written down once: roles × pages × service methods × scope (issue 7), and the command
that writes it to docs/autorisatiematrix.md. Implements the roles of art. 2, 3 and 9 Wth as tested cells.

``SERVICE_RULES`` names, for every public method of every service of :class:`procedure.app.WthApp` (key
``"<service>.<method>"``, e.g. ``"intake.create_melding"``), which roles may call it and in which scope.
Roles come from :data:`procedure.domain.roles.ACTIONS` (so the matrix can't drift from the checks the services
make), narrowed where a service is stricter (e.g. extension and withdrawal: never in mandate, art. 9 and art. 2
lid 9 Wth). ``tests/integration/test_authorization_matrix.py`` tries every role × method × scope cell against the
real services and fails when a public method has no entry here; ``docs/autorisatiematrix.md`` is generated from
this module::

    python -m tools.roles_matrix            # print the Markdown
    python -m tools.roles_matrix --write    # write docs/autorisatiematrix.md
    python -m tools.roles_matrix --check    # exit 1 if the committed file differs
"""
from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from procedure.domain.events import EVENT_KINDS
from procedure.domain.roles import (ACTIONS, CARE_ROLES, CASE_READERS, MAYOR_ROLES, MUNICIPAL_ROLES, PAGES,
                                    POLICE_ROLES, SUBREGIONAL_ROLES, Action, Page, Role, pages_for)

ROOT = Path(__file__).resolve().parent.parent
DOC_PATH = ROOT / "docs" / "autorisatiematrix.md"

#: the scope cells tried for every case-bound action, seen from the actor
SCOPES = {
    "eigen": "zaak in de eigen gemeente (voor subregio-rollen: een gemeente van de eigen subregio)",
    "subregio": "zaak in een andere gemeente van dezelfde subregio",
    "andere_subregio": "zaak in een gemeente van de andere subregio",
}

#: kinds of service methods
KINDS = {
    "zaak": "werkt op één zaak (zaak-id); buiten het werkgebied: 'niet gevonden' (NotFound), alsof de zaak niet bestaat",
    "lijst": "geeft zaken uit het werkgebied; zaken daarbuiten komen nooit in het antwoord",
    "rol": "geen zaak: alleen de rol telt (beheer, kosten, statistiek, controle van een handtekening)",
    "eigen": "alleen de eigen gegevens van de gebruiker (concepten van formulieren)",
    "openbaar": "geen gebruiker nodig: referentiegegevens of een berekening zonder persoonsgegevens",
    "hulp": "hulpfunctie die andere services gebruiken; de aanroepende service heeft de controle al gedaan",
}

ALL = frozenset(Role)
MAYOR = MAYOR_ROLES
POLICE = POLICE_ROLES
CARE = CARE_ROLES


@dataclass(frozen=True)
class Rule:
    """Who may call one service method.

    Attributes:
        kind: a key of :data:`KINDS`.
        action: the :class:`Action` the service requires (None for openbaar / eigen / hulp).
        only: narrows the roles of ``action`` (the service is stricter than the action).
        record: the role also needs a record for the case's municipality: the burgemeester of that
            municipality, a loco-burgemeester with a valid vervangingsbesluit, an HOvJ with a valid
            mandaatbesluit (art. 3 Wth).
        note: Dutch remark for the document.
    """

    kind: str
    action: Action | None = None
    only: frozenset[Role] | None = None
    record: bool = False
    note: str = ""

    @property
    def roles(self) -> frozenset[Role]:
        base = frozenset(ACTIONS[self.action]) if self.action is not None else ALL
        return base & self.only if self.only is not None else base


def _events_roles() -> frozenset[Role]:
    return frozenset(r for e in EVENT_KINDS.values() for r in e.roles)


R, A = Rule, Action
#: costs pages read by managers (own municipality / region) and by the beheerder (tariffs, accession)
COSTS_READERS = frozenset(ACTIONS[Action.VIEW_COSTS] | ACTIONS[Action.MANAGE_COSTS])
SERVICE_RULES: dict[str, Rule] = {
    # -- intake: melding -------------------------------------------------------------------------------------------
    "intake.create_melding": R("rol", A.CREATE_MELDING, note="alleen voor een gemeente in het eigen werkgebied"),
    "intake.municipalities_for": R("rol", None,
                                   note="gemeenten waarvoor de gebruiker een melding mag doen (geen persoonsgegevens)"),
    "intake.municipalities_all": R("openbaar"),
    # -- case_file: the case file ----------------------------------------------------------------------------------
    "case_file.get_case": R("zaak", A.READ_CASE, note="inzien wordt geaudit"),
    "case_file.timeline": R("zaak", A.READ_CASE),
    # -- work_queue: work queue ------------------------------------------------------------------------------------
    "work_queue.work_queue": R("lijst", A.READ_CASE),
    # -- lists: lists of cases (issue 12) --------------------------------------------------------------------------
    "lists.list_cases": R("lijst", A.READ_CASE),
    "lists.rihg_cases": R("lijst", A.EDIT_RIHG),
    "lists.draft_cases": R("lijst", A.DRAFT_BESCHIKKING),
    "lists.to_sign": R("lijst", A.SIGN, note="alleen zaken waarvoor de gebruiker vandaag mag tekenen"),
    "lists.cases_to_serve": R("lijst", A.SERVE),
    "lists.cases_to_make_known": R("lijst", A.SERVE),
    "lists.active_orders": R("lijst", A.READ_CASE),
    "lists.imposed_cases": R("lijst", A.READ_CASE),
    "lists.archive": R("lijst", A.READ_CASE),
    "lists.retention_candidates": R("lijst", A.READ_CASE, only=frozenset({Role.GEMEENTE})),
    "lists.correctable_cases": R("lijst", A.CORRECT_DECISION),
    # -- assessment: RiHG and decision -----------------------------------------------------------------------------
    "assessment.get_rihg": R("zaak", A.READ_CASE),
    "assessment.rihg_problems": R("zaak", A.EDIT_RIHG),
    "assessment.save_rihg": R("zaak", A.EDIT_RIHG),
    "assessment.decide": R("zaak", A.EDIT_RIHG, note="besluit 'huisverbod'"),
    "assessment.decide:geen_huisverbod": R("zaak", A.DECIDE_NO_ORDER, note="besluit 'geen huisverbod'"),
    "assessment.advice": R("openbaar", note="RiHG-advies uit kleuren (geen persoonsgegevens)"),
    "assessment.catalogue": R("openbaar"),
    # -- decision: beschikking -------------------------------------------------------------------------------------
    "decision.draft_problems": R("zaak", A.READ_CASE),
    "decision.draft_pdf": R("zaak", A.READ_CASE),
    "decision.save_draft": R("zaak", A.DRAFT_BESCHIKKING),
    "decision.save_household_parts": R("zaak", A.DRAFT_BESCHIKKING,
                                       note="alleen huisgenoten, ook ter ondertekening (art. 2 lid 4 Wth)"),
    "decision.awaiting_household_parts": R("lijst", A.DRAFT_BESCHIKKING,
                                           note="ter ondertekening, huisgenoten nog niet beschreven"),
    "decision.draft_prefill": R("zaak", A.READ_CASE, note="teksten uit de melding voor de conceptbeschikking"),
    "decision.record_vt_consultation": R("zaak", A.DRAFT_BESCHIKKING, note="art. 2 lid 3 Wth"),
    "decision.submit_for_signature": R("zaak", A.DRAFT_BESCHIKKING),
    "decision.sign": R("zaak", A.SIGN, record=True,
                       note="burgemeester; loco met vervangingsbesluit; HOvJ met mandaatbesluit (art. 3 Wth)"),
    # -- service_of_order: uitreiking, oral order, made known ------------------------------------------------------
    "service_of_order.record_oral_order": R("zaak", A.SIGN, record=True,
                                            note="mondeling huisverbod (art. 2 lid 7 Wth)"),
    "service_of_order.may_impose": R("hulp", None, note="ja/nee voor de pagina; zelfde controle als ondertekenen"),
    "service_of_order.serve": R("zaak", A.SERVE),
    "service_of_order.record_made_known": R("zaak", A.READ_CASE, only=frozenset({Role.HOVJ, Role.GEMEENTE}) | MAYOR,
                                            note="bekendmaking na mondeling huisverbod (uitreiking of depot)"),
    # -- aftercare: events, contacts, tasks ------------------------------------------------------------------------
    "aftercare.event_kinds_for": R("rol", None, note="de soorten gebeurtenissen die de rol mag vastleggen"),
    "aftercare.add_event": R("zaak", A.READ_CASE, only=_events_roles(),
                             note="per soort gebeurtenis een eigen lijst rollen"),
    "aftercare.events": R("zaak", A.READ_CASE),
    "aftercare.events_of": R("hulp", None, note="gebeurtenissen met gegevens, voor een dienst die al controleerde"),
    "aftercare.household": R("zaak", A.READ_CASE, note="wie nu in de woning woont"),
    "aftercare.banners": R("zaak", A.READ_CASE, note="melding bovenaan de zaak tot de burgemeester besliste (V2)"),
    "aftercare.event_prefill": R("zaak", A.READ_CASE, note="organisatie die de zaak al noemt, voor het formulier"),
    "aftercare.add_contact": R("zaak", A.READ_CASE),
    "aftercare.contacts": R("zaak", A.READ_CASE),
    "aftercare.tasks": R("hulp", A.READ_CASE,
                         note="taken bij zaken die de werkvoorraad of het dossier al binnen het werkgebied las"),
    "aftercare.contact_address_tasks": R("hulp", A.READ_CASE,
                                         note="taak contactadres (art. 2 lid 6 Wth) bij zaken die al binnen het "
                                         "werkgebied zijn gelezen"),
    # -- extension_withdrawal: extension and withdrawal ------------------------------------------------------------
    "extension_withdrawal.extension_options": R("zaak", A.READ_CASE),
    "extension_withdrawal.extend": R("zaak", A.SIGN, only=MAYOR, record=True, note="nooit in mandaat (art. 9 Wth)"),
    "extension_withdrawal.withdraw": R("zaak", A.SIGN, only=MAYOR, record=True,
                                       note="nooit in mandaat (art. 2 lid 9 Wth)"),
    "extension_withdrawal.open_reassessments": R("zaak", A.READ_CASE),
    "extension_withdrawal.extension_readiness": R("zaak", A.READ_CASE,
                                                  note="waarom de verlenging nog niet klaar is (concept en tekenen)"),
    "extension_withdrawal.keep_after_reassessment": R("zaak", A.SIGN, only=MAYOR, record=True),
    # -- correction: herstelbesluit --------------------------------------------------------------------------------
    "correction.correction_form": R("zaak", A.CORRECT_DECISION),
    "correction.correction_preview": R("zaak", A.CORRECT_DECISION),
    "correction.correct_decision": R("zaak", A.CORRECT_DECISION, record=True,
                                     note="een nieuw besluit van de burgemeester"),
    # -- appeals: appeals ------------------------------------------------------------------------------------------
    "appeals.decisions_made_known": R("zaak", A.READ_CASE),
    "appeals.register_appeal": R("zaak", A.READ_CASE, only=frozenset({Role.GEMEENTE}) | MAYOR),
    "appeals.appeals": R("zaak", A.READ_CASE),
    "appeals.record_made_known": R("zaak", A.READ_CASE, only=frozenset({Role.GEMEENTE, Role.HOVJ}) | MAYOR,
                                   note="verlenging, intrekking of herstelbesluit: uitreiking, toezending of depot"),
    "appeals.appeal_letter": R("zaak", A.READ_CASE),
    "appeals.record_appeal_outcome": R("zaak", A.READ_CASE, only=frozenset({Role.GEMEENTE}) | MAYOR),
    # -- archive: archive and retention ----------------------------------------------------------------------------
    "archive.archive_case": R("zaak", A.READ_CASE, only=frozenset({Role.GEMEENTE}), note="archief (art. 10 Wth)"),
    "archive.run_retention": R("lijst", A.READ_CASE, only=frozenset({Role.GEMEENTE}),
                               note="bewaartermijn 5 jaar (art. 10 Wth)"),
    # -- documents: documents --------------------------------------------------------------------------------------
    "documents.dossier": R("zaak", A.READ_CASE, note="wat het dossier per besluit bevat en wat ontbreekt"),
    "documents.dossier_pdf": R("zaak", A.READ_CASE, note="het dossier per besluit als één PDF"),
    "documents.documents": R("zaak", A.READ_CASE),
    "documents.document_bytes": R("zaak", A.READ_CASE, note="opvragen wordt geaudit"),
    "documents.available_documents": R("zaak", A.READ_CASE),
    "documents.render_document": R("zaak", A.READ_CASE, note="opvragen wordt geaudit"),
    "documents.verify": R("rol", A.VERIFY_SIGNATURE),
    # -- form_drafts: drafts of forms ------------------------------------------------------------------------------
    # -- notifications and notices (issue 15) -------------------------------------------------------------------
    "notifications.preferences": R("eigen", note="de eigen keuze welke e-mails de gebruiker krijgt"),
    "notifications.set_preference": R("eigen"),
    "notifications.outbox": R("rol", A.MANAGE_USERS, note="de uitgaande e-mail en wat niet lukte"),
    "notifications.queue": R("hulp", None, note="e-mail in de transactie van de wijziging; zonder persoonsgegevens"),
    "notifications.smtp_config": R("hulp", None, note="instellingen van de mailserver"),
    "notifications.deliver_due": R("hulp", None, note="de bezorger (achtergrond), geen gebruiker"),
    "notices.record": R("hulp", None, note="in de transactie van het besluit"),
    "mail_worker.run_once": R("hulp", None, note="de bezorger (achtergrond), geen gebruiker"),
    "mail_worker.queue_overdue": R("hulp", None, note="e-mail bij taken over de termijn, per gebruiker die dat wil"),
    "mail_worker.start": R("hulp", None),
    "mail_worker.stop": R("hulp", None),
    "mail_worker.running": R("hulp", None),
    "notices.notices": R("zaak", A.READ_CASE, note="wie is geïnformeerd, hoe en wanneer"),
    "notices.acknowledge": R("zaak", A.READ_CASE, only=POLICE | CARE,
                             note="alleen de partij voor wie de kennisgeving is"),
    "notices.notice_tasks": R("hulp", A.READ_CASE),
    "notices.record_natural_ends": R("hulp", None, note="de bezorger (achtergrond) meldt het einde"),
    "form_drafts.save_form_draft": R("eigen"),
    "form_drafts.form_draft": R("eigen"),
    "form_drafts.discard_form_draft": R("eigen"),
    "form_drafts.my_form_drafts": R("eigen"),
    # -- costs: costs (managers: eigen gemeente of regio; beheerder: tarieven en inwoners) -------------------------
    "costs.cost_scope": R("rol", A.VIEW_COSTS),
    "costs.cost_years": R("rol", None, only=COSTS_READERS),
    "costs.cost_overview": R("rol", A.VIEW_COSTS),
    "costs.cost_reference": R("rol", A.VIEW_COSTS),
    "costs.cost_reconciliation": R("rol", A.VIEW_COSTS),
    "costs.savings_overview": R("rol", A.VIEW_COSTS),
    "costs.lead_times": R("rol", A.VIEW_COSTS),
    "costs.cost_report_pdf": R("rol", A.VIEW_COSTS),
    "costs.accession_overview": R("rol", None, only=COSTS_READERS),
    "costs.accession_history": R("rol", None, only=COSTS_READERS),
    "costs.account_rows": R("rol", None, only=COSTS_READERS),
    "costs.set_accession": R("rol", A.MANAGE_COSTS),
    "costs.tariff_rows": R("rol", A.MANAGE_COSTS),
    "costs.tariff_history": R("rol", A.MANAGE_COSTS),
    "costs.set_tariff": R("rol", A.MANAGE_COSTS),
    "costs.set_accounts": R("rol", A.MANAGE_COSTS),
    "costs.population_rows": R("rol", A.MANAGE_COSTS),
    "costs.population_history": R("rol", A.MANAGE_COSTS),
    "costs.preview_population_import": R("rol", A.MANAGE_COSTS),
    "costs.import_population": R("rol", A.MANAGE_COSTS),
    "costs.set_population": R("rol", A.MANAGE_COSTS),
    "costs.budget_rows": R("rol", A.MANAGE_COSTS),
    "costs.set_budget": R("rol", A.MANAGE_COSTS),
    # -- statistics: statistics ------------------------------------------------------------------------------------
    "statistics.statistics": R("rol", A.VIEW_STATISTICS,
                               note="aantallen zonder persoonsgegevens; < 5 onderdrukt voor beleid"),
    "statistics.stats_options": R("rol", A.VIEW_STATISTICS, note="manager met gemeente: alleen die gemeente"),
    "statistics.explore": R("rol", A.VIEW_STATISTICS, note="geanonimiseerde views, kleine aantallen afgeschermd"),
    "statistics.export_csv": R("rol", A.VIEW_STATISTICS),
    "statistics.export_xlsx": R("rol", A.VIEW_STATISTICS),
    # -- sql_box: SQL box ------------------------------------------------------------------------------------------
    "sql_box.run_sql": R("rol", A.QUERY_STATISTICS, note="alleen-lezen SQL over de anonieme views"),
    "sql_box.sql_schema": R("rol", A.QUERY_STATISTICS, note="kolommen van de anonieme views voor de SQL-box"),
    # -- users: beheer (issue 7) -----------------------------------------------------------------------------------
    "users.users": R("rol", A.MANAGE_USERS),
    "users.user_overview": R("rol", A.MANAGE_USERS),
    "users.create_user": R("rol", A.MANAGE_USERS),
    "users.update_user": R("rol", A.MANAGE_USERS),
    "users.set_user_active": R("rol", A.MANAGE_USERS, note="deactiveren logt de gebruiker bij de volgende klik uit"),
    "users.reset_password": R("rol", A.MANAGE_USERS),
    "users.unlock_user": R("rol", A.MANAGE_USERS),
    "users.mandates": R("rol", A.MANAGE_USERS),
    "users.add_mandate": R("rol", A.MANAGE_USERS),
    "users.end_mandate": R("rol", A.MANAGE_USERS),
    "users.signer_overview": R("rol", A.MANAGE_USERS),
    "users.upload_certificate": R("rol", A.MANAGE_USERS),
    "users.issue_demo_certificate": R("rol", A.MANAGE_USERS, note="alleen in de demo-modus"),
    # -- audit_viewer: audit log -----------------------------------------------------------------------------------
    "audit_viewer.audit_actions": R("rol", A.VIEW_AUDIT),
    "audit_viewer.audit_log": R("rol", A.VIEW_AUDIT, note="vrije tekst bij zaakregels wordt niet getoond"),
    "audit_viewer.audit_export": R("rol", A.VIEW_AUDIT, note="CSV of Excel; de export wordt zelf geaudit"),
}


def method_name(key: str) -> str:
    """``assessment.decide:geen_huisverbod`` -> ``assessment.decide`` (one method, two cells)."""
    return key.split(":")[0]


def scope_allows(rule: Rule, role: Role, scope: str) -> bool:
    """Whether a case of ``scope`` (relative to the actor, see :data:`SCOPES`) is within reach.

    Case roles see their municipality (municipal roles) or sub-region (police and care); a ``record``
    action is only possible in the municipality where the actor holds the record (the tests give the
    HOvJ and the loco a record for their own municipality only).
    """
    if rule.kind != "zaak" and rule.kind != "lijst":
        return True
    if role not in CASE_READERS:
        return False
    if scope == "eigen":
        return True
    if scope == "subregio":
        return role in SUBREGIONAL_ROLES and not rule.record
    return False


def expected(key: str, role: Role, scope: str = "eigen") -> bool:
    """Whether ``role`` may perform ``key`` on a case of ``scope`` (the matrix cell)."""
    rule = SERVICE_RULES[key]
    return role in rule.roles and scope_allows(rule, role, scope)


# -- the document --------------------------------------------------------------------------------------
def page_titles() -> dict[Page, str]:
    """Menu titles from app.py (read as text: app.py imports Streamlit)."""
    text = (ROOT / "app.py").read_text(encoding="utf-8")
    found = dict(re.findall(r'Page\.(\w+):\s*\("pages/\w+\.py",\s*"([^"]+)"', text))
    return {p: found.get(p.name, p.value) for p in Page}


def _short(role: Role) -> str:
    return {Role.POLITIE: "Pol", Role.HOVJ: "HOvJ", Role.BURGEMEESTER: "Bgm", Role.LOCO_BURGEMEESTER: "Loco",
            Role.GEMEENTE: "Gem", Role.CASEMANAGER: "CM", Role.PROCESMANAGER: "PM", Role.VEILIG_THUIS: "VT",
            Role.MANAGER: "Man", Role.BELEIDSADVISEUR: "Bel", Role.BEHEERDER: "Beh"}[role]


def _scope_of(role: Role) -> str:
    if role in MUNICIPAL_ROLES:
        return "eigen gemeente"
    if role in SUBREGIONAL_ROLES:
        return "eigen subregio"
    if role == Role.MANAGER:
        return "eigen gemeente of hele regio (alleen kosten, geen zaken)"
    if role == Role.BELEIDSADVISEUR:
        return "regio, alleen aantallen zonder persoonsgegevens"
    return "geen zaken; beheer van gebruikers, mandaten, certificaten, tarieven en de auditlog"


def render_markdown() -> str:
    """The matrix as Markdown (Dutch), generated from procedure/domain/roles.py and :data:`SERVICE_RULES`."""
    roles = list(Role)
    head = "| | " + " | ".join(_short(r) for r in roles) + " |\n|---|" + "---|" * len(roles) + "\n"
    out = ["# Autorisatiematrix", "",
           "*Gegenereerd door `python -m tools.roles_matrix --write` uit `procedure/domain/roles.py` en "
           "`tools/roles_matrix.py`; niet met de hand bewerken. De test "
           "`tests/integration/test_authorization_matrix.py` probeert elke cel tegen de echte services en "
           "`tests/apptest/test_access_pages.py` elke pagina per rol; een test controleert dat dit bestand gelijk is "
           "aan de gegenereerde versie.*", "",
           "## Rollen en werkgebied", "", "| Rol | Afkorting | Werkgebied |", "|---|---|---|"]
    out += [f"| {r.label} | {_short(r)} | {_scope_of(r)} |" for r in roles]
    out += ["", "Werkgebied bij een zaak (de drie scope-cellen die de test per handeling probeert):", ""]
    out += [f"- **{k}**: {v}" for k, v in SCOPES.items()]
    out += ["", "Een gemeentelijke rol (burgemeester, loco-burgemeester, gemeente) ziet alleen zaken van de eigen "
            "gemeente; politie, HOvJ en zorgpartners zien de eigen subregio; manager, beleidsadviseur en beheerder "
            "zien geen zaken. Een zaak buiten het werkgebied geeft dezelfde melding als een zaak die niet bestaat.", "",
            "## Pagina's per rol", "", "Een pagina die een rol niet mag gebruiken staat niet in het menu en is ook via "
            "de URL niet bereikbaar; de services controleren rol en werkgebied daarnaast opnieuw.", "", head.rstrip()]
    titles = page_titles()
    for p in Page:
        out.append(f"| {titles[p]} (`pages/{p.value}.py`) | " + " | ".join("✔" if r in PAGES[p] else "" for r in roles)
                   + " |")
    out += ["", "## Handelingen per rol", "", head.rstrip()]
    for a in Action:
        out.append(f"| `{a.value}` | " + " | ".join("✔" if r in ACTIONS[a] else "" for r in roles) + " |")
    out += ["", "## Services per rol en werkgebied", "",
            "Elke regel is een publieke methode van een dienst in `procedure/services/`, geschreven als "
            "`dienst.methode` zoals een pagina haar via het app-object aanroept (`app.intake.create_melding(…)`, "
            "`procedure/app.py`); de diensten staan in de volgorde van de procedure.", "",
            "✔ = mag, in het werkgebied; **m** = alleen met een geldig mandaat- of vervangingsbesluit voor de gemeente "
            "van de zaak (burgemeester: de eigen gemeente); leeg = geweigerd (NotAuthorized, of NotFound buiten het "
            "werkgebied).", "", "Soorten:", ""]
    out += [f"- **{k}**: {v}" for k, v in KINDS.items()]
    out += ["", "| Service | Soort | " + " | ".join(_short(r) for r in roles) + " | Opmerking |",
            "|---|---|" + "---|" * len(roles) + "---|"]
    for key in SERVICE_RULES:
        rule = SERVICE_RULES[key]
        cells = []
        for r in roles:
            if r not in rule.roles:
                cells.append("")
            elif rule.record and r != Role.BURGEMEESTER:
                cells.append("m")
            else:
                cells.append("✔")
        out.append(f"| `{key}` | {rule.kind} | " + " | ".join(cells) + f" | {rule.note} |")
    out += ["", "## Pagina's per rol (lijst)", ""]
    for r in roles:
        out.append(f"- **{r.label}**: " + ", ".join(titles[p] for p in pages_for(r)))
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    text = render_markdown()
    if "--write" in args:
        DOC_PATH.parent.mkdir(parents=True, exist_ok=True)
        DOC_PATH.write_text(text, encoding="utf-8")
        print(f"geschreven: {DOC_PATH.relative_to(ROOT)}")
        return 0
    if "--check" in args:
        same = DOC_PATH.exists() and DOC_PATH.read_text(encoding="utf-8") == text
        print("docs/autorisatiematrix.md is actueel" if same else
              "docs/autorisatiematrix.md wijkt af: draai python -m tools.roles_matrix --write")
        return 0 if same else 1
    sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
