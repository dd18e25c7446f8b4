"""Beheer services (issue 7): users, mandates and substitutions, signer certificates, the audit viewer.
"""
from __future__ import annotations


class AdminMixin:
    """Mixed into :class:`procedure.service.WthService` (uses ``self.db``, ``self.now()``)."""
