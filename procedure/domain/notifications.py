"""Mail notifications that leave the app (issue 15): the topics, what a mail may say, and the retry schedule.
Implements no article itself; it serves art. 2 lid 8 and art. 9 Wth (partners and the burgemeester act in time).

A mail holds **no personal data**: the case number, the municipality, what is waiting and a link — never a name,
an address, a date of birth or a free text. :func:`compose` builds subject and body from those four only.
"""
from __future__ import annotations

from datetime import datetime, timedelta

#: the topics a user can choose (topic -> Dutch label); every topic is on unless the user turned it off
TOPICS = {
    "ondertekenen": "Een besluit wacht op mijn handtekening (ook 's nachts)",
    "taak_partner": "Er is een taak voor mijn organisatie bij een zaak",
    "taak_te_laat": "Een taak van mij is over de termijn",
}
#: minutes until the next attempt after the n-th failure (then every hour, never given up: nothing is lost)
RETRY_MINUTES = (1, 5, 15, 60)
#: SMTP security: none, STARTTLS on a plain connection, or TLS from the start
TLS_MODES = ("geen", "starttls", "ssl")


def next_attempt(now: datetime, attempts_done: int) -> datetime:
    """When to try again after ``attempts_done`` failed attempts (1 after the first failure)."""
    i = min(max(attempts_done, 1), len(RETRY_MINUTES)) - 1
    return now + timedelta(minutes=RETRY_MINUTES[i])


def compose(topic: str, *, case_id: str | None, municipality: str, what: str, link: str) -> tuple[str, str]:
    """Subject and body of a notification mail: case number, municipality, what is waiting and a link only.

    Raises:
        ValueError: an unknown topic.
    """
    if topic not in TOPICS:
        raise ValueError(f"unknown topic {topic!r}")
    case = f" — zaak {case_id}" if case_id else ""
    subject = f"[Tijdelijk huisverbod] {municipality}: {what}{case}"
    body = (f"Er wacht iets op u in het zaaksysteem tijdelijk huisverbod.\n\n"
            f"Gemeente: {municipality}\n" + (f"Zaak: {case_id}\n" if case_id else "") +
            f"Wat: {what}\n\nOpenen: {link}\n\n"
            "Deze e-mail bevat bewust geen persoonsgegevens. U krijgt hem omdat u deze melding hebt aangezet; "
            "uitzetten kan in het zaaksysteem onder Meldingen.\n")
    return subject, body
