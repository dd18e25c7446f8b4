"""Roles, the actions each may take, the pages each may use and the scope of a user (municipality or sub-region).
Implements art. 2 and 3 Wth (burgemeester decides; HOvJ in mandate; loco-burgemeester as substitute).

The page lists drive ``st.navigation``; the services check :func:`require_action` and the
municipality / sub-region scope again, because hiding a page protects nothing by itself.
"""
from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from procedure.domain.errors import NotAuthorized


class Role(StrEnum):
    POLITIE = "politie"
    HOVJ = "hovj"
    BURGEMEESTER = "burgemeester"
    LOCO_BURGEMEESTER = "loco_burgemeester"
    GEMEENTE = "gemeente"
    CASEMANAGER = "casemanager"
    PROCESMANAGER = "procesmanager"
    VEILIG_THUIS = "veilig_thuis"
    MANAGER = "manager"
    BELEIDSADVISEUR = "beleidsadviseur"
    BEHEERDER = "beheerder"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS = {
    Role.POLITIE: "Politie",
    Role.HOVJ: "Hulpofficier van justitie",
    Role.BURGEMEESTER: "Burgemeester",
    Role.LOCO_BURGEMEESTER: "Loco-burgemeester",
    Role.GEMEENTE: "Gemeente (OOV-coördinator)",
    Role.CASEMANAGER: "Casemanager",
    Role.PROCESMANAGER: "Procesmanager",
    Role.VEILIG_THUIS: "Veilig Thuis",
    Role.MANAGER: "Manager",
    Role.BELEIDSADVISEUR: "Beleidsadviseur",
    Role.BEHEERDER: "Beheerder",
}

#: roles whose scope is one municipality (the user's municipality_code)
MUNICIPAL_ROLES = {Role.BURGEMEESTER, Role.LOCO_BURGEMEESTER, Role.GEMEENTE}
#: roles whose scope is a sub-region (the user's subregion)
SUBREGIONAL_ROLES = {Role.POLITIE, Role.HOVJ, Role.CASEMANAGER, Role.PROCESMANAGER, Role.VEILIG_THUIS}
#: roles that may read case files (personal data)
CASE_READERS = MUNICIPAL_ROLES | SUBREGIONAL_ROLES
#: the burgemeester and the loco-burgemeester who stands in for him (art. 2 and 9 Wth: never in mandate)
MAYOR_ROLES = frozenset({Role.BURGEMEESTER, Role.LOCO_BURGEMEESTER})
#: police: the officer and the hulpofficier van justitie
POLICE_ROLES = frozenset({Role.POLITIE, Role.HOVJ})
#: care partners in the case (art. 2 lid 8 Wth: they get the decision and act on it)
CARE_ROLES = frozenset({Role.CASEMANAGER, Role.PROCESMANAGER, Role.VEILIG_THUIS})


class Action(StrEnum):
    READ_CASE = "read_case"
    CREATE_MELDING = "create_melding"
    EDIT_RIHG = "edit_rihg"
    DECIDE_NO_ORDER = "decide_no_order"
    DRAFT_BESCHIKKING = "draft_beschikking"
    SIGN = "sign"
    SERVE = "serve"
    VERIFY_SIGNATURE = "verify_signature"
    VIEW_STATISTICS = "view_statistics"
    MANAGE_USERS = "manage_users"
    VIEW_AUDIT = "view_audit"
    VIEW_COSTS = "view_costs"
    MANAGE_COSTS = "manage_costs"
    QUERY_STATISTICS = "query_statistics"
    CORRECT_DECISION = "correct_decision"


_ALL = set(Role)
ACTIONS: dict[Action, set[Role]] = {
    Action.READ_CASE: CASE_READERS,
    Action.CREATE_MELDING: {Role.POLITIE, Role.HOVJ},
    # The RiHG is filled in by the HOvJ (art. 2 lid 1 jo. art. 3 Wth; rihg.md).
    Action.EDIT_RIHG: {Role.HOVJ},
    # risicotaxatie -> geen_huisverbod: HOvJ or burgemeester (procedure.md section 6).
    Action.DECIDE_NO_ORDER: {Role.HOVJ, Role.BURGEMEESTER, Role.LOCO_BURGEMEESTER},
    Action.DRAFT_BESCHIKKING: {Role.HOVJ},
    # The burgemeester decides (art. 2 Wth); loco acting for him; HOvJ only under mandate (art. 3).
    Action.SIGN: {Role.BURGEMEESTER, Role.LOCO_BURGEMEESTER, Role.HOVJ},
    Action.SERVE: {Role.HOVJ},
    Action.VERIFY_SIGNATURE: _ALL,
    Action.VIEW_STATISTICS: {Role.MANAGER, Role.BELEIDSADVISEUR},
    Action.MANAGE_USERS: {Role.BEHEERDER},
    Action.VIEW_AUDIT: {Role.BEHEERDER},
    # managers see costs and savings (their municipality, or the region without a municipality)
    Action.VIEW_COSTS: {Role.MANAGER},
    # tariffs, population and accession records are installation data kept by the beheerder
    Action.MANAGE_COSTS: {Role.BEHEERDER},
    # the read-only SQL box over the anonymous views (issue 6)
    Action.QUERY_STATISTICS: {Role.BELEIDSADVISEUR},
    # a herstelbesluit is a new decision of the burgemeester (or loco), with its own appeal term
    Action.CORRECT_DECISION: {Role.BURGEMEESTER, Role.LOCO_BURGEMEESTER},
}


