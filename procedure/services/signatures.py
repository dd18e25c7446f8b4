"""Signing a decision: who may sign on what basis today, the signer's certificate, the PAdES signature and storing
the signed document once. Implements art. 2 lid 1, art. 3 (mandate) and art. 9 / art. 2 lid 9 Wth (never in mandate).

Not a page-facing service: :class:`Signatures` is shared by the services that take decisions (decision, service
of the order, extension and withdrawal, correction); they check the role and the case's area before they call it.
"""
from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

from forms import signing
from procedure.domain.errors import NotAuthorized, SigningError
from procedure.domain.mandates import BASIS_LABELS
from procedure.domain.roles import MAYOR_ROLES, Action, Actor, Role, require_action
from procedure.services.context import Service
from store import repo


class Signatures(Service):
    """The signing authority and the signatures of one app (see the module docstring)."""

    def basis(self, actor: Actor, case: dict[str, Any], on: date) -> tuple[str, int | None, str]:
        """Who decides and on what basis (procedure.md section 2).

        Returns:
            (basis key, mandate id or None, Dutch description of the basis).

        Raises:
            NotAuthorized: not the burgemeester of this municipality, no valid substitution record
                (loco-burgemeester, R09) or no valid mandate (HOvJ, art. 3 Wth) on ``on``.
        """
        require_action(actor, Action.SIGN)
        muni = case["municipality_code"]
        if actor.role == Role.BURGEMEESTER:
            if actor.municipality_code != muni:
                raise NotAuthorized("U bent niet de burgemeester van de gemeente van deze zaak.")
            return "burgemeester", None, BASIS_LABELS["burgemeester"]
        kind = "vervanging" if actor.role == Role.LOCO_BURGEMEESTER else "mandaat"
        if actor.role == Role.LOCO_BURGEMEESTER and actor.municipality_code != muni:
            raise NotAuthorized("U bent geen loco-burgemeester van de gemeente van deze zaak.")
        records = repo.valid_mandates(self.db, username=actor.username, kind=kind, municipality_code=muni, on=on)
        if not records:
            if kind == "vervanging":
                raise NotAuthorized("Er is op deze datum geen geldig vervangingsbesluit voor u; u kunt niet "
                                    "namens de burgemeester ondertekenen.")
            raise NotAuthorized("U hebt op deze datum geen geldig mandaatbesluit van de burgemeester van "
                                f"{case['municipality_name']}; alleen de burgemeester kan ondertekenen (art. 3 Wth).")
        rec = records[0]
        key = "loco_burgemeester" if kind == "vervanging" else "hovj_mandaat"
        return key, rec["id"], (f"{BASIS_LABELS[key]}; {'vervangingsbesluit' if kind == 'vervanging' else 'mandaatbesluit'} "
                                f"{rec['reference']}, geldig vanaf {rec['valid_from'].strftime('%d-%m-%Y')}")

    def mayor_basis(self, actor: Actor, case: dict[str, Any], on: date) -> tuple[str, int | None, str]:
        """Extension and withdrawal: burgemeester, or loco-burgemeester with a valid substitution
        record — never the HOvJ, not even under mandate (art. 3 lid 1 Wth; R09)."""
        if actor.role not in MAYOR_ROLES:
            raise NotAuthorized("Alleen de burgemeester (of de loco-burgemeester die hem vervangt) kan een "
                                "huisverbod verlengen of intrekken; dit kan niet in mandaat (art. 9 en art. 2 "
                                "lid 9 Wth).")
        return self.basis(actor, case, on)

    def may_sign(self, actor: Actor, case: dict[str, Any], on: date) -> bool:
        """Whether :meth:`basis` gives the actor a basis for this case on ``on``."""
        try:
            self.basis(actor, case, on)
            return True
        except NotAuthorized:
            return False

    def certificate(self, username: str) -> tuple[bytes, bytes]:
        """The signer's PKCS#12 and passphrase: from the secrets (production), else the stored certificate.

        Raises:
            SigningError: no certificate, or its file can't be read.
        """
        cfg = self.ctx.signers.get(username)
        if cfg is not None and cfg.p12_path:
            try:
                return Path(cfg.p12_path).read_bytes(), cfg.passphrase.encode()
            except OSError as exc:
                raise SigningError(f"Het certificaatbestand voor {username} kan niet worden gelezen.") from exc
        cert = repo.get_signer_certificate(self.db, username)
        if cert is None:
            raise SigningError("Er is geen ondertekeningscertificaat voor u ingesteld. Neem contact op met de "
                               "beheerder.")
        # A certificate uploaded on the beheer page in production: its passphrase lives in secrets only.
        return bytes(cert["p12"]), (cfg.passphrase if cfg is not None else cert["passphrase"]).encode()

    def sign(self, actor: Actor, pdf: bytes, *, role: str, municipality: str, at: datetime,
             organisation: str = "") -> bytes:
        """``pdf`` with the actor's PAdES signature and a visible stamp (name, role, organisation, moment).

        Args:
            organisation: the signer's organisation as the stamp names it (:mod:`forms.senders`);
                ``""`` = "Gemeente <municipality>".

        Raises:
            SigningError: no usable certificate (:meth:`certificate`).
        """
        p12, passphrase = self.certificate(actor.username)
        return signing.sign_pdf(pdf, p12, passphrase, signing.SignatureStamp(
            signer_name=actor.name, role=role, municipality=municipality, signed_at=at, organisation=organisation))

    def store(self, cur, actor: Actor, case_id: str, kind: str, doc_id: str, version: int, pdf: bytes,
              at: datetime, extends_end_at: datetime | None = None) -> None:
        """Store a signed document with its SHA-256, in the caller's transaction (never overwritten).
        ``extends_end_at``: for a beschikking verlenging, the end it extends (art. 9 Wth)."""
        repo.insert_document(cur, {"id": doc_id, "case_id": case_id, "kind": kind, "version": version,
                                   "created_at": at, "created_by": actor.username, "signed": True,
                                   "signer_username": actor.username, "signed_at": at,
                                   "sha256": signing.sha256_hex(pdf), "content": pdf,
                                   "extends_end_at": extends_end_at})
