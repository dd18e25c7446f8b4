"""Events during a running order: the kinds, who may record each, which fields each needs, and their facts as data.
Implements art. 2 lid 6 and 8, art. 3 lid 2, art. 4 lid 2, art. 5, art. 6, art. 9 (zorgadvies) and art. 11 Wth.

Issue 15: a household change names the person and the movement, a care advice the risk judgement, the help status
per party and the advice.

The free-text ``note`` of an event is a remark only: every fact a rule needs (procedure/domain/followup.py) is a
field of ``details`` (a dict per kind, validated by :func:`validate_details`, stored as JSON text).
"""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum
from typing import Any

from procedure.domain.answers import HelpStatus
from procedure.domain.errors import ValidationError
from procedure.domain.roles import CARE_ROLES, MAYOR_ROLES, POLICE_ROLES, Role


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
                              POLICE_ROLES | CARE_ROLES | _MUNICIPALITY),
    "huishouden_geinformeerd": EventKind("Huisgenoten geïnformeerd (art. 2 lid 8 Wth)", POLICE_ROLES),
    "naar_veilig_thuis": EventKind("Beschikking verstuurd naar Veilig Thuis / hulpverlening (art. 2 lid 8 Wth)",
                                   POLICE_ROLES | _MUNICIPALITY, needs_organisation=True),
    "hovj_rapport": EventKind("HOvJ heeft de burgemeester ingelicht (art. 3 lid 2 Wth)", frozenset({Role.HOVJ})),
    "advocaat_gevraagd": EventKind("Advocaat gevraagd (art. 5 Wth)", POLICE_ROLES | _MUNICIPALITY),
    "advocaat_toegewezen": EventKind("Advocaat toegewezen", POLICE_ROLES | _MUNICIPALITY, needs_organisation=True),
    "hulpverleningscontact": EventKind("Contact hulpverlening", CARE_ROLES, needs_outcome=True),
    "systeemgesprek": EventKind("Systeemgesprek", CARE_ROLES, needs_outcome=True),
    "zorgadvies": EventKind("Zorgadvies / systeemgesprek: risico, hulp en advies (art. 9 Wth)", CARE_ROLES,
                            needs_organisation=True, needs_date=True),
    "overtreding": EventKind("Overtreding huisverbod (art. 11 Wth)", POLICE_ROLES, needs_reference=True),
    "huishoudwijziging": EventKind("Wijziging huishouden (bijv. slachtoffer verhuisd, kinderen elders geplaatst)",
                                   POLICE_ROLES | CARE_ROLES | _MUNICIPALITY),
    "overtreding_opgevolgd": EventKind("Overtreding opgevolgd (art. 11 Wth)", POLICE_ROLES | _MUNICIPALITY),
    "zittingsdatum": EventKind("Zittingsdatum bekend (art. 6 Wth)", _MUNICIPALITY | MAYOR_ROLES),
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


# -- the facts of each kind as data (issue 15) -------------------------------------------------------------------------
class Movement(str, Enum):
    """What a household change does to one person."""

    VERTREKT = "vertrekt"
    KOMT_WONEN = "komt_wonen"
    ELDERS_GEPLAATST = "elders_geplaatst"
    KEERT_TERUG = "keert_terug"

    @property
    def label(self) -> str:
        return {"vertrekt": "Vertrekt uit de woning", "komt_wonen": "Komt in de woning wonen",
                "elders_geplaatst": "Elders geplaatst", "keert_terug": "Keert terug in de woning"}[self.value]

    @property
    def lives_in_home(self) -> bool:
        """Whether the person lives in the home after this change."""
        return self in (Movement.KOMT_WONEN, Movement.KEERT_TERUG)


#: where someone placed elsewhere stays
PLACEMENTS = {"opvang": "Opvang", "familie": "Familie of vrienden", "pleegzorg": "Pleegzorg",
              "anders": "Elders (anders)"}


class RiskJudgement(str, Enum):
    """The risk judgement of a care advice, compared with the moment of imposition (art. 9 Wth)."""

    TOEGENOMEN = "toegenomen"
    GELIJK = "gelijk gebleven"
    AFGENOMEN = "afgenomen"

    @property
    def label(self) -> str:
        return {"toegenomen": "Toegenomen", "gelijk gebleven": "Gelijk gebleven", "afgenomen": "Afgenomen"}[self.value]


