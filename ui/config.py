"""Installation settings from environment variables or ``.streamlit/secrets.toml`` (no Streamlit import).
Implements no article of the Wth: demo or production, database, cookie key, signers.

Keys (README, Configuration): ``WTH_MODE`` / ``mode`` (``demo`` or ``productie``; without it the app runs the demo
only when the server listens on this computer alone — issue 11),
``WTH_DB_PATH`` / ``db_path``, ``WTH_COOKIE_KEY`` / ``cookie_key``, ``WTH_IDLE_MINUTES`` /
``idle_timeout_minutes`` (idle session timeout, default 30), and per signer a table
``[signers.<username>]`` with ``passphrase`` and optionally ``p12_path`` (without it the certificate
uploaded on the beheer page is used). Outside demo mode a missing cookie key or a signer without a
passphrase stops start-up with a Dutch message (issue 7), and so does a cookie key shorter than 32 bytes (issue 11).
"""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from procedure.app import SignerConfig
from store import files

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / "var" / "wth-demo.duckdb"
#: a production cookie key signs every login cookie (HS256): at least 256 bits
MIN_COOKIE_KEY_BYTES = 32
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
    #: True when no WTH_MODE / mode was set and the demo runs because the server listens on this computer only
    mode_implicit: bool = False

    @property
    def demo(self) -> bool:
        return self.mode == "demo"

    @property
    def mode_notice(self) -> str:
        """One Dutch sentence for the screen: which mode runs and why."""
        if not self.demo:
            return ""
        if self.mode_implicit:
            return ("Demo-modus: er is geen WTH_MODE gezet, daarom draait de demo alleen op deze computer "
                    "(127.0.0.1). Zet WTH_MODE=demo om de demo bewust ook elders te tonen.")
        return "Demo-modus (WTH_MODE=demo): sleutels en certificaten zijn voor de demo gemaakt, niet voor echt gebruik."


def is_loopback(address: str | None) -> bool:
    """Whether a server address (Streamlit's ``server.address``) reaches only this computer; empty = all interfaces."""
    return (address or "").strip().lower() in LOOPBACK


def load_settings(secrets_map: Mapping[str, Any] | None = None, env: Mapping[str, str] | None = None,
                  bind_address: str | None = None) -> Settings:
    """Read settings; in demo mode a missing cookie key is created once (owner-only) beside the database.

    Args:
        bind_address: the address the server listens on (Streamlit's ``server.address``; empty = every interface).
            Without ``WTH_MODE`` / ``mode`` the demo runs only when this is a loopback address (issue 11).

    Raises:
        ConfigError: no mode while the server is reachable from elsewhere; an unknown mode; production without a
            cookie key or with one shorter than :data:`MIN_COOKIE_KEY_BYTES` bytes; a signer without passphrase;
            a bad idle timeout.
    """
    env = os.environ if env is None else env
    sec = dict(secrets_map or {})
    raw_mode = (env.get("WTH_MODE") or sec.get("mode") or "").strip().lower()
    implicit = not raw_mode
    if implicit:
        if not is_loopback(bind_address):
            raise ConfigError("De app start niet: WTH_MODE ontbreekt en deze server is ook vanaf andere computers "
                              "bereikbaar. Kies de modus: WTH_MODE=demo voor de demo met synthetische gegevens, of "
                              "WTH_MODE=productie met een eigen cookie-sleutel en echte certificaten (zie README). "
                              "Zonder WTH_MODE start de demo alleen op deze computer "
                              "(streamlit run app.py --server.address=127.0.0.1).")
        raw_mode = "demo"
    mode = raw_mode
    if mode not in ("demo", "productie"):
        raise ConfigError(f"Onbekende modus '{mode}': gebruik 'demo' of 'productie' (WTH_MODE).")
    db_path = env.get("WTH_DB_PATH") or sec.get("db_path") or str(DEFAULT_DB)
    key = env.get("WTH_COOKIE_KEY") or sec.get("cookie_key") or ""
    created = False
    if not key:
        if mode != "demo":
            raise ConfigError("De cookie-sleutel ontbreekt. Zet WTH_COOKIE_KEY of cookie_key in "
                              ".streamlit/secrets.toml (zie .streamlit/secrets.example.toml). De app start niet "
                              "zonder.")
        key_file = Path(db_path).resolve().parent / "demo-cookie-key.txt"
        files.restrict_new_files()
        files.private_dir(key_file.parent)
        if key_file.exists():
            files.make_private(key_file)
            key = key_file.read_text(encoding="utf-8").strip()
        else:
            key = secrets.token_urlsafe(48)
            files.write_private_text(key_file, key)
            created = True
    elif mode != "demo" and len(key.encode("utf-8")) < MIN_COOKIE_KEY_BYTES:
        raise ConfigError(f"De cookie-sleutel is te kort ({len(key.encode('utf-8'))} bytes; minimaal "
                          f"{MIN_COOKIE_KEY_BYTES}). Maak een nieuwe, bijvoorbeeld met: python -c \"import secrets; "
                          "print(secrets.token_urlsafe(48))\". De app start niet met een korte sleutel.")
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
    return Settings(mode=mode, db_path=db_path, cookie_key=key, cookie_key_created=created, signers=signers,
                    idle_minutes=idle, mode_implicit=implicit)


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
