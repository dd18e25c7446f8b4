"""Domain errors: one type with subclasses, each carrying the Dutch message the UI shows as-is.
Implements no article itself; every rule of the Wth raises one of these (design.md, Errors).

Pages catch :class:`DomainError` and show ``err.message`` (next to ``err.field`` when set);
anything else is an unexpected error, logged with an id the user can quote.
"""
from __future__ import annotations


class DomainError(Exception):
    """Base for all expected errors.

    Args:
        message: Dutch text for the user.
        field: optional name of the input field the message belongs to.
        details: optional list of Dutch sub-messages (e.g. every missing art. 2(4) part).
        field_errors: optional mapping field name -> Dutch message, shown beside each field.
    """

    def __init__(
        self,
        message: str,
        field: str | None = None,
        details: list[str] | None = None,
        field_errors: dict[str, str] | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.field = field
        self.details = list(details or [])
        #: per-field Dutch messages when several inputs are wrong at once
        self.field_errors = dict(field_errors or {})
        if field and field not in self.field_errors:
            self.field_errors[field] = message


class ValidationError(DomainError):
    """Input is malformed (BSN, postcode, dates, lengths)."""


class RuleViolation(DomainError):
    """Input is well-formed but the Wth/Bth or the procedure forbids the action."""


class NotAuthorized(DomainError):
    """The user's role or municipality scope does not allow this action or read."""


class NotFound(DomainError):
    """The record does not exist (or is outside the user's scope, which looks the same)."""


class ConcurrencyConflict(DomainError):
    """The row changed since the user loaded it ("deze zaak is intussen gewijzigd door …")."""


class SigningError(DomainError):
    """A signature could not be made (certificate missing, wrong passphrase)."""