class Page(StrEnum):
    WERKVOORRAAD = "werkvoorraad"
    MELDING = "melding"
    ZAKEN = "zaken"
    ZAAK = "zaak"
    RIHG = "rihg"
    BESCHIKKING = "beschikking"
    ONDERTEKENEN = "ondertekenen"
    UITREIKING = "uitreiking"
    GEBEURTENISSEN = "gebeurtenissen"
    VERLENGING = "verlenging"
    HERSTEL = "herstel"
    BEROEP = "beroep"
    ARCHIEF = "archief"
    OVERZICHT = "overzicht"
    VERKENNER = "verkenner"
    KOSTEN = "kosten"
    TIJDSBESPARING = "tijdsbesparing"
    AANSLUITING = "aansluiting"
    GEBRUIKERS = "gebruikers"
    TARIEVEN = "tarieven"
    AUDIT = "audit"
    CONTROLEREN = "controleren"   # last: no role starts here


PAGES: dict[Page, set[Role]] = {
    Page.WERKVOORRAAD: CASE_READERS,
    Page.MELDING: ACTIONS[Action.CREATE_MELDING],
    Page.ZAKEN: CASE_READERS,
    Page.ZAAK: CASE_READERS,
    Page.RIHG: ACTIONS[Action.EDIT_RIHG],
    Page.BESCHIKKING: ACTIONS[Action.DRAFT_BESCHIKKING],
    Page.ONDERTEKENEN: ACTIONS[Action.SIGN],
    Page.UITREIKING: ACTIONS[Action.SERVE],
    Page.GEBEURTENISSEN: CASE_READERS,
    # extension and withdrawal: the burgemeester (or loco) only, never in mandate (art. 9, art. 2 lid 9 Wth)
    Page.VERLENGING: {Role.BURGEMEESTER, Role.LOCO_BURGEMEESTER},
    Page.BEROEP: {Role.GEMEENTE, Role.BURGEMEESTER, Role.LOCO_BURGEMEESTER},
    Page.ARCHIEF: MUNICIPAL_ROLES,
    Page.CONTROLEREN: ACTIONS[Action.VERIFY_SIGNATURE],
    Page.OVERZICHT: ACTIONS[Action.VIEW_STATISTICS],
    Page.VERKENNER: ACTIONS[Action.VIEW_STATISTICS],
    Page.KOSTEN: ACTIONS[Action.VIEW_COSTS],
    Page.TIJDSBESPARING: ACTIONS[Action.VIEW_COSTS],
    Page.AANSLUITING: ACTIONS[Action.VIEW_COSTS] | ACTIONS[Action.MANAGE_COSTS],
    Page.GEBRUIKERS: ACTIONS[Action.MANAGE_USERS],
    Page.TARIEVEN: ACTIONS[Action.MANAGE_COSTS],
    Page.AUDIT: ACTIONS[Action.VIEW_AUDIT],
    Page.HERSTEL: ACTIONS[Action.CORRECT_DECISION],
}


def pages_for(role: Role) -> list[Page]:
    """The pages ``role`` may use, in menu order."""
    return [p for p in Page if role in PAGES[p]]


@dataclass(frozen=True)
class Actor:
    """The logged-in user as the services see it.

    Attributes:
        username, name: login name and display name.
        role: the user's role.
        municipality_code: CBS code (GM....) for municipal roles and municipal managers, else None.
        subregion: "Noord-Limburg" / "Midden-Limburg" for police and care partners, else None.
    """

    username: str
    name: str
    role: Role
    municipality_code: str | None = None
    subregion: str | None = None


def may(actor: Actor, action: Action) -> bool:
    return actor.role in ACTIONS[action]


def require_action(actor: Actor, action: Action) -> None:
    """Raise :class:`NotAuthorized` unless ``actor``'s role may take ``action``."""
    if not may(actor, action):
        raise NotAuthorized(f"Uw rol ({actor.role.label}) mag deze handeling niet uitvoeren.")


def in_scope(actor: Actor, municipality_code: str, subregion: str) -> bool:
    """Whether a case of ``municipality_code`` (in ``subregion``) is within the actor's scope."""
    if actor.role in MUNICIPAL_ROLES:
        return actor.municipality_code == municipality_code
    if actor.role in SUBREGIONAL_ROLES:
        return actor.subregion == subregion
    return False


def require_actor(actor: object, message: str = "U bent niet (meer) ingelogd.") -> Actor:
    """The logged-in user, for actions every role may take on its own behalf (own drafts, own event kinds).

    Raises:
        NotAuthorized: ``actor`` is not a logged-in user.
    """
    if not isinstance(actor, Actor):
        raise NotAuthorized(message)
    return actor
