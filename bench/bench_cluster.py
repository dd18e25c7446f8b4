"""Load test: concurrent logins + work queue on one app server vs three behind nginx (issue 16, point 3).
Implements no article of the Wth: measures whether more app servers on one PostgreSQL carry more users.

For each number of app servers (default 1 and 3) ``deploy/cluster.sh`` starts them on a fresh PostgreSQL database
with the demo data (made once, copied per run, real bcrypt cost), behind nginx with sticky sessions. Then, per
concurrency level, that many sessions open the proxy at the same moment, log in as different demo users and wait
until their work queue (werkvoorraad) is drawn. Reported per level: p50 / p95 / max seconds from opening the page to
the work queue, and failures. Issue 16's target (reported, not asserted): p95 < 2 s at 3x the single-process figure
(5 -> 15 concurrent) with three app servers. Bounded: at most ``--levels`` sessions, localhost only.

Two clients (``--client``):

* ``ws`` (default): what a browser sends, without the browser — per session one HTTP GET of the page through the
  proxy (which hands out the sticky cookie), then Streamlit's own WebSocket protocol (``/_stcore/stream``, the
  protobuf BackMsg/ForwardMsg of the installed Streamlit): a first run that draws the login form, then the form
  submitted with the ids of its widgets as the server sent them, until the work queue's title is drawn and the run
  has finished. Light enough that on a small machine the app servers, not the client, use the cores.
* ``browser``: Debian's Chromium through Playwright, one context per session. Closest to a user, but on a 2-core
  machine Chromium itself takes the cores the servers need (15 contexts: tens of seconds in the browser).

    python -m bench.bench_cluster --pg-url postgresql://user:pw@localhost/postgres [--servers 1,3]
        [--levels 1,5,10,15] [--client ws|browser] [--dir /tmp/wth-bench-cluster]

Not part of the test run (pytest collects tests/ only).
"""
from __future__ import annotations

import argparse
import asyncio
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PASSWORD = "Demo-Wth-2026!"
USERS = ["hovj.noord", "hovj.midden", "burgemeester.venlo", "burgemeester.roermond", "oov.venlo", "oov.roermond",
         "politie.noord", "politie.midden", "casemanager.noord", "burgemeester.venray", "burgemeester.weert",
         "burgemeester.gennep", "burgemeester.beesel", "burgemeester.leudal", "burgemeester.peelmaas",
         "burgemeester.maasgouw", "burgemeester.horstmaas", "burgemeester.nederweert", "burgemeester.roerdalen",
         "loco.venlo"]
CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def _one(browser, url: str, user: str) -> float:
    ctx = await browser.new_context(viewport={"width": 1366, "height": 900})
    page = await ctx.new_page()
    try:
        t = time.perf_counter()
        await page.goto(url)
        await page.get_by_label("Gebruikersnaam", exact=True).wait_for(timeout=60_000)
        for _ in range(3):          # the first run after a server start may swallow the click (tests/e2e notes)
            await page.get_by_label("Gebruikersnaam", exact=True).fill(user)
            await page.get_by_role("textbox", name="Wachtwoord").fill(PASSWORD)
            await page.get_by_role("button", name="Inloggen", exact=True).click()
            try:
                await page.get_by_role("button", name="Uitloggen").wait_for(timeout=30_000)
                break
            except Exception:       # noqa: BLE001 - try the click again
                continue
        await page.get_by_text("Werkvoorraad").first.wait_for(timeout=60_000)
        await page.wait_for_function("() => !document.querySelector('[data-testid=\"stStatusWidget\"]')",
                                     timeout=60_000)
        return time.perf_counter() - t
    finally:
        await ctx.close()


def _texts(element) -> str:
    """The text an element of a Streamlit delta draws (headings, markdown, alerts), for waiting on a title."""
    kind = element.WhichOneof("type")
    if kind in ("heading", "markdown"):
        return getattr(element, kind).body
    if kind == "alert":
        return element.alert.body
    return ""


async def _one_ws(url: str, user: str) -> float:
    """One session through Streamlit's WebSocket protocol (see the module docstring); seconds to the work queue.
    Raises RuntimeError when the login form or the work queue does not come (refused, error, time-out)."""
    import urllib.request

    import websockets
    from streamlit.proto.BackMsg_pb2 import BackMsg
    from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

    t = time.perf_counter()
    loop = asyncio.get_running_loop()
    with await loop.run_in_executor(None, urllib.request.urlopen, url + "/") as r:     # page + sticky cookie
        cookies = "; ".join(c.split(";", 1)[0] for c in r.headers.get_all("Set-Cookie") or [])
        r.read()
    ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
    headers = {"Cookie": cookies} if cookies else {}
    async with websockets.connect(ws_url, subprotocols=["streamlit"], additional_headers=headers,
                                  origin=url, max_size=2**26, open_timeout=60) as ws:
        async def run(widgets: list, page_hash: str, until: str) -> tuple[dict, str]:
            """Send one rerun with ``widgets``; collect widget ids by label until the run finished and ``until``
            (a text) was drawn."""
            msg = BackMsg()
            msg.rerun_script.query_string = ""
            msg.rerun_script.page_script_hash = page_hash
            for w in widgets:
                msg.rerun_script.widget_states.widgets.append(w)
            await ws.send(msg.SerializeToString())
            ids, seen, new_hash = {}, False, page_hash
            while True:
                fwd = ForwardMsg()
                fwd.ParseFromString(await asyncio.wait_for(ws.recv(), timeout=120))
                kind = fwd.WhichOneof("type")
                if kind == "new_session":
                    new_hash = new_hash or fwd.new_session.page_script_hash
                elif kind == "delta" and fwd.delta.WhichOneof("type") == "new_element":
                    el = fwd.delta.new_element
                    k = el.WhichOneof("type")
                    if k in ("text_input", "button"):
                        ids[getattr(el, k).label] = getattr(el, k).id
                    if el.WhichOneof("type") == "exception":
                        raise RuntimeError(f"{user}: exception on the page")
                    seen = seen or until.lower() in _texts(el).lower()
                elif kind == "script_finished" and seen:
                    return ids, new_hash

        from streamlit.proto.WidgetStates_pb2 import WidgetState

        ids, page_hash = await run([], "", "Inloggen")
        if not {"Gebruikersnaam", "Wachtwoord", "Inloggen"} <= set(ids):
            raise RuntimeError(f"{user}: no login form ({sorted(ids)})")
        states = [WidgetState(id=ids["Gebruikersnaam"], string_value=user),
                  WidgetState(id=ids["Wachtwoord"], string_value=PASSWORD),
                  WidgetState(id=ids["Inloggen"], trigger_value=True)]
        await run(states, page_hash, "Werkvoorraad")
    return time.perf_counter() - t


