"""Keep personal data out of the application log (issue 7, AVG): mask BSN, postcode and e-mail addresses.
Implements no article of the Wth: the AVG's data minimisation in the server log.

Keep personal data out of the application log (issue 7, AVG): a logging filter that masks what looks
like a BSN (9 digits), a Dutch postcode or an e-mail address in the message and in the traceback text.

Code never logs names or case content on purpose (checked by tests/integration/test_log_privacy.py); this
filter is the second line for text that slips in through an exception message (e.g. a database error that
quotes a value).
"""
from __future__ import annotations

import logging
import re

_PATTERNS = [
    (re.compile(r"(?<!\d)\d{9}(?!\d)"), "[bsn?]"),
    (re.compile(r"\b\d{4}\s?[A-Z]{2}\b"), "[postcode]"),
    (re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+"), "[e-mail]"),
]


def redact(text: str) -> str:
    for pattern, repl in _PATTERNS:
        text = pattern.sub(repl, text)
    return text


class RedactFilter(logging.Filter):
    """Rewrites each record's message (and formatted traceback) with :func:`redact`."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            msg = record.getMessage()
        except Exception:  # noqa: BLE001 - a malformed log call: keep the raw template
            msg = str(record.msg)
        record.msg, record.args = redact(msg), ()
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        return True


def install() -> None:
    """Attach the filter to every handler of the root logger (idempotent)."""
    for h in logging.getLogger().handlers:
        if not any(isinstance(f, RedactFilter) for f in h.filters):
            h.addFilter(RedactFilter())
