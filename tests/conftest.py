"""Shared fixtures: a pinned clock, a real database per test (a DuckDB file in tmp_path, or with
``--engine=postgresql`` a PostgreSQL database made from a seeded template: tests/engines.py), demo users and
certificates, and a helper that walks a case through the services up to a given step.

Markers: ``duckdb_only`` (the test is about the DuckDB file itself, or makes its own DuckDB file) and ``no_database``
(touches no database: running it again on PostgreSQL would only repeat it) are deselected on the PostgreSQL run;
``postgres_only`` (cluster, roles, pg_dump) is deselected on the DuckDB run."""
from __future__ import annotations

import os
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest

os.environ.setdefault("TZ", "Europe/Amsterdam")

from procedure.domain.deadlines import AMS  # noqa: E402
from procedure.domain.rihg import Assessment, Colour, Fact  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def pytest_addoption(parser):
    parser.addoption("--engine", choices=("duckdb", "postgresql"), default=os.environ.get("WTH_TEST_ENGINE", "duckdb"),
                     help="database engine the tests run on (issue 16)")
    parser.addoption("--pg-url", default=os.environ.get("WTH_TEST_PG_URL", ""),
                     help="PostgreSQL URL of a role that may create databases (with --engine=postgresql)")


def pytest_configure(config):
    config.addinivalue_line("markers", "duckdb_only: about the DuckDB file itself; not run on PostgreSQL")
    config.addinivalue_line("markers", "postgres_only: needs PostgreSQL (cluster, roles, pg_dump)")
    config.addinivalue_line("markers", "no_database: touches no database; run once, in the DuckDB half")
    if not hasattr(config, "workerinput") and _runs_browser_tests(config):
        # old screenshots go once per run that takes new ones, in the process that starts it (with pytest-xdist the
        # controller, not a worker: a second worker starting late would delete what the first one already took;
        # and not in CI's PostgreSQL half, which would delete the browser half's screenshots)
        for old in (ROOT / "tests" / "e2e" / "screenshots").glob("*.png"):
            old.unlink()
    if not os.environ.get("WTH_ANALYTICS_DIR"):     # the explorer's analytics copies (PostgreSQL): never in var/
        import tempfile

        os.environ["WTH_ANALYTICS_DIR"] = tempfile.mkdtemp(prefix="wth-test-analytics-")
    from tests import engines

    if config.getoption("--engine") == "postgresql" and engines.SERVER is None:
        url = config.getoption("--pg-url")
        if not url:
            raise pytest.UsageError("--engine=postgresql needs --pg-url or WTH_TEST_PG_URL")
        try:
            engines.SERVER = engines.PgServer(url)
        except Exception as exc:        # not a skip: a PostgreSQL run without a server fails
            raise pytest.UsageError(f"PostgreSQL for the tests can't be reached: {exc}") from None


def _runs_browser_tests(config) -> bool:
    """Whether the paths given on the command line (none: the testpaths, all of tests/) include tests/e2e."""
    e2e = (ROOT / "tests" / "e2e").resolve()
    paths = [a.split("::", 1)[0] for a in config.args if not a.startswith("-")] or ["tests"]
    for a in paths:
        p = (Path(config.invocation_params.dir) / a).resolve()
        if p == e2e or e2e in p.parents or p in e2e.parents:
            return True
    return False


def pytest_unconfigure(config):
    from tests import engines

    if engines.SERVER is not None:
        engines.SERVER.drop_all()
        engines.SERVER = None


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    skip = ("duckdb_only", "no_database") if config.getoption("--engine") == "postgresql" else ("postgres_only",)
    kept, dropped = [], []
    for item in items:
        (dropped if any(item.get_closest_marker(m) for m in skip) else kept).append(item)
    if dropped:
        config.hook.pytest_deselected(items=dropped)
        items[:] = kept
    # the browser tests first (stable sort, files keep their order): with pytest-xdist (README test command) the
    # long browser files then start at once instead of forming a tail after the short tests
    items.sort(key=lambda item: 0 if "/e2e/" in item.nodeid.replace("\\", "/") or item.nodeid.startswith("e2e/") else 1)


