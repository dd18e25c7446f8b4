"""Installation settings from environment variables or ``.streamlit/secrets.toml`` (no Streamlit import).
Implements no article of the Wth: demo or production, database, cookie key, signers.

Keys (README, Configuration): ``WTH_MODE`` (``demo`` or ``productie``; ``mode`` in the secrets may only say
``productie``: the demo, with its known passwords and self-made keys, runs only when the environment says
``WTH_MODE=demo`` — without any mode the app does not start, whatever address it listens on: a same-host reverse
proxy would otherwise publish a loopback-only demo; issue 11, attack finding 3), ``WTH_TRUSTED_PROXY`` /
``trusted_proxy`` (addresses of the reverse proxy whose ``X-Forwarded-For`` may name the client; attack finding 7),
``WTH_DB_PATH`` / ``db_path`` (the DuckDB file), ``WTH_DATABASE_URL`` / ``database_url`` (a ``postgresql://``
URL: the app runs on PostgreSQL instead, several app servers on one database — issue 16; it wins over the DuckDB
path), ``WTH_COOKIE_KEY`` / ``cookie_key``, ``WTH_IDLE_MINUTES`` /
``idle_timeout_minutes`` (idle session timeout, default 30), and per signer a table
``[signers.<username>]`` with ``passphrase`` and optionally ``p12_path`` (without it the certificate
uploaded on the beheer page is used). Outside demo mode a missing cookie key or a signer without a
passphrase stops start-up with a Dutch message (issue 7), and so does a cookie key shorter than 32 bytes (issue 11),
a whitespace-only one, or one of fewer than 16 different characters; ``WTH_MODE`` and the secrets' ``mode`` that
disagree stop it too (the environment used to win silently: ``WTH_MODE=demo`` overrode ``mode = "productie"``).
"""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from procedure.app import SignerConfig
from store import dialect, files

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / "var" / "wth-demo.duckdb"
#: a production cookie key signs every login cookie (HS256): at least 256 bits
MIN_COOKIE_KEY_BYTES = 32
#: ... made of at least this many different characters ("k" × 40 or a repeated word is long but guessable)
MIN_COOKIE_KEY_DISTINCT = 16
#: server addresses that reach only this computer
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}


class ConfigError(Exception):
    """Start-up can't continue; the message says what to configure (Dutch)."""


@dataclass
class Settings:
    mode: str
    db_path: str
    cookie_key: str
    cookie_key_created: bool = False
    signers: dict[str, SignerConfig] = field(default_factory=dict)
    idle_minutes: int = 30
    #: addresses of reverse proxies trusted to name the client in X-Forwarded-For (empty: none)
    trusted_proxies: frozenset[str] = frozenset()

    @property
    def demo(self) -> bool:
        return self.mode == "demo"

    @property
    def mode_notice(self) -> str:
        """One Dutch sentence for the screen: which mode runs and why."""
        if not self.demo:
            return ""
        return "Demo-modus (WTH_MODE=demo): sleutels en certificaten zijn voor de demo gemaakt, niet voor echt gebruik."


def is_loopback(address: str | None) -> bool:
    """Whether a server address (Streamlit's ``server.address``) reaches only this computer; empty = all interfaces."""
    return (address or "").strip().lower() in LOOPBACK


def throttle_address(seen: str | None, headers: Mapping[str, str], trusted: frozenset[str] | set[str],
                     forwarded_allow: str | None) -> str | None:
    """The client address the login throttle counts, from what the server saw (attack finding 7).

    Streamlit's server (uvicorn) replaces the peer address by the one in ``X-Forwarded-For`` when the peer is in
    ``FORWARDED_ALLOW_IPS`` (default ``127.0.0.1``): any process on this machine could then name any address. So a
    request carrying ``X-Forwarded-For`` is believed only when the installation names its proxy
    (``WTH_TRUSTED_PROXY``) and uvicorn trusts nothing else (``forwarded_allow``, the ``FORWARDED_ALLOW_IPS``
    environment value, None = uvicorn's default ``127.0.0.1``; ``*`` is never accepted). Otherwise every such
    request counts as the one address ``"onvertrouwde-proxy"``: rotating the header gains an attacker nothing.

    Args:
        seen: ``st.context.ip_address`` (None for a loopback peer). headers: the request's headers.
    Returns:
        the address to count, or None (a local connection without proxy).
    """
    xff = next((v for k, v in headers.items() if k.lower() == "x-forwarded-for"), None) if headers else None
    if not xff:
        return seen
    allow = {a.strip() for a in (forwarded_allow if forwarded_allow is not None else "127.0.0.1").split(",")
             if a.strip()}
    if trusted and "*" not in allow and allow <= set(trusted):
        return seen
    return "onvertrouwde-proxy"


