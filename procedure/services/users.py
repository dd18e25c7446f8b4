"""Beheer of users, mandates and substitutions, and signer certificates (issue 7); every change audited in its own
transaction. Implements art. 3 Wth (the mandaatbesluit of the HOvJ) and the vervangingsbesluit of the loco (R09).

Mandates and substitutions are what :meth:`Signatures.basis` reads when someone signs; an extension or withdrawal is
never mandated (art. 9, art. 2 lid 9 Wth), so a mandate record only lets the HOvJ sign the beschikking oplegging.
"""
from __future__ import annotations

import re
import secrets
from datetime import date
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives.serialization import pkcs12

from forms import signing
from forms.senders import sender_for_role
from procedure.domain import validation as v
from procedure.domain.deadlines import AMS
from procedure.domain.errors import NotFound, RuleViolation, ValidationError
from procedure.domain.mandates import MANDATE_HOLDER_ROLE, MANDATE_KINDS, SIGNER_ROLES
from procedure.domain.roles import MUNICIPAL_ROLES, SUBREGIONAL_ROLES, Action, Actor, Role, require_action
from procedure.services import accounts
from procedure.services.context import Service
from store import admin_repo, repo

USERNAME_RE = re.compile(r"^[a-z0-9][a-z0-9._-]{2,39}$")


def certificate_info(p12: bytes, passphrase: bytes | None) -> dict[str, Any]:
    """Subject CN, issuer CN and validity of a PKCS#12 (passphrase checked).

    Raises:
        ValidationError: wrong passphrase (field ``passphrase``), unreadable file (field ``p12``), or no
            key / certificate inside.
    """
    try:
        key, cert, _ = pkcs12.load_key_and_certificates(p12, passphrase or None)
    except ValueError as exc:
        raise ValidationError("Het certificaat kan niet worden geopend met dit wachtwoord (passphrase), of het "
                              "bestand is geen PKCS#12.", field="passphrase") from exc
    except Exception as exc:  # noqa: BLE001 - any other parse failure is an unreadable file
        raise ValidationError("Het bestand is geen leesbaar PKCS#12-certificaat (.p12/.pfx).", field="p12") from exc
    if key is None or cert is None:
        raise ValidationError("Het bestand bevat geen sleutel of geen certificaat.", field="p12")

    def cn(name) -> str:
        return next((a.value for a in name if a.oid.dotted_string == "2.5.4.3"), name.rfc4514_string())

    return {"subject": cn(cert.subject), "issuer": cn(cert.issuer), "valid_from": cert.not_valid_before_utc,
            "valid_to": cert.not_valid_after_utc}


