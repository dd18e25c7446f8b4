"""Anonymous case statistics for policy advisors and managers (issue 6): explorer queries over the
anonymous views, small-cell suppression, the read-only SQL box.
"""
from __future__ import annotations


class StatisticsMixin:
    """Mixed into :class:`procedure.service.WthService` (uses ``self.db``, ``self.now()``)."""