def load_settings(secrets_map: Mapping[str, Any] | None = None, env: Mapping[str, str] | None = None,
                  bind_address: str | None = None) -> Settings:
    """Read settings; in demo mode a missing cookie key is created once (owner-only) beside the database.

    Args:
        bind_address: the address the server listens on (Streamlit's ``server.address``); it no longer decides the
            mode (a reverse proxy on this machine makes a loopback server public), only the message mentions it.

    Raises:
        ConfigError: no ``WTH_MODE`` (demo needs ``WTH_MODE=demo`` in the environment; the secrets' ``mode`` may
            only say ``productie``); an unknown mode; production without a cookie key or with one shorter than
            :data:`MIN_COOKIE_KEY_BYTES` bytes or of fewer than :data:`MIN_COOKIE_KEY_DISTINCT` different characters; a
            whitespace-only key; ``WTH_MODE`` and the secrets' ``mode`` that disagree; a signer without passphrase;
            a bad idle timeout.
    """
    env = os.environ if env is None else env
    sec = dict(secrets_map or {})
    env_mode = (env.get("WTH_MODE") or "").strip().lower()
    sec_mode = str(sec.get("mode") or "").strip().lower()
    if env_mode and sec_mode and env_mode != sec_mode:
        raise ConfigError(f"De app start niet: de modus is tegenstrijdig ingesteld — WTH_MODE={env_mode} in de omgeving, "
                          f"mode = \"{sec_mode}\" in secrets.toml. Kies één modus: haal WTH_MODE uit de omgeving of "
                          f"maak beide gelijk.")
    mode = env_mode or sec_mode
    if not mode:
        raise ConfigError("De app start niet: WTH_MODE ontbreekt. Kies de modus: WTH_MODE=demo voor de demo met "
                          "synthetische gegevens en bekende demo-wachtwoorden, of WTH_MODE=productie met een eigen "
                          "cookie-sleutel en echte certificaten (zie README). Zonder keuze start de demo nergens, ook "
                          "niet op 127.0.0.1: een proxy op dezelfde machine zou hem publiek maken.")
    if mode not in ("demo", "productie"):
        raise ConfigError(f"Onbekende modus '{mode}': gebruik 'demo' of 'productie' (WTH_MODE).")
    if mode == "demo" and env_mode != "demo":
        raise ConfigError("De app start niet: de demo-modus (bekende wachtwoorden, zelfgemaakte sleutels) kan alleen "
                          "met WTH_MODE=demo in de omgeving worden gekozen, niet met mode = \"demo\" in secrets.toml.")
    db_url = (env.get("WTH_DATABASE_URL") or sec.get("database_url") or "").strip()
    if db_url and not dialect.is_postgres(db_url):
        raise ConfigError("WTH_DATABASE_URL / database_url moet een PostgreSQL-adres zijn "
                          "(postgresql://gebruiker:wachtwoord@server:5432/database). Laat het weg voor het "
                          "DuckDB-bestand (WTH_DB_PATH).")
    db_path = db_url or env.get("WTH_DB_PATH") or sec.get("db_path") or str(DEFAULT_DB)
    if not db_url and "://" in db_path:      # a URL is not a file: it would become folders named after it
        raise ConfigError("WTH_DB_PATH / db_path is het pad van het DuckDB-bestand. Een PostgreSQL-adres hoort in "
                          "WTH_DATABASE_URL / database_url.")
    key = env.get("WTH_COOKIE_KEY") or sec.get("cookie_key") or ""
    created = False
    if not key:
        if mode != "demo":
            raise ConfigError("De cookie-sleutel ontbreekt. Zet WTH_COOKIE_KEY of cookie_key in "
                              ".streamlit/secrets.toml (zie .streamlit/secrets.example.toml). De app start niet "
                              "zonder.")
        # beside the DuckDB file; on PostgreSQL in var/ (app servers on one machine share it; production sets a key)
        key_file = (DEFAULT_DB.parent if db_url else Path(db_path).resolve().parent) / "demo-cookie-key.txt"
        files.restrict_new_files()
        files.private_dir(key_file.parent)
        if key_file.exists():
            files.make_private(key_file)
            key = key_file.read_text(encoding="utf-8").strip()
        else:
            key = secrets.token_urlsafe(48)
            files.write_private_text(key_file, key)
            created = True
    elif not key.strip():
        raise ConfigError("De cookie-sleutel bestaat alleen uit spaties of witruimte. Maak een nieuwe, bijvoorbeeld "
                          "met: python -c \"import secrets; print(secrets.token_urlsafe(48))\". De app start niet "
                          "met deze sleutel.")
    elif mode != "demo" and len(key.encode("utf-8")) < MIN_COOKIE_KEY_BYTES:
        raise ConfigError(f"De cookie-sleutel is te kort ({len(key.encode('utf-8'))} bytes; minimaal "
                          f"{MIN_COOKIE_KEY_BYTES}). Maak een nieuwe, bijvoorbeeld met: python -c \"import secrets; "
                          "print(secrets.token_urlsafe(48))\". De app start niet met een korte sleutel.")
    elif mode != "demo" and len(set(key)) < MIN_COOKIE_KEY_DISTINCT:
        raise ConfigError(f"De cookie-sleutel is te voorspelbaar: hij bestaat uit maar {len(set(key))} verschillende "
                          f"tekens (minimaal {MIN_COOKIE_KEY_DISTINCT}). Maak een willekeurige, bijvoorbeeld met: python "
                          "-c \"import secrets; print(secrets.token_urlsafe(48))\". De app start niet met deze sleutel.")
    signers = {}
    for username, cfg in dict(sec.get("signers") or {}).items():
        cfg = dict(cfg) if isinstance(cfg, Mapping) else {}
        if not str(cfg.get("passphrase") or "").strip():
            raise ConfigError(f"Ondertekenaar {username}: de passphrase van het certificaat ontbreekt. Zet "
                              f"passphrase onder [signers.\"{username}\"] in .streamlit/secrets.toml (zie "
                              ".streamlit/secrets.example.toml). De app start niet zonder.")
        signers[username] = SignerConfig(p12_path=str(cfg.get("p12_path") or ""), passphrase=str(cfg["passphrase"]))
    raw_idle = env.get("WTH_IDLE_MINUTES") or sec.get("idle_timeout_minutes") or 30
    try:
        idle = int(raw_idle)
        if not 1 <= idle <= 24 * 60:
            raise ValueError
    except (TypeError, ValueError):
        raise ConfigError(f"idle_timeout_minutes / WTH_IDLE_MINUTES moet een aantal minuten zijn tussen 1 en 1440, "
                          f"niet '{raw_idle}'.") from None
    raw_proxy = env.get("WTH_TRUSTED_PROXY") or sec.get("trusted_proxy") or ""
    proxies = raw_proxy if isinstance(raw_proxy, (list, tuple)) else str(raw_proxy).split(",")
    return Settings(mode=mode, db_path=db_path, cookie_key=key, cookie_key_created=created, signers=signers,
                    idle_minutes=idle, trusted_proxies=frozenset(str(p).strip() for p in proxies if str(p).strip()))


def missing_signer_secrets(stored: list[dict[str, Any]], settings: Settings) -> list[str]:
    """Outside demo mode: signers whose certificate is stored in the database (uploaded on the beheer
    page, or left over from a demo) but whose passphrase is not in the secrets. Each item is a Dutch
    sentence; start-up stops when the list is not empty.

    Args:
        stored: rows of ``signer_certificate`` (``username``, ``is_demo``).
    """
    if settings.demo:
        return []
    out = []
    for c in stored:
        if c["username"] in settings.signers:
            continue
        if c["is_demo"]:
            out.append(f"Ondertekenaar {c['username']} heeft alleen een democertificaat; upload een echt certificaat "
                       "of verwijder de demodatabase.")
        else:
            out.append(f"Ondertekenaar {c['username']}: de passphrase van het certificaat ontbreekt in "
                       f"[signers.\"{c['username']}\"] in .streamlit/secrets.toml.")
    return out
