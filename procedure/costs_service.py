"""Cost, partner-split, accession and time-saving services for managers and the beheerder (issue 5).

The arithmetic lives in ``costs/`` (pure, Decimal); this mixin checks role and scope and reads the store.
"""
from __future__ import annotations


class CostsMixin:
    """Mixed into :class:`procedure.service.WthService` (uses ``self.db``, ``self.now()``)."""
