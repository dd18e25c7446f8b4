"""Fuzzing every service entry point and every validator with hypothesis (issue 7, Reliability).

Thousands of random inputs — text with any unicode (surrogates, NUL, right-to-left and zero-width
marks), huge strings, wrong types, None, dates in the year 1 or 9999, negative and huge numbers,
random dicts for forms — must give either a result or a :class:`~procedure.domain.errors.DomainError`
subclass with a non-empty Dutch message; never another exception.

The entry points are enumerated programmatically: every public method of every service of ``WthApp`` (per
service module, named ``"<service>.<method>"``) and every public function of ``procedure/domain/validation.py``
and ``procedure/domain/rules.py``. Each parameter gets a
strategy by its name or its type annotation; a new method with a parameter this file can't fuzz makes
:func:`test_every_entry_point_has_a_strategy` fail, so nothing is left out silently. The few public
methods that take no user input (internal helpers fed with store rows) are listed in
:data:`NOT_USER_INPUT` with the reason.

The actor is always a real user of one of the roles (the actor comes from the login, not from input);
all other arguments are fuzzed. The total number of inputs is printed at the end (run with ``-s``).
"""
from __future__ import annotations

import inspect
import os
import re
import time as _time
import typing
from collections import Counter
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from procedure.app import WthApp
from procedure.domain import rules, validation
from procedure.domain.answers import Answer
from procedure.domain.errors import DomainError
from procedure.domain.rihg import Assessment, Colour, Fact
from tests.conftest import FixedClock, walk

EXAMPLES = 30            # per service entry point
VALIDATOR_EXAMPLES = 200  # per validator (pure, fast)
SLOW = {"decision.sign": 8, "costs.cost_report_pdf": 6, "decision.draft_pdf": 15, "documents.render_document": 15,
        "documents.verify": 15, "users.create_user": 10, "users.reset_password": 10, "users.upload_certificate": 10,
        "users.issue_demo_certificate": 5}
# CI runs the same inputs every time (a red build is reproducible); WTH_FUZZ_RANDOM=1 explores new ones.
DERANDOMIZE = os.environ.get("WTH_FUZZ_RANDOM") != "1"

#: public methods that take no user input, with the reason (they are exercised by the other tests)
NOT_USER_INPUT = {
    "assessment.catalogue": "the RiHG catalogue file shipped with the app",
    "aftercare.tasks": "internal: its rows come from the work queue's query",
    "aftercare.contact_address_tasks": "internal: its rows come from the work queue's query or the case file",
    "notices.record": "internal: called inside the deciding service's transaction with the decided case row",
    "notifications.queue": "internal: called inside the transaction of the change that causes the mail",
    "notifications.deliver_due": "the mail worker's round: its transport is code, not user input",
    "mail_worker.start": "starts the background thread of the app process",
    "mail_worker.run_once": "the mail worker's round (no input)",
    "mail_worker.queue_overdue": "the mail worker's overdue sweep (no input)",
    "aftercare.events_of": "internal: for services that checked the case id already",
    "mail_worker.stop": "stops the background thread of the app process",
    "mail_worker.running": "whether the background thread is alive (no input)",
}

USERS = ["politie.noord", "hovj.noord", "hovj.midden", "burgemeester.venlo", "loco.venlo", "oov.venlo",
         "casemanager.noord", "procesmanager.midden", "veiligthuis.noord", "manager.venlo", "manager.regio",
         "beleid.regio", "beheer"]
DUTCH_WORDS = {"de", "het", "een", "is", "niet", "van", "geen", "en", "of", "in", "op", "voor", "u", "uw", "dit",
               "deze", "te", "kan", "mag", "moet", "bij", "met", "zijn", "er", "al", "nog", "kies", "vul", "naar",
               "wordt", "alleen", "verplicht", "ongeldig", "onbekend", "gevonden", "bestaat", "geldig", "tot",
               "dan", "na", "om", "heeft", "hebt", "aan", "die", "dat", "als", "wie", "wat"}