class Advice(str, Enum):
    """What the care partners advise the burgemeester."""

    VERLENGEN = "verlengen"
    NIET_VERLENGEN = "niet verlengen"
    INTREKKEN = "intrekken"
    GEEN_ADVIES = "geen advies"

    @property
    def label(self) -> str:
        return {"verlengen": "Verlengen", "niet verlengen": "Niet verlengen", "intrekken": "Intrekken",
                "geen advies": "Geen advies"}[self.value]


#: the forms a care advice comes in
ADVICE_FORMS = {"zorgadvies": "Zorgadvies", "systeemgesprek": "Systeemgesprek", "zorgoverleg": "Zorgoverleg"}
#: party key of the removed person in a care advice's help statuses; household members are ``"lid:<id>"``
REMOVED_PARTY = "uithuisgeplaatste"
#: how a contact address arrived
ADDRESS_CHANGES = {"gegeven": "Gegeven", "gewijzigd": "Gewijzigd"}
#: what the police or the municipality did after a breach
BREACH_ACTIONS = {"pv_opgemaakt": "Proces-verbaal opgemaakt", "aangehouden": "Aangehouden",
                  "ovj_ingelicht": "Officier van justitie ingelicht", "gesprek": "Gesprek met betrokkene"}

#: kinds whose ``details`` hold facts a rule needs: kind -> the required keys (the rest is optional)
EVENT_FIELDS: dict[str, tuple[str, ...]] = {
    "huishoudwijziging": ("movement", "from_date"),
    "zorgadvies": ("form", "author", "risk", "help", "advice"),
    "contactadres": ("change", "address"),
    "sleutels_ingenomen": ("count",),
    "advocaat_toegewezen": ("lawyer",),
    "overtreding_opgevolgd": ("breach_event_id", "action"),
    "zittingsdatum": ("hearing_at", "court"),
}


def _text(value: Any, field: str, label: str, errors: dict[str, str], max_len: int = 200) -> str | None:
    if not isinstance(value, str) or not value.strip():
        errors[field] = f"{label} is verplicht."
        return None
    v = value.strip()
    if len(v) > max_len or any(ord(ch) < 32 for ch in v):
        errors[field] = f"{label}: te lang of met ongeldige tekens (maximaal {max_len} tekens, één regel)."
        return None
    return v


def _enum(cls, value: Any, field: str, message: str, errors: dict[str, str]):
    try:
        return cls(value)
    except ValueError:
        errors[field] = message
        return None