@pytest.fixture(scope="session")
def engine(pytestconfig) -> str:
    """``duckdb`` or ``postgresql``: the engine this run's databases are on."""
    return pytestconfig.getoption("--engine")


class FixedClock:
    """An injectable clock: returns ``at`` until moved."""

    def __init__(self, at: datetime):
        self.at = at

    def __call__(self) -> datetime:
        return self.at

    def advance(self, **kw) -> None:
        self.at = self.at + timedelta(**kw)


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 5, 12, 14, 30, tzinfo=AMS).astimezone(timezone.utc))


@pytest.fixture(scope="session")
def _template_db(tmp_path_factory, engine):
    """One seeded database (reference data, demo users, CA, certificates; no cases), copied per test: a DuckDB file
    (Path), or on PostgreSQL the URL (str) of a template database (copy it with tests.engines.fresh_copy)."""
    from data.seed import create_demo
    from store.db import Database
    from tests import engines

    if engine == "postgresql":
        target = engines.SERVER.create()
    else:
        target = tmp_path_factory.mktemp("template") / "wth.duckdb"
    db = Database(target)
    create_demo(db, now=datetime(2026, 5, 1, 9, 0, tzinfo=timezone.utc), n_cases=0, password_rounds=4)
    db.close()
    return target


@pytest.fixture
def db(_template_db, tmp_path):
    from store.db import Database
    from tests import engines

    target = engines.fresh_copy(_template_db, tmp_path / "wth.duckdb")
    d = Database(target)
    yield d
    d.close()
    engines.discard(target)


@pytest.fixture
def app(db, clock):
    from procedure.app import WthApp

    return WthApp(db, clock=clock)


@pytest.fixture
def actors(db):
    from data.seed import actor_for

    class _Actors(dict):
        def __missing__(self, username):
            self[username] = actor_for(db, username)
            return self[username]

    return _Actors()


def service_on_copy(template: Path, path: Path, at: datetime | None = None):
    """A WthApp on a copy of the seeded template at ``path``, with a fixed clock (default 12-05-2026 12:30 UTC),
    and a lazy dict of its actors by user name: for module-scoped fixtures (the ``app`` fixture is per test)."""
    from data.seed import actor_for
    from procedure.app import WthApp
    from store.db import Database

    from tests import engines

    d = Database(engines.fresh_copy(template, path))
    app = WthApp(d, clock=FixedClock(at or datetime(2026, 5, 12, 12, 30, tzinfo=timezone.utc)))

    class _Actors(dict):
        def __missing__(self, username):
            self[username] = actor_for(d, username)
            return self[username]
    return app, _Actors()


def melding_form(**over) -> dict:
    """A valid melding for Venlo (synthetic data)."""
    form = {
        "municipality_code": "GM0983", "street": "Kerkstraat", "house_number": "12", "postcode": "5911 AB",
        "city": "Venlo", "incident_date": date(2026, 5, 12), "incident_time": time(13, 40),
        "incident_description": "Bedreiging en duwen van de partner in de woning (synthetisch testgeval).",
        "q_domestic": True, "q_resident": True, "q_adult": True, "child_abuse_ground": "nee",
        "person_given_names": "Jan Test", "person_surname": "Voorbeeld", "person_birth_date": date(1980, 3, 4),
        "person_bsn": "", "person_phone": "",
        "members": [{"name": "Ans Voorbeeld", "birth_date": date(1982, 7, 1), "relation": "partner",
                     "residence": "woont", "residence_basis": "BRP", "threatened": True},
                    {"name": "Kim Voorbeeld", "birth_date": date(2015, 2, 2), "relation": "kind",
                     "residence": "woont", "residence_basis": "BRP", "threatened": False}],
    }
    form.update(over)
    return form


def full_assessment(catalogue, red_in_b: int = 2) -> Assessment:
    colours, facts, answers = {}, [], {i.code: False for i in catalogue.items}
    reds = 0
    for sig in catalogue.signals:
        if sig.part == "B" and reds < red_in_b:
            colours[sig.code] = Colour.ROOD
            answers[sig.items[0].code] = True
            facts.append(Fact(sig.code, f"Feit bij {sig.code}: verklaring partner", "PV 2026-0042"))
            reds += 1
        else:
            colours[sig.code] = Colour.GEEL
    return Assessment(answers=answers, colours=colours, facts=facts)


