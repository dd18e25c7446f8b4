"""Every list a user acts on comes whole: :class:`CaseList` (rows with their true total), paging and sorting.
Implements no article; the product rule "no list without its true total" (issue 12; README, Lijsten)."""
from __future__ import annotations

from typing import Any

from procedure.domain import validation as v
from procedure.domain.case import fmt_int
from procedure.domain.errors import ValidationError

#: how a user can sort a list (key -> Dutch label); "termijn" is each list's own deadline, soonest first
SORT_LABELS = {"termijn": "Termijn (eerst verlopend)", "nieuw": "Nieuwste eerst", "oud": "Oudste eerst",
               "zaak": "Zaaknummer"}
PAGE_SIZE = 50            # rows a page shows at once (README)
MAX_PAGE_SIZE = 1000      # the largest page a service hands out at once (the total is always the true total)
MAX_SEARCH = 100


class CaseList(list):
    """Rows of a list (all of them, or one page) with the true number of matching rows.

    Attributes:
        total: all rows that match (never the length of the page).
        offset: index of the first row of this page (0 for a complete list).
        limit: the page size asked for (None: complete list, then ``len(self) == total``).
    """

    def __init__(self, rows: list[dict[str, Any]] = (), total: int | None = None, offset: int = 0,
                 limit: int | None = None):
        super().__init__(rows)
        self.total = len(self) if total is None else int(total)
        self.offset = offset
        self.limit = limit

    @property
    def complete(self) -> bool:
        """True when every matching row is in this list."""
        return self.offset == 0 and len(self) == self.total

    def range_text(self) -> str:
        """Dutch "1–50 van 1.667" (or "0 van 0")."""
        if not self:
            return f"0 van {fmt_int(self.total)}"
        return f"{fmt_int(self.offset + 1)}–{fmt_int(self.offset + len(self))} van {fmt_int(self.total)}"


def paging(search: Any, sort: Any, offset: Any, limit: Any, default_sort: str) -> tuple[str, str, int, int | None]:
    """Validated (search, sort, offset, limit).

    Raises:
        ValidationError: search text not text or too long; unknown sort; offset / limit out of range.
    """
    text = v.text(search, "search", "Zoeken", required=False, max_len=MAX_SEARCH)
    sort = default_sort if sort is None else sort
    if not isinstance(sort, str) or sort not in SORT_LABELS:
        raise ValidationError("Kies een sortering uit de lijst.", field="sort")
    offset = v.integer(offset, "offset", "Begin van de pagina", 0, 10 ** 9)
    limit = None if limit is None else v.integer(limit, "limit", "Aantal per pagina", 1, MAX_PAGE_SIZE)
    return text, sort, offset, limit
