"""Installation settings from environment variables or ``.streamlit/secrets.toml`` (no Streamlit import).

Keys (README, Configuration): ``WTH_MODE`` / ``mode`` (``demo`` default, or ``productie``),
``WTH_DB_PATH`` / ``db_path``, ``WTH_COOKIE_KEY`` / ``cookie_key``, and per signer a table
``[signers.<username>]`` with ``p12_path`` and ``passphrase``.
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
        if not cfg.get("p12_path") or not cfg.get("passphrase"):
            raise ConfigError(f"Ondertekenaar {username}: p12_path en passphrase zijn allebei verplicht.")
        signers[username] = SignerConfig(p12_path=str(cfg["p12_path"]), passphrase=str(cfg["passphrase"]))
    return Settings(mode=mode, db_path=db_path, cookie_key=key, cookie_key_created=created, signers=signers)
