"""Installation settings from environment variables or ``.streamlit/secrets.toml`` (no Streamlit import).

Keys (README, Configuration): ``WTH_MODE`` / ``mode`` (``demo`` default, or ``productie``),
``WTH_DB_PATH`` / ``db_path``, ``WTH_COOKIE_KEY`` / ``cookie_key``, ``WTH_IDLE_MINUTES`` /
``idle_timeout_minutes`` (idle session timeout, default 30), and per signer a table
``[signers.<username>]`` with ``passphrase`` and optionally ``p12_path`` (without it the certificate
uploaded on the beheer page is used). Outside demo mode a missing cookie key or a signer without a
passphrase stops start-up with a Dutch message (issue 7).
"""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from procedure.service import SignerConfig

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DB = ROOT / "var" / "wth-demo.duckdb"


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

    @property
    def demo(self) -> bool:
        return self.mode == "demo"


def load_settings(secrets_map: Mapping[str, Any] | None = None, env: Mapping[str, str] | None = None) -> Settings:
    """Read settings; in demo mode a missing cookie key is created once and kept in ``var/``.

    Raises:
        ConfigError: production mode without a cookie key, or an unknown mode.
    """
    env = os.environ if env is None else env
    sec = dict(secrets_map or {})
    mode = (env.get("WTH_MODE") or sec.get("mode") or "demo").strip().lower()
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
        key_file.parent.mkdir(parents=True, exist_ok=True)
        if key_file.exists():
            key = key_file.read_text(encoding="utf-8").strip()
        else:
            key = secrets.token_urlsafe(32)
            key_file.write_text(key, encoding="utf-8")
            created = True
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
                    idle_minutes=idle)


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
