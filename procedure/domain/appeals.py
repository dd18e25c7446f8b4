"""Appeal vocabulary: beroep and voorlopige voorziening, the decisions they can be against, who lodges them, how a
decision is made known, and the court's outcomes. Implements art. 6 Wth (hearing within 3 days), art. 3:41 Awb
(making known: uitreiking, toezending, depot) and art. 6:7-6:8 Awb (each decision its own term, from the day after it
was made known); R06."""
from __future__ import annotations

import re
from datetime import datetime

from procedure.domain.deadlines import AMS, appeal_term_end
from procedure.domain.documents import (CORRECTION_PREFIX, DOC_INTREKKING, DOC_VERLENGING, correction_kind,
                                        is_correction)
from procedure.domain.local_time import long_date

APPEAL_KINDS = {"beroep": "Beroep", "voorlopige_voorziening": "Voorlopige voorziening"}
DECISION_KINDS = {"oplegging": "Oplegging", "verlenging": "Verlenging", "intrekking": "Intrekking"}
APPEAL_OUTCOMES = {"ongegrond": "Ongegrond (besluit blijft)", "vernietigd": "Vernietigd",
                   "vernietigd_rechtsgevolgen_in_stand": "Vernietigd, rechtsgevolgen in stand gelaten",
                   "schadevergoeding": "Schadevergoeding toegekend"}


#: who lodged the appeal or the request for a voorlopige voorziening
LODGERS = {"uithuisgeplaatste": "De uithuisgeplaatste", "beschermde_persoon": "Een beschermde persoon (achterblijver)",
           "ander": "Iemand anders"}
#: how a later decision (verlenging, intrekking, herstelbesluit) reached the person (art. 3:41 Awb)
MADE_KNOWN_HOW = {"uitreiking": "Uitgereikt aan betrokkene", "toezending": "Toegezonden (post of e-mail)",
                  "depot": "Persoon niet gevonden: gedeponeerd bij de gemeentesecretarie"}
#: the largest appeal letter accepted (bytes)
MAX_LETTER_BYTES = 20 * 1024 * 1024
#: what a court needs of a registered appeal -> Dutch label (shown when missing)
APPEAL_DETAILS = {"lodged_by": "wie het indient", "court": "rechtbank", "court_case_number": "zaaknummer van de rechtbank",
                  "letter": "de brief (PDF)"}


