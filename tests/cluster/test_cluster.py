"""Several app servers on one PostgreSQL database (issue 16), all on localhost: deploy/cluster.sh starts three
``streamlit run`` processes and nginx with sticky sessions in front of them; the tests then act as users of different
app servers — each "server side" below is a process of its own with its own connection pool, as an app server is.

* the proxy spreads new browsers over the servers and keeps each browser on its own (WebSocket affinity);
* two users on different servers edit the same case: the second is refused with "intussen gewijzigd" (version check
  across processes), and what he typed is not stored over the first one's;
* case numbers and document versions stay unique under concurrent creation from all servers;
* an app server killed with SIGKILL mid-write: every acknowledged write is there, the proxy sends its browsers to the
  others, and the user's drafts are found from another server;
* a session revoked on one server (logout, deactivation) is refused on the others.
"""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.postgres_only

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str, cookie: str | None = None) -> tuple[int, dict[str, str]]:
    req = urllib.request.Request(url, headers={"Cookie": f"wth_srv={cookie}"} if cookie else {})
    with urllib.request.urlopen(req, timeout=10) as r:
        return r.status, {k.lower(): v for k, v in r.headers.items()}


# Each snippet runs in its own process on the cluster's database: one "app server" each.
PRELUDE = r"""
import json, sys
from datetime import date, datetime, time, timezone
from data.seed import actor_for
from procedure.app import WthApp
from procedure.services import accounts
from store.db import Database
db = Database(sys.argv[1])
app = WthApp(db)
def out(x): print(json.dumps(x, default=str), flush=True)
def form(name, i=0):
    return {"municipality_code": "GM0983", "street": "Clusterlaan", "house_number": str(i + 1), "postcode": "5911 AB",
            "city": "Venlo", "incident_date": date(2026, 5, 12), "incident_time": time(13, 40),
            "incident_description": "Bedreiging in de woning (synthetisch testgeval voor het cluster).",
            "q_domestic": True, "q_resident": True, "q_adult": True,
            "person_given_names": "Cluster", "person_surname": name, "person_birth_date": date(1980, 3, 4),
            "person_bsn": "", "person_phone": "",
            "members": [{"name": "Partner Proef", "birth_date": date(1982, 7, 1), "relation": "partner",
                         "residence": "woont", "residence_basis": "BRP", "threatened": True}]}
"""


AGENT = PRELUDE + r"""
print('"ready"', flush=True)
for line in sys.stdin:
    job = json.loads(line)
    sys.argv[2:] = job["args"]
    try:
        exec(job["code"], dict(globals()))
    except BaseException as exc:       # reported to the test, which fails with it
        import traceback
        out({"error": traceback.format_exc()})
    print('"done"', flush=True)
"""


class Server:
    """A long-lived process on the cluster's database with its own pool (one app server's store): runs snippets sent
    to it, so a test pays the imports once per server, not once per step."""

    def __init__(self, url: str):
        self.proc = subprocess.Popen([sys.executable, "-c", AGENT, url], cwd=ROOT, stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                     env=dict(os.environ, PYTHONUNBUFFERED="1"))
        assert json.loads(self.proc.stdout.readline() or '"gone"') == "ready", self.proc.stderr.read()[-3000:]

    def __call__(self, code: str, *args: str) -> list:
        self.proc.stdin.write(json.dumps({"code": code, "args": list(args)}) + "\n")
        self.proc.stdin.flush()
        results = []
        while True:
            line = self.proc.stdout.readline()
            assert line, self.proc.stderr.read()[-3000:]
            value = json.loads(line)
            if value == "done":
                return results
            assert not (isinstance(value, dict) and "error" in value), value.get("error")
            results.append(value)

    def close(self) -> None:
        if self.proc.poll() is None:
            self.proc.stdin.close()
            self.proc.wait(timeout=30)


@pytest.fixture(scope="module")
def servers(cluster):
    """Three app servers' stores (A, B, C) on the cluster's database."""
    out = [Server(cluster["url"]) for _ in range(3)]
    yield out
    for s in out:
        s.close()


