"""Explicit answers to the facts a decision states: ja / nee / onbekend — never "unticked = no".
Implements art. 3:46 Awb (motivering) for the Wth decisions (art. 2, 9 Wth) and the zorgadvies help status (art. 9).

Owns the three-valued answer type that every fact printed under a signature comes from (help accepted, keys handed
in, children present, Veilig Thuis consulted, contact address given, earlier orders, …) and the help status a care
partner records per party. A document states a fact only when someone answered it; *onbekend* prints no claim, and
the completeness check names what is still open.
"""
from __future__ import annotations

from enum import Enum


class Answer(str, Enum):
    """A stated fact: ``"ja"``, ``"nee"`` or ``"onbekend"`` (not established). Stored as that text."""

    JA = "ja"
    NEE = "nee"
    ONBEKEND = "onbekend"

    @property
    def label(self) -> str:
        return ANSWER_LABELS[self]

    @classmethod
    def parse(cls, value: object) -> "Answer | None":
        """``Answer`` for ``"ja"``/``"nee"``/``"onbekend"`` (any case), an ``Answer``, or ``True``/``False``
        from an explicit yes/no; ``None`` for ``None``/``""`` (not answered at all). Raises ``ValueError``
        for anything else — an unanswered question is never read as "nee"."""
        if value is None or value == "":
            return None
        if isinstance(value, Answer):
            return value
        if isinstance(value, bool):
            return cls.JA if value else cls.NEE
        text = str(value).strip().lower()
        for a in cls:
            if text == a.value:
                return a
        raise ValueError(f"Geen geldig antwoord: {value!r} (kies ja, nee of onbekend).")


#: the words shown on screen, in the order of the choice (radio) widget
ANSWER_LABELS: dict[Answer, str] = {
    Answer.JA: "Ja",
    Answer.NEE: "Nee",
    Answer.ONBEKEND: "Onbekend / niet vastgesteld",
}
ANSWER_CHOICES: tuple[Answer, ...] = (Answer.JA, Answer.NEE, Answer.ONBEKEND)


class HelpStatus(str, Enum):
    """Help status of one party as a care partner records it in a care advice (art. 9 Wth, zorgadvies)."""

    AANGEBODEN = "aangeboden"
    AANVAARD = "aanvaard"
    GEWEIGERD = "geweigerd"
    NIET_AANGEBODEN = "nog niet aangeboden"

    @property
    def label(self) -> str:
        return {HelpStatus.AANGEBODEN: "Aangeboden", HelpStatus.AANVAARD: "Aanvaard",
                HelpStatus.GEWEIGERD: "Geweigerd", HelpStatus.NIET_AANGEBODEN: "Nog niet aangeboden"}[self]

    def help_accepted(self) -> Answer:
        """The answer to "heeft de hulp aanvaard": ja (aanvaard), nee (geweigerd), onbekend otherwise."""
        if self is HelpStatus.AANVAARD:
            return Answer.JA
        if self is HelpStatus.GEWEIGERD:
            return Answer.NEE
        return Answer.ONBEKEND


def open_questions(answers: dict[str, "Answer | None"], labels: dict[str, str]) -> list[str]:
    """The labels (in ``labels`` order) of the facts not answered at all (``None``) — for the completeness
    check. ``onbekend`` is an answer: it is not listed here, it just prints no claim."""
    return [labels[k] for k in labels if answers.get(k) is None]
