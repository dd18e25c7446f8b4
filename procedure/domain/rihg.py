"""RiHG — Risicotaxatie-instrument Huiselijk Geweld: catalogue, advice rule, completeness and the decision check.
Implements art. 2 lid 1 Wth with art. 2 Bth and its annex (the only facts the burgemeester may weigh); R01.

Over 500 lines on purpose: one cohesive thing, the instrument — its catalogue, the advice rule and the checks a
finalised RiHG must pass read best side by side (they share the catalogue's shapes and the Dutch messages).

The instrument follows the annex of the Besluit tijdelijk huisverbod (Bth art. 2 en bijlage): the
annex lists the only facts and circumstances the burgemeester may weigh, in 3 parts, 20 signals and
79 items. The catalogue is data (``data/rihg_catalogus_v1.json``), not code, so a revision of the
instrument is a new file, not a code change.

Shapes used throughout:

* item codes ``"A1.1"``, signal codes ``"A1"``, part codes ``"A"`` (our codes, not the annex's);
* ``answers``: item code -> ``True`` (ja) / ``False`` (nee); a missing key or ``None`` is unanswered;
* ``colours``: signal code -> :class:`Colour` (its string value ``"rood"`` etc. is accepted too);
* ``facts``: :class:`Fact` objects linked to a signal code, each with the source it rests on.

Pure logic: no Streamlit, no SQL, no I/O except reading the catalogue file.
"""
from __future__ import annotations

import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from typing import Any

from procedure.domain.errors import RuleViolation, ValidationError

DEFAULT_CATALOGUE_PATH = Path(__file__).resolve().parents[2] / "data" / "rihg_catalogus_v1.json"

#: Advice rule of the instrument: this many red signals within one part indicate a huisverbod.
RED_SIGNALS_PER_PART_THRESHOLD = 2

#: Minimum and maximum length (characters, after stripping) of the written reasons for the decision.
MIN_REASONS_LENGTH = 20
MAX_REASONS_LENGTH = 5000


class Colour(StrEnum):
    """Colour the assessor gives a signal (Bth bijlage; RiHG handleiding).

    A professional judgement on the items of the signal, not a sum of yes-answers.
    """

    ROOD = "rood"  # high risk
    BLAUW = "blauw"  # medium risk
    GEEL = "geel"  # low risk

    @property
    def label(self) -> str:
        """Dutch display label, capitalised (``"Rood"``)."""
        return _COLOUR_LABELS[self]


_COLOUR_LABELS = {Colour.ROOD: "Rood", Colour.BLAUW: "Blauw", Colour.GEEL: "Geel"}

#: Colours that must be backed by at least one sourced fact (R01).
_COLOURS_NEEDING_EVIDENCE = (Colour.ROOD, Colour.BLAUW)