FACTS = ("Op 12 mei 2026 omstreeks 13:40 uur heeft betrokkene zijn partner in de woonkamer bedreigd met de "
         "woorden dat hij haar iets zou aandoen, en haar tegen de muur geduwd. De dochter was aanwezig.")
WHY = "Het geweld en de bedreigingen gaan uitsluitend uit van betrokkene, de partner is het slachtoffer."
#: the household parts of the default melding (a partner and a child; art. 2 lid 4 Wth, issue 14)
HOUSEHOLD = {"adult_roles": {"Ans Voorbeeld": "Slachtoffer: zij werd bedreigd en geduwd; er is geen aanwijzing dat zij "
                                              "geweld gebruikte."},
             "children_care": "Moeder Ans Voorbeeld zorgt voor Kim in de woning.",
             "children_meaning": "Kim blijft thuis wonen en naar school gaan; geen contact met vader tijdens het "
                                 "huisverbod."}


def household_answers(members: list[dict]) -> dict:
    """The household parts for a draft of a melding with ``members``: a role note for every member (only the
    adults' are asked for) and the children's care and meaning (only asked for when a minor lives there)."""
    names = [m["name"] for m in members]
    roles = {n: HOUSEHOLD["adult_roles"].get(n, "Huisgenoot; geen aanwijzing dat deze persoon geweld gebruikte.")
             for n in names if names.count(n) == 1}
    return {**HOUSEHOLD, "adult_roles": roles}


def walk(app, actors, *, until: str, hovj: str = "hovj.noord", signer: str = "burgemeester.venlo", **over) -> str:
    """Create a case and take it through the services up to ``until``:
    melding | rihg | draft | submitted | signed | served."""
    steps = ["melding", "rihg", "draft", "submitted", "signed", "served"]
    h = actors[hovj]
    case_id = app.intake.create_melding(h, melding_form(**over))
    if steps.index(until) >= 1:
        v = app.case_file.get_case(h, case_id).version
        v = app.assessment.save_rihg(h, case_id, v, full_assessment(app.assessment.catalogue()))
        app.assessment.decide(h, case_id, v, True, "Acuut gevaar voor de partner; RiHG twee rode signalen in deel B.")
    if steps.index(until) >= 2:
        v = app.case_file.get_case(h, case_id).version
        app.decision.save_draft(h, case_id, v, facts=FACTS, threatened_persons="Ans Voorbeeld", why_this_person=WHY,
                                **household_answers(melding_form(**over)["members"]))
    if steps.index(until) >= 3:
        app.decision.submit_for_signature(h, case_id, app.case_file.get_case(h, case_id).version)
    if steps.index(until) >= 4:
        app.clock.advance(minutes=10)
        app.decision.sign(actors[signer], case_id, app.case_file.get_case(h, case_id).version)
    if steps.index(until) >= 5:
        app.clock.advance(minutes=10)
        app.service_of_order.serve(h, case_id, app.case_file.get_case(h, case_id).version, served_at=app.now() - timedelta(minutes=2),
                                   keys_taken_in=True, key_description="2 huissleutels", contact_address="")
    return case_id


def care_advice(app, case_id, *, risk="gelijk gebleven", help_status="geweigerd", advice="verlengen",
                form="zorgadvies") -> dict:
    """``details`` of a care advice for ``case_id``: the same help status for the removed person and every
    protected household member (issue 15; synthetic)."""
    from store import repo

    parties = ["uithuisgeplaatste"] + [f"lid:{m['id']}" for m in repo.get_members(app.db, case_id) if m["threatened"]]
    return {"form": form, "author": "T. Tester (synthetisch)", "risk": risk, "advice": advice,
            "help": {p: help_status for p in parties}}


def record_care_advice(app, actors, case_id, *, who="casemanager.noord", on=None, organisation="Veilig Thuis Limburg-Noord",
                       **kw) -> int:
    """Record a care advice event now (advice date ``on``, default today) by a care partner; returns the event id."""
    now = app.now()
    return app.aftercare.add_event(actors[who], case_id, "zorgadvies", occurred_at=now, organisation=organisation,
                                   event_date=on or now.astimezone(AMS).date(), details=care_advice(app, case_id, **kw))