# -- strategies ----------------------------------------------------------------------------------------
HUGE = ["x" * 70_000, "é" * 2_001, "\u202e" * 5_000, "a b " * 20_000, "\x00" * 300]
SPECIAL = ["", " ", "\x00", "\ud800", "a\udfffb", "\u202eevil\u202c", "\u200b\u200d\ufeff", "<script>x</script>",
           "'; DROP TABLE hv_case; --", "{{7*7}}", "**vet** [a](javascript:x)", "../../etc/passwd", "None", "0",
           "-1", "NaN", "1e309", "HV-2026-00001", "GM0983", "12-05-2026", "2026-02-30", "25:61", "٣", "ǅ", "🏠" * 3]
any_char = st.characters(codec=None, exclude_categories=())          # includes surrogates and NUL
text = st.one_of(st.text(alphabet=any_char, max_size=60), st.sampled_from(SPECIAL), st.sampled_from(HUGE),
                 st.text(max_size=400))
far_dates = st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31))
aware = st.datetimes(min_value=datetime(1, 1, 2), max_value=datetime(9999, 12, 30),
                     timezones=st.sampled_from([timezone.utc, timezone(timedelta(hours=14)),
                                                timezone(timedelta(hours=-12))]))
near = st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31), timezones=st.just(timezone.utc))
numbers = st.one_of(st.integers(), st.integers(-5, 40), st.floats(allow_nan=True, allow_infinity=True),
                    st.decimals(allow_nan=True, allow_infinity=True), st.sampled_from([0, -1, 2 ** 63, -2 ** 64]))
scalar = st.one_of(st.none(), st.booleans(), numbers, text, far_dates, aware, st.datetimes(), st.times(),
                   st.binary(max_size=40))
junk = st.recursive(scalar, lambda c: st.one_of(st.lists(c, max_size=4),
                                               st.dictionaries(st.text(max_size=8), c, max_size=4)), max_leaves=8)
key = st.one_of(st.none(), st.booleans(), st.integers(), text, far_dates)      # hashable: dict keys


def mixed(good: st.SearchStrategy) -> st.SearchStrategy:
    """Mostly plausible values (to get past the first checks), sometimes anything at all."""
    return st.one_of(good, good, junk)


def _fact() -> st.SearchStrategy:
    return st.builds(Fact, mixed(st.sampled_from(["B1", "A1", "C3", "X9"]) | text), mixed(text), mixed(text),
                     mixed(st.booleans()))


def assessment(codes: list[str], signals: list[str]) -> st.SearchStrategy:
    return mixed(st.builds(
        Assessment,
        answers=st.dictionaries(st.sampled_from(codes) | key, mixed(st.booleans() | st.none()), max_size=8),
        colours=st.dictionaries(st.sampled_from(signals) | key, mixed(st.sampled_from(list(Colour))), max_size=8),
        facts=st.lists(_fact(), max_size=4)))


def melding_form(munis: list[str]) -> st.SearchStrategy:
    from tests.conftest import melding_form as base

    good = base()
    member = st.fixed_dictionaries({"name": mixed(text), "birth_date": mixed(far_dates | st.none()),
                                    "relation": mixed(st.sampled_from(list(rules.RELATIONS))),
                                    "residence": mixed(st.sampled_from([r.value for r in rules.Residence])),
                                    "residence_basis": mixed(text), "threatened": mixed(st.booleans())})
    fields = {k: mixed(st.just(v)) for k, v in good.items() if k != "members"}
    fields["municipality_code"] = mixed(st.sampled_from(munis))
    fields["person_surname"] = mixed(text)
    fields["person_bsn"] = mixed(st.sampled_from(["", "111222333", "123456782"]) | text)
    fields["person_birth_date"] = mixed(far_dates)
    fields["incident_date"] = mixed(far_dates | st.just(good["incident_date"]))
    fields["members"] = mixed(st.lists(member, max_size=3))
    fields["new_facts"] = mixed(text)
    return st.one_of(st.fixed_dictionaries(fields), st.dictionaries(text, junk, max_size=6), junk)