# --------------------------------------------------------------------------------------------------
# Catalogue
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One yes/no question of a signal, e.g. ``Item("B3.4", "Wurging")``."""

    code: str
    label: str


@dataclass(frozen=True)
class Signal:
    """One signal (e.g. B3 Lichamelijk geweld) with its items; ``part`` is the part code."""

    code: str
    label: str
    part: str
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Part:
    """One part of the instrument (A, B or C in version 2009-1) with its signals."""

    code: str
    label: str
    signals: tuple[Signal, ...]


@dataclass(frozen=True)
class Catalogue:
    """A version of the RiHG catalogue (Bth art. 2 en bijlage).

    Build it with :func:`load_catalogue`; the constructor does not validate.
    """

    version: str
    title: str
    source: str
    parts: tuple[Part, ...]
    _signal_index: dict[str, Signal] = field(init=False, repr=False, compare=False)
    _item_index: dict[str, Item] = field(init=False, repr=False, compare=False)
    _part_index: dict[str, Part] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Frozen: the lookup indexes are derived once here.
        object.__setattr__(self, "_part_index", {p.code: p for p in self.parts})
        object.__setattr__(self, "_signal_index", {s.code: s for p in self.parts for s in p.signals})
        object.__setattr__(
            self, "_item_index", {i.code: i for p in self.parts for s in p.signals for i in s.items}
        )

    @property
    def signals(self) -> tuple[Signal, ...]:
        """All signals in catalogue order (A1 … C6)."""
        return tuple(self._signal_index.values())

    @property
    def items(self) -> tuple[Item, ...]:
        """All items in catalogue order (A1.1 … C6.6)."""
        return tuple(self._item_index.values())

    def signal(self, code: str) -> Signal:
        """The signal with this code. Raises ``KeyError`` for an unknown code."""
        try:
            return self._signal_index[code]
        except KeyError:
            raise KeyError(f"onbekend RiHG-signaal: {code!r}") from None

    def part(self, code: str) -> Part:
        """The part with this code. Raises ``KeyError`` for an unknown code."""
        try:
            return self._part_index[code]
        except KeyError:
            raise KeyError(f"onbekend RiHG-deel: {code!r}") from None

    def has_signal(self, code: str) -> bool:
        """Whether ``code`` is a signal code of this catalogue."""
        return code in self._signal_index

    def has_item(self, code: str) -> bool:
        """Whether ``code`` is an item code of this catalogue."""
        return code in self._item_index


def load_catalogue(path: Path | str | None = None) -> Catalogue:
    """Load and validate a RiHG catalogue file (Bth art. 2 en bijlage).

    Args:
        path: JSON file in the shape of ``data/rihg_catalogus_v1.json``; ``None`` means the shipped
            catalogue. Results are cached per resolved path (``load_catalogue.cache_clear()`` empties
            the cache), so a file changed on disk is only re-read after clearing it.

    Returns:
        The :class:`Catalogue`.

    Raises:
        ValueError: the file is missing, is not valid JSON, or its structure is broken (missing or
            empty fields, empty parts/signals, duplicate codes, a signal code not starting with its
            part code or an item code not starting with ``<signal code>.``).
    """
    resolved = Path(path).resolve() if path is not None else DEFAULT_CATALOGUE_PATH
    return _load_catalogue_cached(resolved)


@functools.lru_cache(maxsize=16)
def _load_catalogue_cached(path: Path) -> Catalogue:
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValueError(f"RiHG-catalogus {path} kan niet worden gelezen: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise ValueError(f"RiHG-catalogus {path} is geen geldige JSON: {exc}") from exc
    return _parse_catalogue(raw, str(path))


load_catalogue.cache_clear = _load_catalogue_cached.cache_clear  # type: ignore[attr-defined]


def _parse_catalogue(raw: Any, where: str) -> Catalogue:
    def fail(msg: str) -> ValueError:
        return ValueError(f"RiHG-catalogus {where}: {msg}")

    def text(obj: Any, key: str, ctx: str) -> str:
        value = obj.get(key) if isinstance(obj, dict) else None
        if not isinstance(value, str) or not value.strip():
            raise fail(f"{ctx}: veld {key!r} ontbreekt of is leeg")
        return value

    def nonempty_list(obj: dict, key: str, ctx: str) -> list:
        value = obj.get(key)
        if not isinstance(value, list) or not value:
            raise fail(f"{ctx}: {key!r} moet een niet-lege lijst zijn")
        return value

    if not isinstance(raw, dict):
        raise fail("het bestand moet een JSON-object bevatten")
    version = text(raw, "version", "catalogus")
    title = text(raw, "title", "catalogus")
    source = text(raw, "source", "catalogus")

    seen: set[str] = set()

    def unique(code: str) -> str:
        if code in seen:
            raise fail(f"code {code!r} komt meer dan eens voor")
        seen.add(code)
        return code

    parts: list[Part] = []
    for p_idx, p_raw in enumerate(nonempty_list(raw, "parts", "catalogus")):
        if not isinstance(p_raw, dict):
            raise fail(f"deel #{p_idx + 1} is geen object")
        p_code = unique(text(p_raw, "code", f"deel #{p_idx + 1}"))
        p_label = text(p_raw, "label", f"deel {p_code}")
        signals: list[Signal] = []
        for s_idx, s_raw in enumerate(nonempty_list(p_raw, "signals", f"deel {p_code}")):
            if not isinstance(s_raw, dict):
                raise fail(f"deel {p_code}, signaal #{s_idx + 1} is geen object")
            s_code = unique(text(s_raw, "code", f"deel {p_code}, signaal #{s_idx + 1}"))
            if not s_code.startswith(p_code):
                raise fail(f"signaal {s_code!r} hoort niet bij deel {p_code!r}")
            s_label = text(s_raw, "label", f"signaal {s_code}")
            items: list[Item] = []
            for i_idx, i_raw in enumerate(nonempty_list(s_raw, "items", f"signaal {s_code}")):
                if not isinstance(i_raw, dict):
                    raise fail(f"signaal {s_code}, item #{i_idx + 1} is geen object")
                i_code = unique(text(i_raw, "code", f"signaal {s_code}, item #{i_idx + 1}"))
                if not i_code.startswith(s_code + "."):
                    raise fail(f"item {i_code!r} hoort niet bij signaal {s_code!r}")
                items.append(Item(code=i_code, label=text(i_raw, "label", f"item {i_code}")))
            signals.append(Signal(code=s_code, label=s_label, part=p_code, items=tuple(items)))
        parts.append(Part(code=p_code, label=p_label, signals=tuple(signals)))
    return Catalogue(version=version, title=title, source=source, parts=tuple(parts))


# --------------------------------------------------------------------------------------------------
# Assessment
# --------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fact:
    """A fact a signal rests on (R01: RiHG answers must be traceable to facts).

    Attributes:
        signal_code: the signal it supports, e.g. ``"A1"``.
        description: what happened, in Dutch.
        source: where it is recorded: PV number, police registration (BVH), statement, Veilig Thuis
            report … Empty means unsourced.
        disputed: the person contests it; a disputed fact without a source does not count.
    """

    signal_code: str
    description: str
    source: str
    disputed: bool = False

    @property
    def is_evidence(self) -> bool:
        """Whether the fact can carry a red or blue signal: a description and a source.

        A disputed fact without a source never counts (R01); one with a source does, the dispute
        then being a matter for the reasons of the decision.
        """
        return bool(self.description.strip()) and bool(self.source.strip())


@dataclass
class Assessment:
    """A (possibly incomplete) RiHG as filled in by the HOvJ (Bth art. 2 en bijlage).

    Attributes:
        answers: item code -> ``True``/``False``; missing or ``None`` = not answered.
        colours: signal code -> :class:`Colour` (or its string value).
        facts: the facts, each linked to one signal.
    """

    answers: dict[str, bool] = field(default_factory=dict)
    colours: dict[str, Colour] = field(default_factory=dict)
    facts: list[Fact] = field(default_factory=list)


@dataclass(frozen=True)
class Advice:
    """Outcome of the advice rule (two or more red signals in one part → huisverbod indicated).

    Attributes:
        indicated: whether a huisverbod is in principle indicated.
        red_per_part: part code -> number of red signals, for every part of the catalogue.
        parts_indicated: part codes with at least two red signals, in catalogue order.
        text: Dutch explanation for the screen and the beschikking.
    """

    indicated: bool
    red_per_part: dict[str, int]
    parts_indicated: tuple[str, ...]
    text: str


def _coerce_colour(value: Any) -> Colour:
    # Stored assessments come back as plain strings; Colour(...) raises ValueError on anything else.
    return value if isinstance(value, Colour) else Colour(value)


def compute_advice(colours: Mapping[str, Colour], catalogue: Catalogue) -> Advice:
    """Apply the RiHG advice rule (Bth art. 2 en bijlage; RiHG handleiding).

    Two or more red signals within one part → a huisverbod is in principle indicated. Blue and
    yellow never count. Signals without a colour count as not red, so the advice can be shown live
    while the form is being filled in; :func:`assert_finalisable` enforces completeness.

    Args:
        colours: signal code -> :class:`Colour` (string values ``"rood"`` … accepted).
        catalogue: the catalogue the codes belong to.

    Returns:
        The :class:`Advice`.

    Raises:
        ValueError: a code is not a signal of ``catalogue`` or a colour is not a :class:`Colour`.
    """
    red_per_part = {part.code: 0 for part in catalogue.parts}
    for code, value in colours.items():
        if not catalogue.has_signal(code):
            raise ValueError(f"onbekend RiHG-signaal: {code!r}")
        if _coerce_colour(value) is Colour.ROOD:
            red_per_part[catalogue.signal(code).part] += 1
    parts_indicated = tuple(
        part.code for part in catalogue.parts if red_per_part[part.code] >= RED_SIGNALS_PER_PART_THRESHOLD
    )
    if parts_indicated:
        clauses = [
            f"{red_per_part[code]} rode signalen in deel {code} ({catalogue.part(code).label})"
            for code in parts_indicated
        ]
        text = "Huisverbod in beginsel geïndiceerd: " + _join_dutch(clauses) + "."
    else:
        text = (
            "Geen huisverbod geïndiceerd volgens de vuistregel "
            "(geen deel met twee of meer rode signalen)."
        )
    return Advice(
        indicated=bool(parts_indicated),
        red_per_part=red_per_part,
        parts_indicated=parts_indicated,
        text=text,
    )


def _join_dutch(parts: list[str]) -> str:
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " en " + parts[-1]


def suggest_colour(signal: Signal, answers: Mapping[str, bool | None]) -> Colour | None:
    """Colour to pre-select for a signal, or ``None`` when the assessor must judge.

    A signal whose items are all answered "nee" is normally geel, so GEEL is suggested. As soon as
    one item is "ja" the colour is a professional judgement (not a sum), so nothing is suggested.
    Nothing is suggested either while an item is still unanswered: an untouched signal must not look
    like a low-risk one.

    Args:
        signal: the signal.
        answers: item code -> ``True``/``False``/``None``; missing = unanswered.

    Legal source: Bth art. 2 en bijlage.
    """
    values = [answers.get(item.code) for item in signal.items]
    if any(v is None for v in values) or any(values):
        return None
    return Colour.GEEL


def evidence_problems(assessment: Assessment, catalogue: Catalogue) -> list[str]:
    """Red and blue signals that rest on no sourced fact (R01; Bth art. 2 en bijlage).

    Every signal coloured rood or blauw needs at least one :class:`Fact` for that signal with a
    non-empty description and a non-empty source. A disputed fact without a source does not count.

    Args:
        assessment: the RiHG; colours with an invalid value or unknown code are skipped here
            (:func:`completeness_problems` reports them).
        catalogue: the catalogue.

    Returns:
        Dutch messages in catalogue order, each naming the signal code and label; empty when fine.
    """
    problems: list[str] = []
    for signal in catalogue.signals:
        raw = assessment.colours.get(signal.code)
        if raw is None:
            continue
        try:
            colour = _coerce_colour(raw)
        except ValueError:
            continue
        if colour not in _COLOURS_NEEDING_EVIDENCE:
            continue
        facts = [f for f in assessment.facts if f.signal_code == signal.code]
        if any(f.is_evidence for f in facts):
            continue
        message = f"Signaal {signal.code} ({signal.label}) is {colour.value} maar heeft geen feit met bron."
        if any(f.disputed and not f.source.strip() for f in facts):
            noun = "antecedent" if signal.code == "A1" else "feit"
            message += f" Een betwist {noun} zonder bron telt niet mee."
        if any(f.source.strip() and not f.description.strip() for f in facts):
            message += " Een bron zonder omschrijving van het feit telt niet mee."
        problems.append(message)
    return problems


def completeness_problems(assessment: Assessment, catalogue: Catalogue) -> list[str]:
    """Everything that stands between this RiHG and finalisation (Bth art. 2 en bijlage; R01).

    Reported, in this order: unknown item codes in ``answers``, answers that are not yes/no, unknown
    signal codes in ``colours``, invalid colours, facts linked to an unknown signal; then per signal
    (catalogue order) its unanswered items (one line per signal) and a missing colour; then
    :func:`evidence_problems`.

    Args:
        assessment: the RiHG.
        catalogue: the catalogue.

    Returns:
        Dutch messages; empty when the RiHG can be finalised.
    """
    problems: list[str] = []
    unknown_items = sorted(c for c in assessment.answers if not catalogue.has_item(c))
    if unknown_items:
        problems.append("Onbekende RiHG-items in de antwoorden: " + ", ".join(unknown_items) + ".")
    invalid_answers = sorted(
        c for c, v in assessment.answers.items()
        if catalogue.has_item(c) and v is not None and not isinstance(v, bool)
    )
    if invalid_answers:
        problems.append("Antwoord is geen ja of nee bij item(s): " + ", ".join(invalid_answers) + ".")
    unknown_signals = sorted(c for c in assessment.colours if not catalogue.has_signal(c))
    if unknown_signals:
        problems.append("Onbekende RiHG-signalen bij de kleuren: " + ", ".join(unknown_signals) + ".")
    fact_signals = sorted({f.signal_code for f in assessment.facts if not catalogue.has_signal(f.signal_code)})
    if fact_signals:
        problems.append("Feiten gekoppeld aan een onbekend signaal: " + ", ".join(fact_signals) + ".")

    for signal in catalogue.signals:
        missing = [
            item.code for item in signal.items
            if not isinstance(assessment.answers.get(item.code), bool)
        ]
        if missing:
            problems.append(
                f"Signaal {signal.code} ({signal.label}): {len(missing)} van {len(signal.items)} "
                f"items niet beantwoord ({', '.join(missing)})."
            )
        raw = assessment.colours.get(signal.code)
        if raw is None:
            problems.append(f"Signaal {signal.code} ({signal.label}) heeft nog geen kleur.")
        else:
            try:
                _coerce_colour(raw)
            except ValueError:
                problems.append(
                    f"Signaal {signal.code} ({signal.label}) heeft een ongeldige kleur: {raw!r}."
                )

    problems.extend(evidence_problems(assessment, catalogue))
    return problems


def assert_finalisable(assessment: Assessment, catalogue: Catalogue) -> Advice:
    """Check that the RiHG is complete and every red/blue signal is sourced, then give the advice.

    Args:
        assessment: the RiHG.
        catalogue: the catalogue.

    Returns:
        The :class:`Advice` (see :func:`compute_advice`).

    Raises:
        RuleViolation: "De risicotaxatie is nog niet compleet." with ``details`` = the list from
            :func:`completeness_problems` (R01: a red signal without a sourced fact blocks it).

    Legal source: Bth art. 2 en bijlage.
    """
    problems = completeness_problems(assessment, catalogue)
    if problems:
        raise RuleViolation("De risicotaxatie is nog niet compleet.", details=problems)
    return compute_advice(assessment.colours, catalogue)


def decision_reason_required(advice: Advice, decision_huisverbod: bool) -> str:
    """Dutch prompt for the reasons field of the decision on the huisverbod.

    The RiHG is advice; the decision and its reasons stay with the HOvJ / burgemeester and are
    required in both directions, with an explicit warning when the decision goes against the advice.

    Args:
        advice: the RiHG advice.
        decision_huisverbod: ``True`` when a huisverbod is (to be) imposed.

    Legal source: art. 2 lid 1 Wth (ernstig en onmiddellijk gevaar of een ernstig vermoeden daarvan);
    Bth art. 2 en bijlage; art. 3:46 Awb (deugdelijke motivering).
    """
    if advice.indicated and decision_huisverbod:
        return (
            "Motiveer waarom een huisverbod wordt opgelegd: welke feiten en omstandigheden wijzen op "
            "ernstig en onmiddellijk gevaar (of een ernstig vermoeden daarvan)?"
        )
    if advice.indicated and not decision_huisverbod:
        return (
            "U wijkt af van het advies: de risicotaxatie indiceert een huisverbod, maar u legt er geen "
            "op. Motiveer waarom er geen ernstig en onmiddellijk gevaar is (of geen ernstig vermoeden "
            "daarvan) ondanks de rode signalen."
        )
    if decision_huisverbod:
        return (
            "U wijkt af van het advies: volgens de vuistregel is geen huisverbod geïndiceerd, maar u "
            "legt er wel een op. Motiveer welke feiten en omstandigheden toch wijzen op ernstig en "
            "onmiddellijk gevaar (of een ernstig vermoeden daarvan)."
        )
    return (
        "Motiveer waarom geen huisverbod wordt opgelegd: waarom is er geen ernstig en onmiddellijk "
        "gevaar (of geen ernstig vermoeden daarvan)?"
    )


def decision_deviates(advice: Advice, decision_huisverbod: bool) -> bool:
    """Whether the decision goes against the RiHG advice."""
    return advice.indicated != decision_huisverbod


def check_decision(advice: Advice, decision_huisverbod: bool, reasons: str) -> None:
    """Require written reasons for the decision, in both directions.

    Args:
        advice: the RiHG advice.
        decision_huisverbod: ``True`` when a huisverbod is (to be) imposed.
        reasons: the written reasons (Dutch free text).

    Raises:
        ValidationError: ``field="reasons"`` when the reasons are empty, shorter than
            :data:`MIN_REASONS_LENGTH` characters (after stripping) or longer than
            :data:`MAX_REASONS_LENGTH`. When the decision goes against the advice the message says
            so explicitly ("U wijkt af van het advies …").

    Legal source: art. 2 lid 1 Wth; Bth art. 2 en bijlage; art. 3:46 Awb.
    """
    text = reasons.strip() if isinstance(reasons, str) else ""
    if len(text) > MAX_REASONS_LENGTH:
        raise ValidationError(
            f"De motivering is te lang (maximaal {MAX_REASONS_LENGTH} tekens).", field="reasons"
        )
    if len(text) >= MIN_REASONS_LENGTH:
        return
    shortfall = (
        "De motivering ontbreekt."
        if not text
        else f"De motivering is te kort (minimaal {MIN_REASONS_LENGTH} tekens)."
    )
    if decision_deviates(advice, decision_huisverbod):
        if advice.indicated:
            lead = (
                "U wijkt af van het advies: de risicotaxatie indiceert een huisverbod en u legt er "
                "geen op."
            )
        else:
            lead = (
                "U wijkt af van het advies: volgens de vuistregel is geen huisverbod geïndiceerd en "
                "u legt er wel een op."
            )
        message = f"{lead} {shortfall} Motiveer de afwijking."
    else:
        message = f"{shortfall} Ook een besluit dat het advies volgt moet worden gemotiveerd."
    raise ValidationError(message, field="reasons")
