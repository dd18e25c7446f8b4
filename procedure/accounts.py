"""Accounts for the login: the credentials handed to streamlit-authenticator and the :class:`Actor`
of a logged-in user (design.md, Login and access). Users, roles and bcrypt hashes live in DuckDB."""
from __future__ import annotations

from typing import Any

from procedure.roles import Actor, Role
from store import repo
from store.db import Database


def login_credentials(db: Database) -> dict[str, Any]:
    """A fresh credentials dict of the active users, in streamlit-authenticator's shape
    (``{"usernames": {username: {name, email, password (bcrypt hash), roles}}}``)."""
    return {"usernames": {u["username"]: {"name": u["name"], "email": u["email"], "password": u["password_hash"],
                                          "roles": [u["role"]]}
                          for u in repo.active_users_with_hash(db)}}


def actor_for(db: Database, username: str, *, active_only: bool = True) -> Actor | None:
    """The :class:`Actor` of a stored user (sub-region derived from the municipality when needed);
    None when the user does not exist or, with ``active_only``, is deactivated."""
    u = repo.get_user(db, username or "")
    if u is None or (active_only and not u["active"]):
        return None
    return Actor(username=u["username"], name=u["name"], role=Role(u["role"]),
                 municipality_code=u["municipality_code"],
                 subregion=u["subregion"] or u["municipality_subregion"])


def scope_label(db: Database, actor: Actor) -> str:
    """Where the user works, for the sidebar: the municipality's name, else the sub-region."""
    if actor.municipality_code:
        return next((m["name"] for m in repo.municipalities(db) if m["code"] == actor.municipality_code), "")
    return actor.subregion or ""
