"""Appeal vocabulary: beroep and voorlopige voorziening, the decisions they can be against, and the court's outcomes.
Implements art. 6 Wth (hearing within 3 days) and art. 6:7 Awb (each decision its own term); R06."""
from __future__ import annotations

from procedure.domain.documents import CORRECTION_PREFIX

APPEAL_KINDS = {"beroep": "Beroep", "voorlopige_voorziening": "Voorlopige voorziening"}
DECISION_KINDS = {"oplegging": "Oplegging", "verlenging": "Verlenging", "intrekking": "Intrekking"}
APPEAL_OUTCOMES = {"ongegrond": "Ongegrond (besluit blijft)", "vernietigd": "Vernietigd",
                   "vernietigd_rechtsgevolgen_in_stand": "Vernietigd, rechtsgevolgen in stand gelaten",
                   "schadevergoeding": "Schadevergoeding toegekend"}


def decision_label(kind: str) -> str:
    """Dutch label of a decision kind; a herstelbesluit is ``herstel-v<n>``."""
    if isinstance(kind, str) and kind.startswith(CORRECTION_PREFIX):
        return f"Herstelbesluit (versie {kind.removeprefix(CORRECTION_PREFIX)})"
    return DECISION_KINDS.get(kind, str(kind))


def is_decision_kind(kind: object) -> bool:
    """Whether ``kind`` names a decision an appeal can be against (oplegging, verlenging, intrekking, herstel-v<n>)."""
    return isinstance(kind, str) and (kind in DECISION_KINDS or kind.startswith(CORRECTION_PREFIX))