# -- the world the fuzzing runs in ----------------------------------------------------------------------
@pytest.fixture(scope="module")
def world(_template_db, tmp_path_factory):
    """A service on its own database with cases in every early state (module scope: hypothesis runs
    many examples per test; the state they leave behind is part of the fuzzing)."""
    from data.seed import actor_for
    from store.db import Database

    from tests.engines import fresh_copy

    db = Database(fresh_copy(_template_db, tmp_path_factory.mktemp("fuzz") / "wth.duckdb"))
    clock = FixedClock(datetime(2026, 5, 12, 12, 30, tzinfo=timezone.utc))
    app = WthApp(db, clock=clock)
    actors = {u: actor_for(db, u) for u in USERS}

    class A(dict):
        def __missing__(self, k):
            self[k] = actor_for(db, k)
            return self[k]
    cases = [walk(app, A(), until=s, person_surname=f"Fuzz{i}")
             for i, s in enumerate(["melding", "rihg", "draft", "submitted", "signed", "served"])]
    cases.append(walk(app, A(), until="served", municipality_code="GM0957", city="Roermond", hovj="hovj.midden",
                      signer="burgemeester.roermond", person_surname="FuzzMidden", postcode="6041 AB"))
    docs = [d["id"] for c in cases for d in db.query("SELECT id FROM document WHERE case_id = ?", [c])]
    cat = app.assessment.catalogue()
    w = {"app": app, "db": db, "actors": actors, "cases": cases, "docs": docs,
         "munis": [m["code"] for m in app.intake.municipalities_all()], "users": USERS,
         "items": [i.code for i in cat.items], "signals": [s.code for s in cat.signals],
         "pdf": db.query("SELECT content FROM document LIMIT 1")[0]["content"]}
    yield w
    db.close()


