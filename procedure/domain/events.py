"""Events during a running order: the kinds, who may record each, and which fields each needs.
Implements art. 2 lid 6 and 8, art. 3 lid 2, art. 4 lid 2, art. 5, art. 9 (zorgadvies) and art. 11 Wth (breach)."""
from __future__ import annotations

from dataclasses import dataclass

from procedure.domain.roles import CARE_ROLES, POLICE_ROLES, Role


@dataclass(frozen=True)
class EventKind:
    label: str
    roles: frozenset[Role]
    needs_reference: bool = False    # e.g. police report number of a breach
    needs_outcome: bool = False
    needs_organisation: bool = False
    needs_date: bool = False
    needs_note: bool = False


_MUNICIPALITY = frozenset({Role.GEMEENTE})

#: the kinds a user records (kind -> what it is and who may record it)
EVENT_KINDS: dict[str, EventKind] = {
    "sleutels_ingenomen": EventKind("Sleutels ingenomen (ontvangstbewijs, art. 4 lid 2 Wth)", POLICE_ROLES,
                                    needs_reference=True),
    "contactadres": EventKind("Contactadres uithuisgeplaatste doorgegeven (art. 2 lid 6 Wth)",
                              POLICE_ROLES | CARE_ROLES | _MUNICIPALITY, needs_note=True),
    "huishouden_geinformeerd": EventKind("Huisgenoten geïnformeerd (art. 2 lid 8 Wth)", POLICE_ROLES),
    "naar_veilig_thuis": EventKind("Beschikking verstuurd naar Veilig Thuis / hulpverlening (art. 2 lid 8 Wth)",
                                   POLICE_ROLES | _MUNICIPALITY, needs_organisation=True),
    "hovj_rapport": EventKind("HOvJ heeft de burgemeester ingelicht (art. 3 lid 2 Wth)", frozenset({Role.HOVJ})),
    "advocaat_gevraagd": EventKind("Advocaat gevraagd (art. 5 Wth)", POLICE_ROLES | _MUNICIPALITY),
    "advocaat_toegewezen": EventKind("Advocaat toegewezen", POLICE_ROLES | _MUNICIPALITY, needs_organisation=True),
    "hulpverleningscontact": EventKind("Contact hulpverlening", CARE_ROLES, needs_outcome=True),
    "systeemgesprek": EventKind("Systeemgesprek", CARE_ROLES, needs_outcome=True),
    "zorgadvies": EventKind("Zorgadvies voor het verlengingsbesluit", CARE_ROLES, needs_organisation=True,
                            needs_date=True, needs_note=True),
    "overtreding": EventKind("Overtreding huisverbod (art. 11 Wth)", POLICE_ROLES, needs_reference=True),
    "huishoudwijziging": EventKind("Wijziging huishouden (bijv. slachtoffer verhuisd, kinderen elders geplaatst)",
                                   POLICE_ROLES | CARE_ROLES | _MUNICIPALITY, needs_note=True),
}
#: kinds the services record themselves (a decision of the burgemeester), with their labels
SYSTEM_EVENT_LABELS = {"herbeoordeling": "Herbeoordeling door de burgemeester",
                       "zorgadvies_gebruikt": "Zorgadvies gebruikt bij verlengingsbesluit",
                       "verlenging_vernietigd": "Verlenging vernietigd door de rechter (einde teruggezet)",
                       "verlenging_vernietigd_gecorrigeerd": "Vernietiging verlenging gecorrigeerd",
                       "intrekking_vernietigd": "Intrekking vernietigd door de rechter: de burgemeester beslist "
                                                "opnieuw (het huisverbod herleeft niet vanzelf)",
                       "intrekking_vernietigd_gecorrigeerd": "Vernietiging intrekking gecorrigeerd"}
#: every kind's Dutch label
EVENT_LABELS = {**{k: e.label for k, e in EVENT_KINDS.items()}, **SYSTEM_EVENT_LABELS}
#: kinds whose facts are newer than the imposition and can carry an extension (art. 9 Wth: the current situation)
CURRENT_FACT_KINDS = ("hulpverleningscontact", "systeemgesprek", "zorgadvies", "overtreding", "huishoudwijziging")
#: event kinds whose organisation is the same body: a form for one is prefilled from an earlier one on the case
ORGANISATION_FAMILIES = (
    frozenset({"naar_veilig_thuis", "zorgadvies", "zorgadvies_gebruikt", "hulpverleningscontact", "systeemgesprek"}),
    frozenset({"advocaat_gevraagd", "advocaat_toegewezen"}),
)
#: kinds of contact details on a case
CONTACT_KINDS = ("professional", "persoon")
