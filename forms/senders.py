"""Who sends each Wth document: the one place that decides the letterhead, the PDF author and the organisation
line of the signature stamp and of a signer's certificate. Implements art. 2 lid 1 and 4 Wth (the burgemeester
decides), art. 3 Wth (the hulpofficier van justitie acts, in mandate or as officer) and art. 4 lid 2 Wth (the
police takes in the keys and writes the proces-verbaal van uitreiking).

A decision of the burgemeester (also when the HOvJ signs it in mandate) carries the municipal letterhead
"Gemeente <naam> / De burgemeester van <naam>". A report the police officer writes in his own name — the
proces-verbaal van uitreiking, the melding report and the RiHG — carries the police letterhead
"Politie / <eenheid>" with the officer and his capacity; it never names a municipality as its sender. The zorgadvies
(art. 9 Wth) is the care agency's advice: its letterhead names that agency (by default Veilig Thuis).
"""
from __future__ import annotations

from dataclasses import dataclass

#: the police unit of the Noord- and Midden-Limburg municipalities this installation serves
POLICE_UNIT = "Eenheid Limburg, district Noord- en Midden-Limburg"
POLICE_ORGANISATION = "Politie"

#: document kind -> who makes it ("burgemeester", "politie" or "hulpverlening": the care agency that advises)
SENDER_OF_KIND: dict[str, str] = {
    "beschikking_oplegging": "burgemeester",
    "beschikking_verlenging": "burgemeester",
    "beschikking_intrekking": "burgemeester",
    "info_uithuisgeplaatste": "burgemeester",
    "info_achterblijvers": "burgemeester",
    "melding_veilig_thuis": "burgemeester",
    "dossier_burgemeester": "burgemeester",
    "brief_besluit": "burgemeester",    # the letter to a person after a decision (issue 15)
    "zorgadvies": "hulpverlening",      # written by the care agency (Veilig Thuis), not by the burgemeester
    "pv_uitreiking": "politie",
    "melding_rapport": "politie",
    "rihg_rapport": "politie",
}


@dataclass(frozen=True)
class Sender:
    """The sender of one document.

    Attributes:
        organisation: first letterhead line and organisation of the stamp / certificate, e.g. "Gemeente Venlo"
            or "Politie".
        department: second letterhead line, e.g. "De burgemeester van Venlo" or the police unit.
        is_police: True for a police document (its signature block names the officer and his capacity).
    """

    organisation: str
    department: str
    is_police: bool

    @property
    def stamp_organisation(self) -> str:
        """The organisation line in a signature stamp and a certificate's O= attribute."""
        return f"{self.organisation} {self.department}" if self.is_police else self.organisation


def municipal_sender(municipality_name: str) -> Sender:
    return Sender(f"Gemeente {municipality_name}", f"De burgemeester van {municipality_name}", False)


def police_sender(unit: str = POLICE_UNIT) -> Sender:
    return Sender(POLICE_ORGANISATION, unit, True)


#: the care agency whose advice the burgemeester needs for an extension (art. 9 Wth), when the advice names none
DEFAULT_CARE_AGENCY = "Veilig Thuis"


def care_sender(organisation: str, municipality_name: str) -> Sender:
    return Sender(organisation or DEFAULT_CARE_AGENCY, f"Zorgadvies aan de burgemeester van {municipality_name}", False)


def sender_for(kind: str, municipality_name: str, organisation: str = "") -> Sender:
    """The sender of a document of ``kind`` (a key of :data:`SENDER_OF_KIND`); ``organisation`` names the care
    agency of a zorgadvies (default :data:`DEFAULT_CARE_AGENCY`).

    Raises:
        KeyError: an unknown kind — every document must have its sender decided here.
    """
    who = SENDER_OF_KIND[kind]
    if who == "politie":
        return police_sender()
    if who == "hulpverlening":
        return care_sender(organisation, municipality_name)
    return municipal_sender(municipality_name)


def sender_for_role(role: str, municipality_name: str) -> Sender:
    """The organisation a signer belongs to, by role value: the HOvJ and police officers belong to the police,
    the (loco-)burgemeester to the municipality — for demo certificates and stamps."""
    return police_sender() if role in ("hovj", "politie") else municipal_sender(municipality_name)