def by_name(w: dict) -> dict[str, st.SearchStrategy]:
    """Strategies for parameters by name (the first choice; user input gets junk mixed in)."""
    actor = st.sampled_from([w["actors"][u] for u in w["users"]])
    case_id = mixed(st.sampled_from(w["cases"]))
    version = mixed(st.integers(0, 12))
    money = mixed(st.decimals(min_value=-10 ** 9, max_value=10 ** 9, places=2) | st.sampled_from(["12,50", "1.250,00"]))
    from costs.population import Preview, PreviewRow
    from costs.savings import Assumptions

    assumptions = st.one_of(st.none(), st.builds(Assumptions, **{
        f: mixed(st.decimals(allow_nan=True, allow_infinity=True)) for f in inspect.signature(Assumptions).parameters
        if f != "rates_are_examples"}), junk)
    preview = st.one_of(st.none(), junk, st.builds(Preview, table=text, measure=text, rows=st.lists(st.builds(
        PreviewRow, municipality_code=mixed(st.sampled_from(w["munis"])), name=text, year=mixed(st.integers(1900, 2100)),
        inhabitants=mixed(st.integers()), current=st.none() | st.integers()), max_size=3),
        errors=st.lists(text, max_size=1)))
    return {
        "actor": actor, "case_id": case_id, "version": version,
        "doc_id": mixed(st.sampled_from(w["docs"])), "form": melding_form(w["munis"]),
        "assessment": assessment(w["items"], w["signals"]),
        "colours": mixed(st.dictionaries(st.sampled_from(w["signals"]) | key, mixed(st.sampled_from(list(Colour))))),
        "authors": mixed(st.dictionaries(st.sampled_from(["A", "B", "C"]) | text, mixed(text), max_size=3)),
        "huisverbod": mixed(st.booleans()),
        "states": mixed(st.lists(mixed(st.sampled_from(["risicotaxatie", "besluit", "opgelegd"])), max_size=3)),
        "case_ids": mixed(st.lists(case_id, max_size=3)),
        "pdf": st.one_of(st.just(bytes(w["pdf"])), st.binary(max_size=2000), junk,
                         st.builds(lambda b, i: b[:i] + b"\x00" + b[i + 1:], st.just(bytes(w["pdf"])),
                                   st.integers(0, 5000))),
        "p12": st.one_of(st.binary(max_size=500), junk), "data": st.one_of(st.binary(max_size=2000), junk,
                                                                           text.map(lambda s: s.encode("utf-8", "replace"))),
        "username": mixed(st.sampled_from(w["users"] + ["bestaat.niet"])),
        "code": mixed(st.sampled_from(w["munis"])), "codes": mixed(st.lists(mixed(st.sampled_from(w["munis"])), max_size=3)),
        "year": mixed(st.integers(1990, 2040)), "months": mixed(st.integers(-3, 400)),
        "days": mixed(st.integers(-5, 40)), "duration_days": mixed(st.integers(-5, 40)),
        "event_id": mixed(st.integers(0, 20)), "appeal_id": mixed(st.integers(0, 5)),
        "mandate_id": mixed(st.integers(0, 10)), "resolves_event_id": mixed(st.none() | st.integers(0, 20)),
        "limit": mixed(st.integers(-10, 100_000) | st.none()),
        "offset": mixed(st.integers(-10, 10 ** 10)),
        "search": mixed(st.sampled_from(["HV-2026", "venlo", "Fuzz3", "", "%", "_", "'"]) | text),
        "sort": mixed(st.sampled_from(["termijn", "nieuw", "oud", "zaak"]) | st.none()),
        "amount": money, "damages_amount": money, "inhabitants": mixed(st.integers()),
        "assumptions": assumptions, "preview": preview,
        "values": st.one_of(st.dictionaries(st.text(min_size=1, max_size=30), junk, max_size=10),
                            st.dictionaries(key, junk, max_size=3), junk),
        "form_key": mixed(st.sampled_from(["melding", "gebeurtenis:HV-2026-00001", "verlenging:X"]) | text),
        "changes": mixed(st.dictionaries(st.sampled_from(["facts", "why_this_person", "threatened_persons",
                                                           "street", "person_surname"]) | key, junk, max_size=4)),
        "screen": mixed(st.dictionaries(st.sampled_from(["facts", "why_this_person", "threatened_persons"]) | key,
                                        junk, max_size=3)),
        "filters": st.dictionaries(st.sampled_from(["username", "action", "case_id", "role", "date_from", "date_to"]),
                                   junk, max_size=3),
        "fmt": mixed(st.sampled_from(["csv", "xlsx"])),
        "new_password": mixed(st.just("Een-Lang-Wachtwoord-2026!") | text),
        "decided_on": mixed(far_dates), "valid_to": mixed(far_dates), "on": mixed(far_dates),
        # explicit answers (issue 14): the three, their text, an explicit bool, not answered, or anything
        **{k: mixed(st.sampled_from(list(Answer)) | st.sampled_from(["ja", "nee", "onbekend", "Ja", ""]) | st.booleans()
                    | st.none()) for k in ("keys_taken_in", "contact_address_given", "help_accepted")},
        "adult_roles": mixed(st.none() | st.dictionaries(st.integers(0, 60) | text, mixed(text), max_size=3)),
    }


def by_annotation(ann: str) -> st.SearchStrategy | None:
    """Fallback strategies by annotation: the declared type, sometimes anything."""
    a = ann.replace(" ", "")
    table = {"str": text, "int": st.integers(), "bool": st.booleans(), "date": far_dates, "datetime": aware | near,
             "Decimal": st.decimals(allow_nan=True, allow_infinity=True), "bytes": st.binary(max_size=200),
             "Any": junk, "dict[str,Any]": st.dictionaries(text, junk, max_size=5),
             "list[str]": st.lists(text, max_size=4), "float": st.floats()}
    parts = [p for p in a.split("|") if p != "None"]
    strategies = [table.get(p) for p in parts]
    if not parts or any(s is None for s in strategies):
        return None
    s = st.one_of(*strategies)
    return mixed(s | st.none()) if "None" in a.split("|") else mixed(s)


