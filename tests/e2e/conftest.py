"""Browser fixtures: a real ``streamlit run`` of app.py on a free localhost port with a fresh demo
database, and Debian's Chromium driven by Playwright (design.md, Tests and Known pitfalls).

Where /usr/bin/chromium is missing the e2e tests skip with a reason, except when the environment
variable ``CI`` is set: CI installs Chromium and refuses skips, so there they fail instead.

``WTH_E2E_BASE_URL`` (optional, for local debugging) points the tests at an already running app
instead of starting one; the app must be in demo mode.
"""
from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]
HEALTH_TIMEOUT_S = 120
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def pytest_collection_modifyitems(items):
    """Mark the browser tests. (Their place in the run — first — is set in tests/conftest.py.)"""
    here = Path(__file__).resolve().parent
    for item in items:
        if here in Path(str(item.fspath)).resolve().parents:
            item.add_marker(pytest.mark.e2e)


def _unavailable(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set: browser tests may not be skipped)", pytrace=False)
    pytest.skip(reason)


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as r:
            return r.status == 200
    except (urllib.error.URLError, OSError):
        return False


@contextlib.contextmanager
def streamlit_server(db_path: Path, log_path: Path, extra_env: dict[str, str] | None = None):
    """Run ``streamlit run app.py`` in demo mode on ``db_path`` on a free port; yield its base URL and
    stop the whole process group afterwards (printing the server log if it holds a traceback)."""
    port = _free_port()
    env = dict(os.environ, WTH_DB_PATH=str(db_path), WTH_MODE="demo", PYTHONUNBUFFERED="1")
    env.pop("WTH_COOKIE_KEY", None)
    env.update(extra_env or {})
    cmd = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless=true",
           "--server.address=127.0.0.1", f"--server.port={port}", "--server.fileWatcherType=none",
           "--browser.gatherUsageStats=false"]
    log = open(log_path, "wb")  # noqa: SIM115 - closed in the finally below, after the server stopped
    proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + HEALTH_TIMEOUT_S
        while not _healthy(url):
            if proc.poll() is not None:
                pytest.fail(f"streamlit exited with {proc.returncode}:\n{log_path.read_text(errors='replace')}",
                            pytrace=False)
            if time.monotonic() > deadline:
                pytest.fail(f"streamlit not healthy after {HEALTH_TIMEOUT_S} s:\n"
                            f"{log_path.read_text(errors='replace')}", pytrace=False)
            time.sleep(0.5)
        yield url
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=5)
        log.close()
        # The server log helps when a browser step failed; print it for pytest's captured output.
        text = log_path.read_text(errors="replace")
        if "Traceback" in text:
            print("---- streamlit log (contains a traceback) ----\n" + text)


NGINX_CONF = """worker_processes 1;
pid {d}/nginx.pid;
error_log {d}/error.log;
events {{ worker_connections 64; }}
http {{
  access_log off;
  client_body_temp_path {d}/body; proxy_temp_path {d}/proxy; fastcgi_temp_path {d}/fcgi;
  uwsgi_temp_path {d}/uwsgi; scgi_temp_path {d}/scgi;
  map $http_upgrade $connection_upgrade {{ default upgrade; '' close; }}
{servers}
}}
"""
NGINX_SERVER = """  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass {upstream};
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For {address};
      proxy_read_timeout 3600;
    }}
  }}"""


@contextlib.contextmanager
def nginx_proxy(upstream: str, addresses: list[str], folder: Path):
    """Debian's nginx as the reverse proxy of a production install, one port per pretended client address: it
    sets ``X-Forwarded-For`` (as ``$remote_addr`` would in production), which the app server trusts from 127.0.0.1
    only. Yields one base URL per address. (A browser's own extra headers do not reach Streamlit's WebSocket.)"""
    nginx = Path("/usr/sbin/nginx")
    if not nginx.exists():
        _unavailable("nginx is missing: apt-get install nginx to run the proxy e2e test")
    ports = [_free_port() for _ in addresses]
    servers = "\n".join(NGINX_SERVER.format(port=p, upstream=upstream, address=a) for p, a in zip(ports, addresses))
    folder.mkdir(parents=True, exist_ok=True)
    conf = folder / "nginx.conf"
    conf.write_text(NGINX_CONF.format(d=folder, servers=servers))
    proc = subprocess.Popen([str(nginx), "-p", str(folder), "-c", str(conf), "-g", "daemon off;"],
                            start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    urls = [f"http://127.0.0.1:{p}" for p in ports]
    try:
        deadline = time.monotonic() + 20
        while not all(_healthy(u) for u in urls):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"nginx did not start: {proc.stderr.read().decode(errors='replace')[-2000:]}", pytrace=False)
            time.sleep(0.2)
        yield urls
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=10)


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    """Base URL of a running app (``http://127.0.0.1:<port>``) with a fresh demo database."""
    external = os.environ.get("WTH_E2E_BASE_URL")
    if external:
        yield external.rstrip("/")
        return
    tmp = tmp_path_factory.mktemp("wth-e2e")
    with streamlit_server(tmp / "wth.duckdb", tmp / "streamlit.log") as url:
        yield url


@pytest.fixture(scope="module")
def browser():
    """Debian's Chromium, headless (``playwright install`` can't download here).

    Module scope on purpose: while Playwright's sync API is open, the main thread counts as running
    an asyncio loop, so any later test that calls ``asyncio.run()`` (pyHanko signing) would fail."""
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} is missing: install Debian's chromium (apt-get install chromium) to run e2e tests")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("python package playwright is not installed (pip install -r requirements-dev.txt)")
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture(scope="session")
def screenshots_dir() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)      # emptied once per run: tests/conftest.py pytest_configure
    return SCREENSHOTS