def validate_details(kind: str, raw: dict[str, Any] | None, *, members: list[dict[str, Any]],
                     events: list[dict[str, Any]] | None = None) -> dict[str, Any] | None:
    """The checked ``details`` of an event of ``kind`` (JSON-ready: dates as ISO text), or None for kinds without.

    Args:
        raw: the fields as the form gives them. members: the case's household list (``id``, ``name``,
            ``threatened``) — a household change names one of them or a new person; a care advice gives a help
            status for the removed person and for every protected member. events: the case's events (a breach
            follow-up names a breach of this case).

    Raises:
        ValidationError: with a Dutch message per field (``field_errors`` keyed ``details.<key>``).
    """
    if kind not in EVENT_FIELDS:
        return None
    raw = raw if isinstance(raw, dict) else {}
    errors: dict[str, str] = {}
    out: dict[str, Any] = {}
    if kind == "huishoudwijziging":
        mv = _enum(Movement, raw.get("movement"), "details.movement", "Kies wat er verandert.", errors)
        member_id = raw.get("member_id")
        ids = {m["id"]: m for m in members}
        if member_id not in (None, ""):
            if not isinstance(member_id, int) or member_id not in ids:
                errors["details.member_id"] = "Kies een persoon uit het huishouden van deze zaak."
            else:
                out["member_id"] = member_id
                out["person"] = ids[member_id]["name"]
        else:
            name = _text(raw.get("person"), "details.person", "Naam van de nieuwe persoon", errors)
            if name:
                out["person"] = name
                prot = raw.get("protected")
                if prot not in ("ja", "nee", "onbekend"):
                    errors["details.protected"] = "Geef aan of deze persoon beschermd moet worden (ja / nee / onbekend)."
                else:
                    out["protected"] = prot
        if mv is not None:
            out["movement"] = mv.value
            if mv is Movement.ELDERS_GEPLAATST:
                pl = raw.get("placement")
                if pl not in PLACEMENTS:
                    errors["details.placement"] = "Kies waar de persoon verblijft (opvang, familie, pleegzorg, anders)."
                else:
                    out["placement"] = pl
        fd = raw.get("from_date")
        if isinstance(fd, datetime):
            fd = fd.date()
        if not isinstance(fd, date):
            errors["details.from_date"] = "Vanaf welke datum geldt de wijziging?"
        else:
            out["from_date"] = fd.isoformat()
    elif kind == "zorgadvies":
        form = raw.get("form", "zorgadvies")
        if form not in ADVICE_FORMS:
            errors["details.form"] = "Kies: zorgadvies, systeemgesprek of zorgoverleg."
        out["form"] = form
        a = _text(raw.get("author"), "details.author", "Opgesteld door", errors)
        if a:
            out["author"] = a
        r = _enum(RiskJudgement, raw.get("risk"), "details.risk",
                  "Kies het risico-oordeel: toegenomen, gelijk gebleven of afgenomen.", errors)
        if r is not None:
            out["risk"] = r.value
        adv = _enum(Advice, raw.get("advice"), "details.advice",
                    "Kies het advies: verlengen, niet verlengen, intrekken of geen advies.", errors)
        if adv is not None:
            out["advice"] = adv.value
        help_raw = raw.get("help") if isinstance(raw.get("help"), dict) else {}
        parties = [REMOVED_PARTY] + [f"lid:{m['id']}" for m in members if m.get("threatened")]
        help_out, missing = {}, []
        for party in parties:
            hs = help_raw.get(party)
            try:
                help_out[party] = HelpStatus(hs).value
            except ValueError:
                missing.append(party_label(party, members))
        if missing:
            errors["details.help"] = "Geef de hulpstatus van: " + ", ".join(missing) + "."
        out["help"] = help_out
    elif kind == "contactadres":
        ch = raw.get("change")
        if ch not in ADDRESS_CHANGES:
            errors["details.change"] = "Kies: gegeven of gewijzigd."
        else:
            out["change"] = ch
        ad = _text(raw.get("address"), "details.address", "Contactadres", errors)
        if ad:
            out["address"] = ad
    elif kind == "sleutels_ingenomen":
        n = raw.get("count")
        if not isinstance(n, int) or isinstance(n, bool) or not 1 <= n <= 50:
            errors["details.count"] = "Aantal sleutels: een heel getal van 1 tot 50."
        else:
            out["count"] = n
    elif kind == "advocaat_toegewezen":
        lw = _text(raw.get("lawyer"), "details.lawyer", "Naam van de advocaat", errors)
        if lw:
            out["lawyer"] = lw
    elif kind == "overtreding_opgevolgd":
        bid = raw.get("breach_event_id")
        if not any(e["id"] == bid and e["kind"] == "overtreding" for e in events or []):
            errors["details.breach_event_id"] = "Kies de overtreding van deze zaak die is opgevolgd."
        else:
            out["breach_event_id"] = bid
        act = raw.get("action")
        if act not in BREACH_ACTIONS:
            errors["details.action"] = "Kies wat er is gedaan."
        else:
            out["action"] = act
    elif kind == "zittingsdatum":
        at = raw.get("hearing_at")
        if not isinstance(at, datetime) or at.tzinfo is None:
            errors["details.hearing_at"] = "Datum en tijd van de zitting zijn verplicht."
        else:
            out["hearing_at"] = at.isoformat()
        court = _text(raw.get("court"), "details.court", "Rechtbank", errors)
        if court:
            out["court"] = court
    if errors:
        if len(errors) == 1:
            raise ValidationError(next(iter(errors.values())), field_errors=errors)
        raise ValidationError(f"Niet alle velden zijn goed ingevuld. Zie de {len(errors)} meldingen bij de velden.",
                              field_errors=errors)
    return out