def strategy_for(param: inspect.Parameter, named: dict[str, st.SearchStrategy]) -> st.SearchStrategy | None:
    if param.name in named:
        return named[param.name]
    if param.kind == inspect.Parameter.VAR_KEYWORD:
        return named.get(param.name)
    ann = param.annotation if isinstance(param.annotation, str) else getattr(param.annotation, "__name__", "")
    return by_annotation(ann) if ann else None


def _entry_points() -> list[str]:
    """``"<service>.<method>"`` for every public method of every service of the app, minus :data:`NOT_USER_INPUT`."""
    return sorted(f"{name}.{n}" for name, cls in WthApp.SERVICES.items()
                  for n, f in inspect.getmembers(cls) if not n.startswith("_") and callable(f)
                  and f"{name}.{n}" not in NOT_USER_INPUT)


def _method(owner, key: str):
    """The method ``"<service>.<method>"`` of ``owner`` (the app, or the class WthApp)."""
    service, method = key.split(".")
    return getattr(owner.services()[service] if isinstance(owner, WthApp) else WthApp.SERVICES[service], method)


def _validators() -> list[tuple[str, typing.Callable]]:
    out = []
    for mod in (validation, rules):
        for n, f in inspect.getmembers(mod, inspect.isfunction):
            if not n.startswith("_") and f.__module__ == mod.__name__:
                out.append((f"{mod.__name__.split('.')[-1]}.{n}", f))
    return out


TRIED: Counter[str] = Counter()
SPENT = {"s": 0.0}          # seconds spent in this file's tests (not in the rest of a full run)


@pytest.fixture(autouse=True)
def _clock_fuzzing():
    t = _time.perf_counter()
    yield
    SPENT["s"] += _time.perf_counter() - t


def _check_outcome(name: str, fn, kwargs: dict, args: tuple = ()) -> None:
    TRIED[name] += 1
    try:
        fn(*args, **kwargs)
    except DomainError as exc:
        msg = exc.message
        assert isinstance(msg, str) and msg.strip(), f"{name}: empty message from {type(exc).__name__}"
        words = set(re.findall(r"[a-zà-ÿ]+", msg.lower()))
        assert words & DUTCH_WORDS, f"{name}: message not Dutch? {msg!r}"
        assert "Traceback" not in msg


# -- the tests ---------------------------------------------------------------------------------------
def test_every_entry_point_has_a_strategy(world):
    named = by_name(world)
    missing = []
    for n in _entry_points():
        for p in list(inspect.signature(_method(WthApp, n)).parameters.values())[1:]:
            if strategy_for(p, named) is None:
                missing.append(f"{n}({p.name}: {p.annotation})")
    for n, f in _validators():
        for p in inspect.signature(f).parameters.values():
            if strategy_for(p, VALIDATOR_ARGS) is None:
                missing.append(f"{n}({p.name}: {p.annotation})")
    assert not missing, "no fuzz strategy for: " + ", ".join(missing)
    assert len(_entry_points()) >= 40 and len(_validators()) >= 10


@pytest.mark.parametrize("name", _entry_points())
def test_service_entry_point(world, name):
    app = world["app"]
    fn = _method(app, name)
    named = by_name(world)
    params = list(inspect.signature(fn).parameters.values())
    strategies = {}
    for p in params:
        s = strategy_for(p, named)
        if s is None:
            pytest.fail(f"no fuzz strategy for {name}({p.name})")
        strategies[p.name] = s

    @settings(max_examples=SLOW.get(name, EXAMPLES), deadline=None, database=None, derandomize=DERANDOMIZE,
              suppress_health_check=list(HealthCheck))
    @given(st.data())
    def run(data):
        args, kwargs = [], {}
        for p in params:
            v = data.draw(strategies[p.name], label=p.name)
            if p.kind == inspect.Parameter.VAR_KEYWORD:
                kwargs.update({k: x for k, x in v.items()})
            elif p.kind == inspect.Parameter.KEYWORD_ONLY:
                kwargs[p.name] = v
            elif p.default is not inspect.Parameter.empty and data.draw(st.booleans(), label=f"omit {p.name}"):
                continue
            else:
                args.append(v)
        _check_outcome(name, fn, kwargs, tuple(args))
    run()


