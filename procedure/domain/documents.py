"""Document vocabulary: the kinds of stored and on-demand documents, their titles, and how a herstelbesluit is
recognised. Implements art. 2 lid 4 and art. 9 Wth (the written decisions) and art. 6:7 Awb (one term per decision)."""
from __future__ import annotations

from typing import Any

#: the legal basis printed on the beschikking oplegging
LEGAL_BASIS = "artikel 2, eerste lid, van de Wet tijdelijk huisverbod"

#: stored documents (signed once, never overwritten)
DOC_BESCHIKKING = "beschikking_oplegging"
DOC_PV_UITREIKING = "pv_uitreiking"
DOC_VERLENGING = "beschikking_verlenging"
DOC_INTREKKING = "beschikking_intrekking"
#: a letter to the persons after a decision (issue 15, forms/letters.py), not signed
DOC_BRIEF = "brief_besluit"
DOC_LABELS = {DOC_BESCHIKKING: "Beschikking oplegging", DOC_PV_UITREIKING: "Proces-verbaal van uitreiking",
              DOC_VERLENGING: "Beschikking verlenging", DOC_INTREKKING: "Beschikking intrekking",
              DOC_BRIEF: "Brief over het besluit"}

#: documents rendered on demand from the case data (kind -> Dutch title)
ON_DEMAND = {
    "rihg_rapport": "RiHG-rapport",
    "melding_rapport": "Melding en bevindingen politie",
    "concept_beschikking": "Conceptbeschikking",
    "info_uithuisgeplaatste": "Informatie voor de uithuisgeplaatste",
    "info_achterblijvers": "Informatie voor de achterblijvers",
    "melding_veilig_thuis": "Melding aan Veilig Thuis / hulpverlening",
    "dossier_burgemeester": "Dossier voor de burgemeester",
}

CORRECTION_PREFIX = "herstel-v"


def is_correction(doc: dict[str, Any]) -> bool:
    """A stored beschikking oplegging with version > 1 is a herstelbesluit (signing makes only version 1)."""
    return doc["kind"] == DOC_BESCHIKKING and doc["version"] > 1


def correction_kind(version: int) -> str:
    """The decision kind of a herstelbesluit for appeals: ``herstel-v<version>`` (one term per decision)."""
    return f"{CORRECTION_PREFIX}{version}"