class Users(Service):
    """The beheerder's accounts, mandate and substitution records and certificates (Action.MANAGE_USERS)."""

    def users(self, actor: Actor) -> list[dict[str, Any]]:
        require_action(actor, Action.MANAGE_USERS)
        return repo.list_users(self.db)

    def _user_or_404(self, username: str) -> dict[str, Any]:
        u = repo.get_user(self.db, username) if isinstance(username, str) else None
        if u is None:
            raise NotFound("Deze gebruiker bestaat niet.")
        return u

    def user_overview(self, actor: Actor) -> list[dict[str, Any]]:
        """Every user (no password hashes) with ``role_label``, ``locked_until`` (aware or None) and
        whether a signer certificate is stored. Requires MANAGE_USERS."""
        require_action(actor, Action.MANAGE_USERS)
        now = self.ctx.now()
        rows = admin_repo.users_overview(self.db)
        certs = {c["username"] for c in admin_repo.signer_certificates(self.db)}
        for r in rows:
            r["role_label"] = Role(r["role"]).label
            r["locked_until"] = accounts.locked_until(self.db, r["username"], now)
            r["has_certificate"] = r["username"] in certs or r["username"] in self.ctx.signers
        return rows

    def _user_fields(self, form: dict[str, Any], c: v.Collector) -> dict[str, Any]:
        name = c.run(v.text, form.get("name"), "name", "Naam", max_len=v.MAX_SHORT)
        email = c.run(v.text, form.get("email"), "email", "E-mailadres", max_len=v.MAX_SHORT)
        if email and not re.fullmatch(r"[^@\s]+@[^@\s]+\.[^@\s]+", email):
            c.add("email", "Vul een geldig e-mailadres in (naam@organisatie.nl).")
        try:
            role = Role(form.get("role"))
        except ValueError:
            c.add("role", "Kies een rol.")
            role = None
        munis = {m["code"]: m for m in repo.municipalities(self.db)}
        muni = form.get("municipality_code") or None
        sub = form.get("subregion") or None
        if muni is not None and (not isinstance(muni, str) or muni not in munis):
            c.add("municipality_code", "Kies een gemeente uit de lijst.")
        if sub is not None and (not isinstance(sub, str) or sub not in {m["subregion"] for m in munis.values()}):
            c.add("subregion", "Kies een subregio uit de lijst.")
        if role in MUNICIPAL_ROLES:
            if muni is None:
                c.add("municipality_code", f"Een {role.label.lower()} hoort bij één gemeente: kies de gemeente.")
            sub = None
        elif role in SUBREGIONAL_ROLES:
            if sub is None:
                c.add("subregion", f"Rol {role.label} werkt in een subregio: kies de subregio.")
            muni = None
        elif role == Role.MANAGER:
            sub = None               # a manager has a municipality, or none for the whole region
        elif role is not None:
            muni, sub = None, None   # beleidsadviseur and beheerder have no case scope
        return {"name": name, "email": email, "role": role.value if role else None, "municipality_code": muni,
                "subregion": sub}

    def create_user(self, actor: Actor, form: dict[str, Any]) -> str:
        """Create an account; the user must choose a new password at first login.

        Args:
            form: ``username, name, email, role`` (Role value), ``municipality_code`` (municipal roles and a
                municipal manager), ``subregion`` (police and care partners), ``password`` (initial).

        Returns:
            the (lower-case) user name.

        Raises:
            ValidationError: with ``field_errors`` per field (format, unknown municipality, missing scope,
                password rules: 12+ characters, at most 72 bytes, not the user name).
            RuleViolation: the user name is taken.
        """
        require_action(actor, Action.MANAGE_USERS)
        if not isinstance(form, dict):
            raise ValidationError("Het formulier is leeg.")
        c = v.Collector()
        username = (form.get("username") or "").strip().lower() if isinstance(form.get("username"), str) else ""
        if not USERNAME_RE.fullmatch(username):
            c.add("username", "Gebruikersnaam: 3 tot 40 tekens, kleine letters, cijfers, punt, streepje of "
                              "liggend streepje (bijvoorbeeld 'j.jansen').")
        fields = self._user_fields(form, c)
        pw_problems = accounts.password_problems(form.get("password") or "", username)
        if pw_problems:
            c.add("password", " ".join(pw_problems))
        c.raise_if_any()
        now = self.ctx.now()
        with self.db.transaction() as cur:
            if admin_repo.user_exists(cur, username):
                raise RuleViolation(f"De gebruikersnaam '{username}' is al in gebruik.", field="username")
            repo.insert_user(cur, {"username": username, **fields, "password_hash": accounts.hash_password(
                form["password"]), "is_demo": False, "created_at": now})
            admin_repo.update_user(cur, username, {"must_change_password": True, "password_changed_at": now})
            self.ctx.audit(cur, actor, "gebruiker_aangemaakt", detail=f"{username}; rol {fields['role']}")
        return username

    def update_user(self, actor: Actor, username: str, form: dict[str, Any]) -> None:
        """Change name, e-mail, role and municipality / sub-region of a user. A change of role or scope
        ends the user's sessions (his next click shows the login form).

        Raises:
            NotFound: unknown user. ValidationError: as :meth:`create_user`.
            RuleViolation: the beheerder would remove his own beheer role.
        """
        require_action(actor, Action.MANAGE_USERS)
        old = self._user_or_404(username)
        c = v.Collector()
        fields = self._user_fields(form if isinstance(form, dict) else {}, c)
        c.raise_if_any()
        if old["username"] == actor.username and fields["role"] != old["role"]:
            raise RuleViolation("U kunt uw eigen rol niet wijzigen; laat een andere beheerder dat doen.", field="role")
        changed = [k for k in fields if fields[k] != old[k]]
        if not changed:
            return
        now = self.ctx.now()
        scope_change = any(k in changed for k in ("role", "municipality_code", "subregion"))
        with self.db.transaction() as cur:
            admin_repo.update_user(cur, old["username"], dict(fields, **({"sessions_revoked_at": now}
                                                                         if scope_change else {})))
            desc = "; ".join(f"{k}: {old[k] or '—'} → {fields[k] or '—'}" for k in changed
                             if k in ("role", "municipality_code", "subregion"))
            self.ctx.audit(cur, actor, "gebruiker_gewijzigd", detail=f"{old['username']}" + (f"; {desc}" if desc else ""))

    def set_user_active(self, actor: Actor, username: str, active: bool) -> None:
        """Deactivate (sessions end at once: the next click shows the login form) or reactivate a user.
        Users are never deleted: the audit trail keeps referring to them.

        Raises:
            NotFound: unknown user. RuleViolation: deactivating yourself.
        """
        require_action(actor, Action.MANAGE_USERS)
        u = self._user_or_404(username)
        if u["username"] == actor.username and not active:
            raise RuleViolation("U kunt uzelf niet deactiveren.")
        if bool(u["active"]) == bool(active):
            return
        now = self.ctx.now()
        with self.db.transaction() as cur:
            admin_repo.update_user(cur, u["username"], {"active": bool(active), "deactivated_at": None if active else now,
                                                        "sessions_revoked_at": now})
            self.ctx.audit(cur, actor, "gebruiker_geactiveerd" if active else "gebruiker_gedeactiveerd",
                           detail=u["username"])

    def reset_password(self, actor: Actor, username: str, new_password: str) -> None:
        """Set a temporary password; the user must change it at the next login; sessions end and a
        lockout is lifted.

        Raises:
            NotFound: unknown user. ValidationError: password rules (field ``password``).
        """
        require_action(actor, Action.MANAGE_USERS)
        u = self._user_or_404(username)
        accounts.check_password(new_password, u["username"])
        now = self.ctx.now()
        with self.db.transaction() as cur:
            admin_repo.update_user(cur, u["username"], {"password_hash": accounts.hash_password(new_password),
                                                        "password_changed_at": now, "must_change_password": True,
                                                        "sessions_revoked_at": now})
            admin_repo.insert_login_attempt(cur, accounts.name_hash(u["username"]), now, "ontgrendeld")
            self.ctx.audit(cur, actor, "wachtwoord_gereset", detail=u["username"])

    def unlock_user(self, actor: Actor, username: str) -> None:
        """Lift a lockout before it ends by itself.

        Raises:
            NotFound: unknown user.
        """
        require_action(actor, Action.MANAGE_USERS)
        u = self._user_or_404(username)
        with self.db.transaction() as cur:
            admin_repo.insert_login_attempt(cur, accounts.name_hash(u["username"]), self.ctx.now(), "ontgrendeld")
            self.ctx.audit(cur, actor, "account_ontgrendeld", detail=u["username"])

    def mandates(self, actor: Actor) -> list[dict[str, Any]]:
        """All mandate (HOvJ, art. 3 Wth) and substitution (loco-burgemeester) records with ``kind_label``
        and ``valid_today``."""
        require_action(actor, Action.MANAGE_USERS)
        today = self.ctx.now().astimezone(AMS).date()
        rows = admin_repo.list_mandates(self.db)
        for r in rows:
            r["kind_label"] = MANDATE_KINDS.get(r["kind"], r["kind"])
            r["valid_today"] = r["valid_from"] <= today and (r["valid_to"] is None or r["valid_to"] >= today)
        return rows

    def add_mandate(self, actor: Actor, form: dict[str, Any]) -> int:
        """Record who may sign for which burgemeester, from when to when (dates inclusive).

        Args:
            form: ``kind`` ("mandaat" | "vervanging"), ``holder_username``, ``municipality_code``,
                ``reference`` (number of the mandaat- / vervangingsbesluit), ``valid_from``, ``valid_to``
                (date or None = open-ended).

        Raises:
            ValidationError: per field: unknown kind, holder not an active HOvJ (mandaat) or
                loco-burgemeester (vervanging), municipality outside the HOvJ's sub-region or not the
                loco's municipality, missing reference, end before start.
        """
        require_action(actor, Action.MANAGE_USERS)
        if not isinstance(form, dict):
            raise ValidationError("Het formulier is leeg.")
        c = v.Collector()
        kind = form.get("kind")
        if kind not in MANDATE_KINDS:
            c.add("kind", "Kies mandaat (HOvJ) of vervanging (loco-burgemeester).")
        munis = {m["code"]: m for m in repo.municipalities(self.db)}
        muni = form.get("municipality_code")
        if muni not in munis:
            c.add("municipality_code", "Kies de gemeente van de burgemeester.")
        holder = repo.get_user(self.db, form.get("holder_username") or "") \
            if isinstance(form.get("holder_username"), str) else None
        if holder is None or not holder["active"]:
            c.add("holder_username", "Kies een actieve gebruiker.")
        elif kind in MANDATE_KINDS:
            need = MANDATE_HOLDER_ROLE[kind]
            if holder["role"] != need.value:
                c.add("holder_username", f"Een {'mandaat' if kind == 'mandaat' else 'vervanging'} is voor een "
                                         f"{need.label.lower()}; {holder['name']} is {Role(holder['role']).label.lower()}.")
            elif muni in munis:
                if kind == "mandaat" and (holder["subregion"] or "") != munis[muni]["subregion"]:
                    c.add("municipality_code", f"{munis[muni]['name']} ligt buiten de subregio van deze hulpofficier.")
                if kind == "vervanging" and holder["municipality_code"] != muni:
                    c.add("municipality_code", "Een loco-burgemeester vervangt alleen de burgemeester van zijn eigen "
                                               "gemeente.")
        reference = c.run(v.text, form.get("reference"), "reference", "Nummer van het besluit", max_len=v.MAX_SHORT)
        start = c.run(v.a_date, form.get("valid_from"), "valid_from", "Geldig vanaf")
        end = c.run(v.a_date, form.get("valid_to"), "valid_to", "Geldig tot en met", required=False)
        if start is not None and end is not None and end < start:
            c.add("valid_to", "De einddatum ligt vóór de begindatum.")
        c.raise_if_any()
        now = self.ctx.now()
        with self.db.transaction() as cur:
            mid = repo.insert_mandate(cur, {"kind": kind, "holder_username": holder["username"],
                                            "municipality_code": muni, "reference": reference, "valid_from": start,
                                            "valid_to": end, "created_at": now})
            self.ctx.audit(cur, actor, "mandaat_toegevoegd",
                           detail=f"{kind} {reference}: {holder['username']} voor {munis[muni]['name']}, "
                           f"{start:%d-%m-%Y} t/m {end.strftime('%d-%m-%Y') if end else 'onbepaald'}")
        return mid

    def end_mandate(self, actor: Actor, mandate_id: int, valid_to: date) -> None:
        """End a record on ``valid_to`` (inclusive; today or earlier ends it at once). Records are not
        deleted: a signed decision keeps pointing at the mandate it was signed under.

        Raises:
            NotFound: unknown record. ValidationError: a date before the start.
        """
        require_action(actor, Action.MANAGE_USERS)
        m = repo.get_mandate(self.db, mandate_id) if isinstance(mandate_id, int) else None
        if m is None:
            raise NotFound("Dit mandaat- of vervangingsbesluit bestaat niet.")
        end = v.a_date(valid_to, "valid_to", "Geldig tot en met")
        if end < m["valid_from"]:
            raise ValidationError("De einddatum ligt vóór de begindatum.", field="valid_to")
        with self.db.transaction() as cur:
            admin_repo.set_mandate_end(cur, m["id"], end)
            self.ctx.audit(cur, actor, "mandaat_beeindigd",
                           detail=f"{m['kind']} {m['reference']}: tot en met {end:%d-%m-%Y}")

    def signer_overview(self, actor: Actor) -> list[dict[str, Any]]:
        """Every signer (burgemeester, loco, HOvJ) with the certificate in use: ``source`` ("secrets",
        "database", "demo" or ""), ``subject``, ``issuer``, ``valid_to``, ``problem`` (Dutch or "")."""
        require_action(actor, Action.MANAGE_USERS)
        stored = {c["username"]: c for c in admin_repo.signer_certificates(self.db)}
        now = self.ctx.now()
        out = []
        for u in admin_repo.users_overview(self.db):
            if Role(u["role"]) not in SIGNER_ROLES:
                continue
            row = {"username": u["username"], "name": u["name"], "role_label": Role(u["role"]).label,
                   "active": u["active"], "source": "", "subject": "", "issuer": "", "valid_to": None, "problem": ""}
            cfg = self.ctx.signers.get(u["username"])
            c = stored.get(u["username"])
            try:
                if cfg is not None and cfg.p12_path:
                    row["source"] = "secrets"
                    info = certificate_info(Path(cfg.p12_path).read_bytes(), cfg.passphrase.encode())
                elif c is not None:
                    row["source"] = "demo" if c["is_demo"] else "database"
                    pw = (cfg.passphrase if cfg is not None else c["passphrase"]) or ""
                    if not pw:
                        row["problem"] = (f"De passphrase ontbreekt: zet haar in secrets.toml onder "
                                          f"[signers.\"{u['username']}\"].")
                        out.append(row)
                        continue
                    info = certificate_info(bytes(c["p12"]), pw.encode())
                else:
                    info = None
                    row["problem"] = "Geen certificaat: deze gebruiker kan niet ondertekenen."
                if info:
                    row.update(subject=info["subject"], issuer=info["issuer"], valid_to=info["valid_to"])
                    if info["valid_to"] < now:
                        row["problem"] = "Het certificaat is verlopen."
            except (ValidationError, OSError):
                row["problem"] = "Het certificaat kan niet worden geopend (bestand of wachtwoord)."
            out.append(row)
        return out

    def upload_certificate(self, actor: Actor, username: str, p12: bytes, passphrase: str) -> dict[str, Any]:
        """Store a signer's PKCS#12 after checking that ``passphrase`` opens it.

        In demo mode the passphrase is stored with it; in production it is not: it must be in
        ``secrets.toml`` (``[signers."<username>"] passphrase``), and start-up stops without it.

        Returns:
            the certificate's ``subject, issuer, valid_from, valid_to``.

        Raises:
            NotFound: unknown user. RuleViolation: not a signer role.
            ValidationError: empty or unreadable file, wrong passphrase, expired certificate.
        """
        require_action(actor, Action.MANAGE_USERS)
        u = self._user_or_404(username)
        if Role(u["role"]) not in SIGNER_ROLES:
            raise RuleViolation("Alleen een burgemeester, loco-burgemeester of hulpofficier ondertekent.")
        if not p12 or not isinstance(p12, (bytes, bytearray)):
            raise ValidationError("Kies een .p12- of .pfx-bestand.", field="p12")
        if len(p12) > 200_000:
            raise ValidationError("Dit bestand is te groot voor een certificaat.", field="p12")
        info = certificate_info(bytes(p12), (passphrase or "").encode())
        now = self.ctx.now()
        if info["valid_to"] < now:
            raise ValidationError("Dit certificaat is verlopen.", field="p12")
        with self.db.transaction() as cur:
            repo.upsert_signer_certificate(cur, {"username": u["username"], "p12": bytes(p12),
                                                 "passphrase": passphrase if self.ctx.demo_mode else "",
                                                 "subject": info["subject"], "is_demo": False, "created_at": now})
            self.ctx.audit(cur, actor, "certificaat_geupload",
                           detail=f"{u['username']}: {info['subject']}, geldig tot {info['valid_to']:%d-%m-%Y}")
        return info

    def issue_demo_certificate(self, actor: Actor, username: str) -> dict[str, Any]:
        """Demo mode only: a fresh certificate for a signer from the installation's demo CA (created on
        first use and added to the trust roots).

        Raises:
            RuleViolation: not in demo mode, or not a signer role. NotFound: unknown user.
        """
        require_action(actor, Action.MANAGE_USERS)
        if not self.ctx.demo_mode:
            raise RuleViolation("Democertificaten kunnen alleen in de demo-modus worden uitgegeven. Upload een echt "
                                "certificaat (PKCS#12).")
        u = self._user_or_404(username)
        if Role(u["role"]) not in SIGNER_ROLES:
            raise RuleViolation("Alleen een burgemeester, loco-burgemeester of hulpofficier ondertekent.")
        now = self.ctx.now()
        ca = admin_repo.get_demo_ca(self.db)
        with self.db.transaction() as cur:
            if ca is None:
                name = "Demo-CA beheer Tijdelijk Huisverbod (alleen demo)"
                key_pem, cert_pem = signing.create_demo_ca(name, now)
                admin_repo.insert_demo_ca(cur, name, key_pem.decode(), cert_pem.decode(), now)
                repo.insert_trust_root(cur, "demo-ca-beheer", cert_pem.decode(), True)
                ca = {"key_pem": key_pem.decode(), "cert_pem": cert_pem.decode()}
            muni = {m["code"]: m["name"] for m in repo.municipalities(self.db)}.get(u["municipality_code"] or "")
            passphrase = secrets.token_urlsafe(16)
            p12 = signing.issue_signer_p12(ca["key_pem"].encode(), ca["cert_pem"].encode(), name=u["name"],
                                           role=Role(u["role"]).label, municipality=muni or u["subregion"] or "",
                                           passphrase=passphrase.encode(), now=now,
                                           organisation=sender_for_role(u["role"], muni or "").stamp_organisation)
            info = certificate_info(p12, passphrase.encode())
            repo.upsert_signer_certificate(cur, {"username": u["username"], "p12": p12, "passphrase": passphrase,
                                                 "subject": info["subject"], "is_demo": True, "created_at": now})
            self.ctx.audit(cur, actor, "democertificaat_uitgegeven", detail=u["username"])
        return info
