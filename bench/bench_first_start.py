"""Benchmark: a newcomer's first start (issue 12, point 5). Not part of the test run.
Implements no article of the Wth: measures the README's start command.

Clones the repository into a fresh temporary folder (so there is no ``var/``: no database, no cookie key),
runs the README's start command there (``streamlit run app.py``, plus ``--server.headless=true`` and a free
port on 127.0.0.1 so no browser is launched by Streamlit itself), and measures from the moment the
command starts:

- ``health``: ``/_stcore/health`` answers 200 (the server is up; no app code has run yet);
- ``page``: Chromium opens the app as soon as the server answers (as the browser Streamlit opens does)
  and sees the start screen's progress bar (the demo database is being built);
- ``login``: the login form's ``Gebruikersnaam`` field is visible — the demo is ready.

It also prints the build time the app logs, the CPU seconds the app process used until the login form
(independent of what else runs: on an idle machine the wall time is close to it), the load average and
the core count (the 2-core machine is shared: compare runs at similar load), and saves screenshots of the progress bar and the
login form (``--shots``). Target (issue 12): login ≤ 20 s. Reported, not asserted.

    python -m bench.bench_first_start [--runs 3] [--repo .] [--shots /tmp/wth-first-start]
"""
from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TARGET_S = 20.0


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _healthy(url: str) -> bool:
    try:
        with urllib.request.urlopen(url + "/_stcore/health", timeout=1) as r:
            return r.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def one_start(repo: Path, shots: Path | None, run: int) -> dict[str, float]:
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="wth-first-start-"))
    clone = work / "clone"
    subprocess.run(["git", "clone", "-q", str(repo), str(clone)], check=True)
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    env = dict(os.environ, WTH_MODE="demo", PYTHONUNBUFFERED="1")
    for key in ("WTH_DB_PATH", "WTH_COOKIE_KEY"):
        env.pop(key, None)
    log_path = work / "streamlit.log"
    with sync_playwright() as pw, open(log_path, "wb") as log:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)   # before the clock
        page = browser.new_page(viewport={"width": 1366, "height": 900})
        t0 = time.monotonic()
        proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless=true",
                                 "--server.address=127.0.0.1", f"--server.port={port}"],
                                cwd=clone, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        try:
            while not _healthy(url):
                if proc.poll() is not None or time.monotonic() - t0 > 120:
                    raise RuntimeError("streamlit did not start:\n" + log_path.read_text(errors="replace"))
                time.sleep(0.1)
            t_health = time.monotonic() - t0
            page.goto(url)
            t_page = None
            try:
                page.get_by_role("progressbar").first.wait_for(timeout=30_000)
                t_page = time.monotonic() - t0
                if shots:
                    time.sleep(1.0)
                    page.screenshot(path=str(shots / f"run{run}-progress.png"))
            except Exception:  # noqa: BLE001 - a build faster than the first paint shows no bar
                pass
            page.get_by_label("Gebruikersnaam", exact=True).wait_for(timeout=180_000)
            t_login = time.monotonic() - t0
            cpu = _cpu_seconds(proc.pid)
            if shots:
                page.screenshot(path=str(shots / f"run{run}-login.png"))
        finally:
            browser.close()
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
                proc.wait(timeout=20)
    text = log_path.read_text(errors="replace")
    built = re.search(r"demo database built in ([\d.]+) s", text)
    shutil.rmtree(work, ignore_errors=True)
    return {"health": t_health, "page": t_page if t_page is not None else float("nan"), "login": t_login,
            "build": float(built.group(1)) if built else float("nan"), "cpu": cpu, "load": os.getloadavg()[0]}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.bench_first_start")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--repo", default=str(ROOT), help="the git repository to clone (default: this one)")
    ap.add_argument("--shots", default="", help="folder for screenshots of the progress bar and the login form")
    args = ap.parse_args(argv)
    shots = Path(args.shots) if args.shots else None
    if shots:
        shots.mkdir(parents=True, exist_ok=True)
    head = subprocess.run(["git", "-C", args.repo, "rev-parse", "--short", "HEAD"], capture_output=True,
                          text=True).stdout.strip()
    print(f"fresh clone of {args.repo} at {head}; {os.cpu_count()} cores; seconds after `streamlit run app.py`")
    print(f"{'run':>4}{'health':>9}{'progress':>10}{'login':>8}{'build':>8}{'app CPU':>9}{'load':>7}")
    rows = []
    for i in range(1, args.runs + 1):
        r = one_start(Path(args.repo), shots, i)
        rows.append(r)
        print(f"{i:>4}{r['health']:>9.1f}{r['page']:>10.1f}{r['login']:>8.1f}{r['build']:>8.1f}{r['cpu']:>9.1f}"
              f"{r['load']:>7.2f}")
    med = statistics.median(r["login"] for r in rows)
    print(f"median login form after {med:.1f} s (target ≤ {TARGET_S:.0f} s): "
          f"{'ok' if med <= TARGET_S else 'MISSED'}; worst {max(r['login'] for r in rows):.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