async def _level_ws(url: str, n: int, servers: list[str] = ()) -> tuple[list[float], int]:
    for direct in servers or [url]:                     # warm-up: every app server once, directly (a cold server's
        await _one_ws(direct, USERS[0])                 # first page imports the app: ~2 s that is start-up, not load)
    res = await asyncio.gather(*[_one_ws(url, USERS[(i + 1) % len(USERS)]) for i in range(n)],
                               return_exceptions=True)
    for r in res:
        if not isinstance(r, float):
            print(f"  failed: {r!r}"[:300], flush=True)
    times = [r for r in res if isinstance(r, float)]
    return times, n - len(times)


async def _level(url: str, n: int) -> tuple[list[float], int]:
    from playwright.async_api import async_playwright

    async with async_playwright() as pw:
        browser = await pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            await _one(browser, url, USERS[0])          # warm-up: the first page after start
            res = await asyncio.gather(*[_one(browser, url, USERS[(i + 1) % len(USERS)]) for i in range(n)],
                                       return_exceptions=True)
        finally:
            await browser.close()
    times = [r for r in res if isinstance(r, float)]
    return times, n - len(times)


def _pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, max(0, round(q * (len(xs) - 1))))] if xs else float("nan")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench.bench_cluster")
    ap.add_argument("--pg-url", default=os.environ.get("WTH_TEST_PG_URL", ""),
                    help="PostgreSQL URL of a role that may create databases")
    ap.add_argument("--servers", default="1,3")
    ap.add_argument("--levels", default="1,5,10,15")
    ap.add_argument("--dir", default="/tmp/wth-bench-cluster")
    ap.add_argument("--client", choices=("ws", "browser"), default="ws")
    args = ap.parse_args(argv)
    if not args.pg_url:
        ap.error("--pg-url (or WTH_TEST_PG_URL) is needed")
    load_before = os.getloadavg()[0]
    from data.seed import create_demo
    from store.db import Database
    from tests.engines import PgServer

    server = PgServer(args.pg_url)
    template = server.create()
    t = time.perf_counter()
    db = Database(template)
    create_demo(db)                     # the demo as the app builds it: real bcrypt cost
    db.close()
    print(f"demo database made in {time.perf_counter() - t:.1f} s")
    levels = [int(x) for x in args.levels.split(",")]
    rows = []
    try:
        for n_servers in [int(x) for x in args.servers.split(",")]:
            url = server.create(template.rsplit("/", 1)[1])
            folder = Path(args.dir) / f"servers-{n_servers}"
            folder.mkdir(parents=True, exist_ok=True)
            proxy = _free_port()
            env = dict(os.environ, WTH_DATABASE_URL=url, WTH_CLUSTER_DIR=str(folder), WTH_MODE="demo",
                       WTH_CLUSTER_PORTS=" ".join(str(_free_port()) for _ in range(n_servers)),
                       WTH_PROXY_PORT=str(proxy), PYTHON=sys.executable)
            env.pop("WTH_COOKIE_KEY", None)
            subprocess.run(["bash", "deploy/cluster.sh", "start"], cwd=ROOT, env=env, check=True)
            try:
                for n in levels:
                    servers = [f"http://127.0.0.1:{p}" for p in env["WTH_CLUSTER_PORTS"].split()]
                    times, failed = asyncio.run(_level_ws(f"http://127.0.0.1:{proxy}", n, servers)
                                                if args.client == "ws" else _level(f"http://127.0.0.1:{proxy}", n))
                    rows.append((n_servers, n, statistics.median(times) if times else float("nan"),
                                 _pct(times, 0.95), max(times, default=float("nan")), failed))
                    print(f"{n_servers} server(s), {n:2d} concurrent: p50 {rows[-1][2]:.2f} s, p95 {rows[-1][3]:.2f} s, "
                          f"max {rows[-1][4]:.2f} s, failed {failed}", flush=True)
            finally:
                subprocess.run(["bash", "deploy/cluster.sh", "stop"], cwd=ROOT, env=env)
            server.drop(url)
    finally:
        server.drop_all()
    print(f"\nclient: {args.client}, {os.cpu_count()} cores, load average before: {load_before:.1f}")
    print("\n| app servers | concurrent logins | p50 s | p95 s | max s | failed |\n|---|---|---|---|---|---|")
    for r in rows:
        print(f"| {r[0]} | {r[1]} | {r[2]:.2f} | {r[3]:.2f} | {r[4]:.2f} | {r[5]} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