def party_label(party: str, members: list[dict[str, Any]]) -> str:
    """The Dutch name of a help-status party: "de uithuisgeplaatste" or the member's name."""
    if party == REMOVED_PARTY:
        return "de uithuisgeplaatste"
    mid = party.removeprefix("lid:")
    return next((m["name"] for m in members if str(m["id"]) == mid), party)


def dump_details(details: dict[str, Any] | None) -> str | None:
    """The JSON text stored for ``details`` (None stays None)."""
    return None if details is None else json.dumps(details, ensure_ascii=False, sort_keys=True)


def load_details(text: str | None) -> dict[str, Any]:
    """The ``details`` dict of a stored event (empty for events without details)."""
    if not text:
        return {}
    try:
        v = json.loads(text)
    except ValueError:
        return {}
    return v if isinstance(v, dict) else {}


def household_now(members: list[dict[str, Any]], events: list[dict[str, Any]], on: date) -> list[dict[str, Any]]:
    """Who lives in the home on ``on``: the household list (``residence`` woont / verblijft) changed by every household
    change dated on or before ``on``, in order of that date (then of recording).

    Args:
        members: household_member rows (``id``, ``name``, ``relation``, ``residence``, ``threatened``).
        events: the case's events with parsed ``details`` (other kinds are ignored).

    Returns:
        one dict per person living there: ``name``, ``member_id`` (None for someone who moved in), ``protected``
        (True / False / None for onbekend), ``since`` (date of the change or None).
    """
    home: dict[str, dict[str, Any]] = {}
    for m in members:
        if m.get("residence") in ("woont", "verblijft"):
            home[f"lid:{m['id']}"] = {"name": m["name"], "member_id": m["id"], "protected": bool(m["threatened"]),
                                      "since": None}
    changes = [e for e in events if e["kind"] == "huishoudwijziging" and e.get("details")]
    changes.sort(key=lambda e: (e["details"]["from_date"], e["id"]))
    by_id = {m["id"]: m for m in members}
    for e in changes:
        d = e["details"]
        fd = date.fromisoformat(d["from_date"])
        if fd > on:
            continue
        key = f"lid:{d['member_id']}" if d.get("member_id") is not None else f"nieuw:{d['person'].lower()}"
        if Movement(d["movement"]).lives_in_home:
            if d.get("member_id") is not None:
                m = by_id.get(d["member_id"], {})
                prot = bool(m.get("threatened"))
            else:
                prot = {"ja": True, "nee": False}.get(d.get("protected"))
            home[key] = {"name": d["person"], "member_id": d.get("member_id"), "protected": prot, "since": fd}
        else:
            home.pop(key, None)
    return list(home.values())


def details_summary(kind: str, details: dict[str, Any], members: list[dict[str, Any]]) -> str:
    """One Dutch line with the facts of an event, for the timeline ("" when it has none)."""
    if not details:
        return ""
    if kind == "huishoudwijziging":
        where = f" ({PLACEMENTS[details['placement']].lower()})" if details.get("placement") else ""
        return (f"{details['person']}: {Movement(details['movement']).label.lower()}{where}, vanaf "
                f"{date.fromisoformat(details['from_date']).strftime('%d-%m-%Y')}")
    if kind == "zorgadvies":
        help_ = "; ".join(f"{party_label(p, members)}: {s}" for p, s in details.get("help", {}).items())
        return (f"{ADVICE_FORMS.get(details.get('form'), 'Zorgadvies')} door {details.get('author', '')}: risico "
                f"{details['risk']}; hulp — {help_}; advies: {details['advice']}")
    if kind == "contactadres":
        return f"{ADDRESS_CHANGES[details['change']]}: {details['address']}"
    if kind == "sleutels_ingenomen":
        return f"{details['count']} sleutel(s)"
    if kind == "advocaat_toegewezen":
        return f"Advocaat: {details['lawyer']}"
    if kind == "overtreding_opgevolgd":
        return f"{BREACH_ACTIONS[details['action']]} (overtreding {details['breach_event_id']})"
    if kind == "zittingsdatum":
        return f"Zitting {datetime.fromisoformat(details['hearing_at']).strftime('%d-%m-%Y %H:%M')}, {details['court']}"
    return ""