def safe_letter_filename(name: str | None) -> str:
    """The name an appeal letter is stored and offered under: the last part of what the browser sent (no folders, no
    control characters or characters that are unsafe in a file name), at most 120 characters, ending in ``.pdf``;
    ``brief.pdf`` when nothing is left."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '<>:"|?*').strip().strip(".")
    stem = base[:-4] if base.lower().endswith(".pdf") else base
    stem = stem.strip()[:116]
    return f"{stem}.pdf" if stem else "brief.pdf"


def appeal_missing(appeal: dict, has_letter: bool) -> list[str]:
    """Dutch labels of what a court needs but this appeal row does not hold yet (empty when complete)."""
    out = [label for f, label in APPEAL_DETAILS.items() if f != "letter" and not (appeal.get(f) or "").strip()]
    if appeal.get("lodged_by") in ("beschermde_persoon", "ander") and not (appeal.get("lodged_by_name") or "").strip():
        out.append("naam van wie het indient")
    if not has_letter:
        out.append(APPEAL_DETAILS["letter"])
    return out


def appeal_term_sentence(made_known_at: datetime | None) -> str:
    """The sentence a letter to the person states about its appeal term (art. 6:7-6:8 Awb), or, before the
    decision is made known, how the term will run. Uses :func:`procedure.domain.deadlines.appeal_term_end`."""
    if made_known_at is None:
        return ("De termijn voor beroep is zes weken. Die termijn begint op de dag na de dag waarop dit besluit aan u "
                "bekend is gemaakt.")
    end = appeal_term_end(made_known_at)
    return (f"Dit besluit is aan u bekendgemaakt op {long_date(made_known_at.astimezone(AMS).date())}. "
            f"U kunt beroep instellen tot en met {long_date(end)} (zes weken vanaf de dag na de bekendmaking).")


def decisions_with_terms(case: dict, documents: list[dict], made_known: dict[str, dict]) -> list[dict]:
    """Each decision of a case, in order, with when it was made known and its own appeal term (art. 6:7-6:8 Awb).

    Args:
        case: the hv_case row (served_at, oral_order_at, made_known_at, made_known_how, decided_at).
        documents: the case's stored documents (id, kind, version, signed_at), oldest first.
        made_known: document id -> decision_made_known row (how, made_known_at) for later decisions.

    Returns:
        dicts with ``decision_kind``, ``label``, ``document_id`` (None for the imposition), ``signed_at``,
        ``made_known_at`` and ``how`` (None while not made known) and ``term_end`` (local date; None while not made
        known: the term has not started); a verlenging also ``extends_end_at``: the end it extends (it must be made
        known before that end, art. 9 Wth; None when unknown), every other decision None. The imposition is made known by service or by making the written oral
        order known (art. 2 lid 7 Wth); a verlenging, intrekking or herstelbesluit by its own uitreiking,
        toezending or depot (art. 3:41 Awb), never by signing — except a herstelbesluit signed before the
        imposition was made known: that one is handed over with it.
    """
    out: list[dict] = []
    imposed_known = case["made_known_at"] or (case["served_at"] if case["oral_order_at"] is None else None)
    if case["served_at"] is not None or case["oral_order_at"] is not None:
        out.append({"decision_kind": "oplegging", "document_id": None, "signed_at": case["decided_at"],
                    "made_known_at": imposed_known,
                    "how": (case.get("made_known_how") or "uitreiking") if imposed_known is not None else None,
                    "extends_end_at": None})
    for d in documents:
        if is_correction(d):
            kind = correction_kind(d["version"])
        elif d["kind"] in (DOC_VERLENGING, DOC_INTREKKING):
            kind = "verlenging" if d["kind"] == DOC_VERLENGING else "intrekking"
        else:
            continue
        m = made_known.get(d["id"])
        at, how = (m["made_known_at"], m["how"]) if m else (None, None)
        if m is None and is_correction(d) and (imposed_known is None or d["signed_at"] <= imposed_known):
            # a herstelbesluit signed before the imposition reached the person is handed over with it
            at, how = imposed_known, out[0]["how"] if out and imposed_known is not None else None
        extends = None
        if kind == "verlenging":     # the end this extension extends; before migration 019 only v1 is known
            extends = d.get("extends_end_at") or (case.get("original_end_at") if d["version"] == 1 else None)
        out.append({"decision_kind": kind, "document_id": d["id"], "signed_at": d["signed_at"],
                    "made_known_at": at, "how": how, "extends_end_at": extends})
    for d in out:
        d["label"] = decision_label(d["decision_kind"])
        d["term_end"] = appeal_term_end(d["made_known_at"]) if d["made_known_at"] is not None else None
    return out


def later_decision_term_sentence(d: dict) -> str:
    """For a letter to the person: the appeal term of one later decision (an item of :func:`decisions_with_terms`),
    with its end date once it was made known."""
    what = d["label"].lower() if not d["decision_kind"].startswith(CORRECTION_PREFIX) else "het herstelbesluit"
    what = f"de {what}" if d["decision_kind"] in ("verlenging", "intrekking") else what
    if d["made_known_at"] is None:
        return (f"Tegen {what} kunt u apart beroep instellen. De termijn van 6 weken begint op de dag na de dag "
                "waarop dat besluit aan u bekend is gemaakt.")
    return (f"Tegen {what} (aan u bekendgemaakt op {long_date(d['made_known_at'].astimezone(AMS).date())}) kunt u "
            f"apart beroep instellen tot en met {long_date(d['term_end'])}.")


def late_extension_message(end: datetime) -> str:
    """Why a verlenging made known at or after ``end`` (the end it extends) does not extend the order (art. 9 Wth,
    art. 3:40 Awb: a decision takes effect only once made known; procedure.md section 5)."""
    from_end = f"{long_date(end.astimezone(AMS).date())} {end.astimezone(AMS):%H:%M}"
    return (f"De verlenging is niet vóór het einde van het huisverbod ({from_end}) bekendgemaakt; het huisverbod is "
            "toen geëindigd en kan niet meer worden verlengd (art. 9 Wth). Leg een eerder moment van bekendmaking "
            "vast als de verlenging wel op tijd is uitgereikt of toegezonden; anders beslist de burgemeester opnieuw.")


def unconfirmed_extensions(decisions: list[dict], now: datetime) -> list[str]:
    """For the case page: a :func:`late_extension_message` per verlenging (items of :func:`decisions_with_terms`) whose
    extended end has passed at ``now`` while no making known before it is on record — the order may have ended then.
    """
    return [late_extension_message(d["extends_end_at"]) for d in decisions
            if d["decision_kind"] == "verlenging" and d["made_known_at"] is None and d["extends_end_at"] is not None
            and d["extends_end_at"] <= now]


def end_after_annulled_extension(original_end: datetime, ruling_at: datetime) -> datetime:
    """The end of an order whose extension (art. 9 Wth) the court annulled: back to the end before the extension; when
    the ruling comes after that end, the order ended at the ruling moment (the person was bound by the extension
    until the court took it away; it cannot end in the past retroactively). Aware datetimes; result in
    Europe/Amsterdam."""
    return max(original_end, ruling_at).astimezone(AMS)


def decision_label(kind: str) -> str:
    """Dutch label of a decision kind; a herstelbesluit is ``herstel-v<n>``."""
    if isinstance(kind, str) and kind.startswith(CORRECTION_PREFIX):
        return f"Herstelbesluit (versie {kind.removeprefix(CORRECTION_PREFIX)})"
    return DECISION_KINDS.get(kind, str(kind))


def is_decision_kind(kind: object) -> bool:
    """Whether ``kind`` names a decision an appeal can be against (oplegging, verlenging, intrekking, herstel-v<n>)."""
    return isinstance(kind, str) and (kind in DECISION_KINDS or kind.startswith(CORRECTION_PREFIX))