VALIDATOR_ARGS: dict[str, st.SearchStrategy] = {
    # the user's input: anything
    "value": junk, "d": mixed(far_dates | st.none()), "t": mixed(st.times() | st.none()),
    "birth_date": mixed(far_dates | st.none()), "moment": mixed(aware | near),
    "domestic": junk, "resident": junk, "adult": junk, "child_abuse_ground": junk, "vt_consulted": junk,
    "addresses": mixed(st.lists(text, max_size=3)),
    # Member and DraftParts are built by the services from validated input: random field values, right types
    "members": (st.lists(st.builds(rules.Member, text, st.none() | far_dates, st.sampled_from(list(rules.RELATIONS))
                                        | text, st.sampled_from(list(rules.Residence)), text, st.booleans()), max_size=4)),
    "p": (st.builds(rules.DraftParts, st.booleans(), mixed(st.integers(-5, 40) | st.none()), st.booleans(), text,
                         text, text, st.lists(text, max_size=3), st.lists(text, max_size=2), st.booleans(),
                         st.none() | st.booleans())),
    "which": mixed(st.sampled_from(["zomertijd", "wintertijd", ""]) | st.none()),
    "h": st.builds(rules.HouseholdParts, st.lists(st.tuples(text, text), max_size=3).map(tuple),
                   st.lists(text, max_size=3).map(tuple), text, text),
    # the programmer's arguments: plausible values
    "field": st.sampled_from(["street", "person_bsn", "x"]), "label": st.sampled_from(["Straat", "Datum"]),
    "required": st.booleans(), "one_line": st.booleans(), "min_len": st.integers(0, 20), "max_len": st.sampled_from([20, 200, 2000, 60000]),
    "lo": st.integers(-5, 5), "hi": st.integers(5, 400), "allowed": st.just({"a": "A", "b": "B"}),
    "message": st.just("Kies een waarde."),
}


@pytest.mark.no_database
@pytest.mark.parametrize("name, fn", _validators(), ids=[n for n, _ in _validators()])
def test_validator(name, fn):
    params = list(inspect.signature(fn).parameters.values())

    @settings(max_examples=VALIDATOR_EXAMPLES, deadline=None, database=None, derandomize=DERANDOMIZE,
              suppress_health_check=list(HealthCheck))
    @given(st.data())
    def run(data):
        kwargs = {p.name: data.draw(VALIDATOR_ARGS[p.name], label=p.name) for p in params
                  if p.default is inspect.Parameter.empty or data.draw(st.booleans(), label=f"pass {p.name}")}
        _check_outcome(name, fn, kwargs)
    run()


@pytest.mark.duckdb_only      # the whole file's count (its validators run in the DuckDB half only)
def test_zz_report_total():
    """Prints how many random inputs were tried per entry point (``-s`` shows it)."""
    total = sum(TRIED.values())
    lines = [f"{n}: {c}" for n, c in sorted(TRIED.items())]
    elapsed = SPENT["s"]
    print(f"\nfuzzing: {total} random inputs over {len(TRIED)} entry points and validators in {elapsed:.0f} s\n"
          + "\n".join(lines))
    Path(__file__).resolve().parents[1].joinpath("output").mkdir(exist_ok=True)
    Path(__file__).resolve().parents[1].joinpath("output", "fuzz_counts.txt").write_text(
        f"{total} random inputs, {len(TRIED)} entry points, {elapsed:.0f} s\n" + "\n".join(lines) + "\n")
    if len(TRIED) > 10:        # the whole file ran, not a single selected test
        assert total >= 2000
        # The time is reported, not asserted (speed belongs in bench/, not in a timed test).