def _spawn(url: str, code: str, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", PRELUDE + code, url, *args], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=dict(os.environ, PYTHONUNBUFFERED="1"))


@pytest.fixture(scope="module")
def cluster(_template_db, tmp_path_factory):
    """deploy/cluster.sh on a database of its own (demo data with 4 cases, cheap bcrypt), three app servers."""
    from data.seed import create_demo
    from store.db import Database
    from tests import engines

    url = engines.SERVER.create()
    db = Database(url)
    create_demo(db, n_cases=4, password_rounds=4)
    db.close()
    folder = tmp_path_factory.mktemp("cluster")
    ports = [_free_port() for _ in range(3)]
    proxy = _free_port()
    env = dict(os.environ, WTH_DATABASE_URL=url, WTH_CLUSTER_DIR=str(folder), WTH_CLUSTER_PORTS=" ".join(map(str, ports)),
               WTH_PROXY_PORT=str(proxy), WTH_MODE="demo", PYTHON=sys.executable)
    env.pop("WTH_COOKIE_KEY", None)
    res = subprocess.run(["bash", "deploy/cluster.sh", "start"], cwd=ROOT, env=env, capture_output=True, text=True,
                         timeout=300)
    try:
        assert res.returncode == 0, res.stdout + res.stderr + "".join(
            p.read_text(errors="replace")[-2000:] for p in folder.glob("app-*.log"))
        yield {"url": url, "ports": ports, "proxy": f"http://127.0.0.1:{proxy}", "dir": folder}
    finally:
        subprocess.run(["bash", "deploy/cluster.sh", "stop"], cwd=ROOT, env=env, capture_output=True, timeout=120)


def test_proxy_spreads_new_browsers_and_keeps_each_on_its_server(cluster):
    seen = {}
    for _ in range(24):
        status, headers = _get(cluster["proxy"] + "/")
        assert status == 200
        cookie = headers["set-cookie"].split(";")[0].split("=", 1)[1]
        seen[cookie] = headers["x-wth-upstream"]
    assert len(set(seen.values())) == 3, f"new browsers all went to {set(seen.values())}"
    for cookie, upstream in list(seen.items())[:6]:
        for _ in range(3):
            status, headers = _get(cluster["proxy"] + "/_stcore/health", cookie)
            assert status == 200 and headers["x-wth-upstream"] == upstream
            assert "wth_srv=" not in headers.get("set-cookie", "")      # a browser that has its server keeps it


def test_second_editor_on_another_server_gets_intussen_gewijzigd(servers):
    a, b, _ = servers
    [case] = a("h = actor_for(db, 'hovj.noord'); out(app.intake.create_melding(h, form('Versie')))")
    a(r"""
from tests.conftest import full_assessment
h = actor_for(db, 'hovj.noord')
v = app.case_file.get_case(h, sys.argv[2]).version
v = app.assessment.save_rihg(h, sys.argv[2], v, full_assessment(app.assessment.catalogue()))
app.assessment.decide(h, sys.argv[2], v, True, 'Acuut gevaar voor de partner; twee rode signalen in deel B.')""", case)
    # both servers load the case at the same version
    load = "h = actor_for(db, 'hovj.noord'); out(app.case_file.get_case(h, sys.argv[2]).version)"
    assert a(load, case) == b(load, case)
    v, = a(load, case)
    save = r"""
from procedure.domain.errors import ConcurrencyConflict
h = actor_for(db, 'hovj.noord')
try:
    app.decision.save_draft(h, sys.argv[2], int(sys.argv[3]), facts=sys.argv[4], threatened_persons='Partner Proef',
                            why_this_person='Het geweld gaat uitsluitend uit van betrokkene (synthetisch).')
    out('opgeslagen')
except ConcurrencyConflict as exc:
    out(str(exc))
"""
    first = "Feiten van de eerste gebruiker op server A: bedreiging en duwen in de woonkamer."
    second = "Feiten van de tweede gebruiker op server B: een andere lezing van hetzelfde incident."
    assert a(save, case, str(v), first) == ["opgeslagen"]
    [msg] = b(save, case, str(v), second)
    assert "intussen gewijzigd" in msg and "Uw invoer staat nog op het scherm" in msg
    assert b("out(db.scalar('SELECT facts FROM hv_case WHERE id = ?', [sys.argv[2]]))", case) == [first]


def test_case_numbers_and_document_versions_unique_under_concurrent_creation(cluster):
    url = cluster["url"]
    make = r"""
h = actor_for(db, 'hovj.noord')
for i in range(8):
    out(app.intake.create_melding(h, form(f'Uniek{sys.argv[2]}x{i}', i)))
"""
    procs = [_spawn(url, make, str(k)) for k in range(3)]
    ids = []
    for p in procs:
        stdout, stderr = p.communicate(timeout=300)
        assert p.returncode == 0, stderr[-3000:]
        ids += [json.loads(line) for line in stdout.splitlines()]
    assert len(ids) == len(set(ids)) == 24
    numbers = sorted(int(i.split("-")[2]) for i in ids)
    assert numbers == list(range(numbers[0], numbers[0] + 24)), "case numbers not gap-free"

    # document versions: three servers store a version of the same document of one case at the same moment
    from store import repo
    from store.db import Database

    doc = r"""
import hashlib
from store import repo
case = sys.argv[2]
for i in range(5):
    with db.transaction() as cur:
        n = repo.next_document_version(cur, case, 'TEST')
        body = f'{case} versie {n} van server {sys.argv[3]}'.encode()
        repo.insert_document(cur, {"id": f"{case}-TEST-v{n}", "case_id": case, "kind": "TEST", "version": n,
                                   "created_at": datetime.now(timezone.utc), "created_by": "hovj.noord",
                                   "signed": False, "sha256": hashlib.sha256(body).hexdigest(), "content": body})
    out(n)
"""
    procs = [_spawn(url, doc, ids[0], str(k)) for k in range(3)]
    versions = []
    for p in procs:
        stdout, stderr = p.communicate(timeout=300)
        assert p.returncode == 0, stderr[-3000:]
        versions += [json.loads(line) for line in stdout.splitlines()]
    assert sorted(versions) == list(range(1, 16))
    db = Database(url)
    try:
        assert [d["version"] for d in repo.list_documents(db, ids[0]) if d["kind"] == "TEST"] == list(range(1, 16))
    finally:
        db.close()


def test_sigkill_of_an_app_server_mid_write(cluster, servers):
    """One app server's writer is killed mid-burst: every acknowledged write is there; then the streamlit process
    itself is killed: the proxy sends its browsers to the others, and the user's draft is there on another server."""
    url = cluster["url"]
    writer = r"""
h = actor_for(db, 'hovj.noord')
app.form_drafts.save_form_draft(h, 'melding', {'street': 'Conceptstraat', 'house_number': '7'})
out(['draft'])
i = 0
while True:
    i += 1
    out(['case', app.intake.create_melding(h, form(f'Kill{i}', i))])
"""
    proc = _spawn(url, writer)
    acks = []
    deadline = time.monotonic() + 120
    while len(acks) < 8 and time.monotonic() < deadline:
        line = proc.stdout.readline()
        assert line, proc.stderr.read()
        acks.append(json.loads(line))
    time.sleep(0.02)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)
    acks += [json.loads(line) for line in proc.stdout.read().splitlines() if line.strip()]
    cases = [a[1] for a in acks if a[0] == "case"]
    found = servers[1](r"""
ids = json.loads(sys.argv[2])
rows = db.query_tuples("SELECT id FROM hv_case WHERE id IN (" + ", ".join("?" * len(ids)) + ")", ids)
members = db.scalar("SELECT count(*) FROM hv_case c WHERE NOT EXISTS (SELECT 1 FROM household_member m "
                    "WHERE m.case_id = c.id)")
out([len(rows), members])""", json.dumps(cases))
    assert found == [[len(cases), 0]], "an acknowledged melding is lost, or a half one is stored"

    # the streamlit process of the server a browser was on dies
    cookie, victim = None, None
    for _ in range(30):
        status, headers = _get(cluster["proxy"] + "/")
        cookie = headers["set-cookie"].split(";")[0].split("=", 1)[1]
        victim = headers["x-wth-upstream"]
        if victim.endswith(f":{cluster['ports'][0]}"):
            break
    assert victim.endswith(f":{cluster['ports'][0]}")
    pid = int((cluster["dir"] / f"app-{cluster['ports'][0]}.pid").read_text())
    os.killpg(pid, signal.SIGKILL)
    time.sleep(0.5)
    status, headers = _get(cluster["proxy"] + "/", cookie)
    assert status == 200 and headers["x-wth-upstream"].split(",")[-1].strip() != victim
    for _ in range(10):                                   # and new browsers go to the live servers only
        status, headers = _get(cluster["proxy"] + "/")
        assert status == 200 and victim not in headers["x-wth-upstream"].split(",")[-1]
    drafts = servers[2]("out([d['form_key'] for d in app.form_drafts.my_form_drafts(actor_for(db, 'hovj.noord'))])")
    assert "melding" in drafts[0]


def test_session_revoked_on_one_server_is_refused_on_the_others(servers):
    a, b, c = servers
    key = "k" * 48
    start = r"""
now = datetime.now(timezone.utc)
sid, exp = accounts.start_session(db, sys.argv[2], now)
out(accounts.make_token(sys.argv[2], sid, exp, sys.argv[3]))"""
    check = r"""
from datetime import timedelta
out(accounts.session_from_token(db, sys.argv[2], sys.argv[3], datetime.now(timezone.utc), timedelta(minutes=30))[0])"""
    # logout on server A, checked on server B
    token, = a(start, "hovj.noord", key)
    assert b(check, token, key) == ["hovj.noord"]
    a("accounts.revoke_sessions(db, 'hovj.noord', datetime.now(timezone.utc))")
    assert b(check, token, key) == [None]
    # deactivation by beheer on server A, checked on server C
    token, = a(start, "politie.noord", key)
    assert c(check, token, key) == ["politie.noord"]
    a("app.users.set_user_active(actor_for(db, 'beheer'), 'politie.noord', False)")
    assert c(check, token, key) == [None]
