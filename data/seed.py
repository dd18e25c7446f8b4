"""The demo installation: demo accounts, certificates and synthetic cases made through the real services.
Implements no article; it walks cases through art. 2, 3 and 9 Wth as a region would (procedure.md section 8).

``create_demo(db, ...)`` loads the reference data (:mod:`data.reference`) and creates demo users for every role,
mandate and substitution records, a local demo CA with a certificate per signer, and synthetic cases (Faker nl_NL,
marked ``is_demo``) spread over the region and the last 12 months, made through the real services (the app object,
:class:`procedure.app.WthApp`) with a moving clock.
All demo data is synthetic; never real people.

The whole demo is built in one transaction (:meth:`store.db.Database.single_transaction`): a start
that is interrupted leaves no half-made demo behind, and the next start builds it again. The cases go
through the services one by one (every case is one the services made and accept; every signature is
a real one), so the build reports its progress (``progress(fraction, text)``) for the start screen.
"""
from __future__ import annotations

import logging
import random
import secrets
import threading
import time
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from functools import lru_cache
from typing import Callable

import bcrypt

from forms import signing
from forms.senders import sender_for_role
from procedure.app import WthApp
from procedure.domain import rihg as rihg_rules
from procedure.domain.answers import Answer
from procedure.domain.deadlines import AMS
from procedure.domain.roles import Actor, Role
from procedure.services import accounts
from store import repo
from data.costs_seed import seed_costs
from data.generator import seed_history
from data.reference import load_reference
from store.db import Database

log = logging.getLogger(__name__)

DEMO_PASSWORD = "Demo-Wth-2026!"
#: Live demo cases made at the first start. 40 (it was 60) keeps the first start of a fresh clone under
#: 20 s on a busy 2-core machine: every case goes through the services, ~0.2 s each with its signed
#: documents. The statistics' volume comes from the anonymous history (data.generator.seed_history), which
#: fills up to the expected number of cases per municipality and month whatever this number is.
DEMO_CASES = 40
#: PBKDF2 rounds of the demo signers' PKCS#12 files. Their passphrases are stored right next to them in
#: the demo database, so the rounds protect nothing; the library default costs ~6 ms at every signature.
DEMO_P12_KDF_ROUNDS = 2000


def slug(name: str) -> str:
    return (name.lower().replace(" (l.)", "").replace(" aan de ", "").replace(" en ", "")
            .replace("-", "").replace(" ", ""))


#: synthetic names for the demo mayors (invented; any likeness to real people is accidental)
MAYOR_NAMES = ["A.M. Verbeek", "J.P.M. Linders", "C. van Gemert", "H.W. Dassen", "M.E. Thijssen", "R.J. Kusters",
               "E.A.G. Pouwels", "T. Hermans", "S.L. Ramakers", "P.F. Geraedts", "W.J. Vossen", "L. Houben",
               "N.C. Bongers", "G.H. Wijnen", "B.M. Lenssen"]


@dataclass
class DemoUser:
    username: str
    name: str
    role: Role
    municipality: str | None = None   # municipality name
    subregion: str | None = None


def demo_users(municipalities: list[dict]) -> list[DemoUser]:
    """The demo accounts (README lists them). One burgemeester per municipality."""
    users = [
        DemoUser("politie.noord", "Agent P. de Wit (demo)", Role.POLITIE, subregion="Noord-Limburg"),
        DemoUser("politie.midden", "Agent M. Janssen (demo)", Role.POLITIE, subregion="Midden-Limburg"),
        DemoUser("hovj.noord", "Inspecteur H. van Dijk (demo)", Role.HOVJ, subregion="Noord-Limburg"),
        DemoUser("hovj.midden", "Inspecteur R. Peeters (demo)", Role.HOVJ, subregion="Midden-Limburg"),
        DemoUser("loco.venlo", "Wethouder L. Hendriks (demo)", Role.LOCO_BURGEMEESTER, municipality="Venlo"),
        DemoUser("oov.venlo", "S. Verheijen, OOV (demo)", Role.GEMEENTE, municipality="Venlo"),
        DemoUser("oov.roermond", "K. Smeets, OOV (demo)", Role.GEMEENTE, municipality="Roermond"),
        DemoUser("casemanager.noord", "A. Gerards, casemanager (demo)", Role.CASEMANAGER, subregion="Noord-Limburg"),
        DemoUser("procesmanager.midden", "B. Willems, procesmanager (demo)", Role.PROCESMANAGER,
                 subregion="Midden-Limburg"),
        DemoUser("veiligthuis.noord", "C. Custers, Veilig Thuis (demo)", Role.VEILIG_THUIS, subregion="Noord-Limburg"),
        DemoUser("manager.venlo", "D. Coenen, manager (demo)", Role.MANAGER, municipality="Venlo"),
        DemoUser("manager.regio", "E. Stevens, regiomanager (demo)", Role.MANAGER),
        DemoUser("beleid.regio", "F. Vos, beleidsadviseur (demo)", Role.BELEIDSADVISEUR),
        DemoUser("beheer", "G. Bakker, beheerder (demo)", Role.BEHEERDER),
    ]
    for i, m in enumerate(municipalities):
        users.append(DemoUser(f"burgemeester.{slug(m['name'])}", f"{MAYOR_NAMES[i % len(MAYOR_NAMES)]} (demo)",
                              Role.BURGEMEESTER, municipality=m["name"]))
    return users


def actor_for(db: Database, username: str) -> Actor:
    """The :class:`Actor` of a stored demo user.

    Raises:
        KeyError: no such user.
    """
    actor = accounts.actor_for(db, username, active_only=False)
    if actor is None:
        raise KeyError(username)
    return actor


class MovingClock:
    """A settable clock for generating history through the real services."""

    def __init__(self, at: datetime):
        self.at = at

    def __call__(self) -> datetime:
        return self.at


Progress = Callable[[float, str], None]


def _no_progress(fraction: float, text: str) -> None:
    pass


def create_demo(db: Database, *, now: datetime | None = None, n_cases: int = DEMO_CASES, seed: int = 2026,
                password_rounds: int = 10, progress: Progress = _no_progress) -> None:
    """Create the demo installation once (no-op when demo users exist), in one transaction. See module
    docstring.

    Args:
        progress: called with (fraction done 0..1, Dutch description) while building.
    """
    if demo_exists(db):
        return
    now = now or datetime.now(timezone.utc)
    with db.single_transaction(threads=1):
        _create_demo(db, now=now, n_cases=n_cases, seed=seed, password_rounds=password_rounds,
                     progress=progress)
    progress(1.0, "Klaar")


def demo_exists(db: Database) -> bool:
    """Whether the demo (or any installation) has been made: there are users."""
    return bool(db.scalar("SELECT count(*) FROM app_user"))


class DemoBuild:
    """:func:`create_demo` in a background thread, for the app's first start in demo mode: the server
    answers at once and the start screen shows ``fraction`` and ``text`` until :meth:`wait` is true.

    Attributes:
        fraction: 0..1 done; ``text``: what is being made (Dutch).
        started, finished: ``time.monotonic()`` moments (``finished`` None while running).
        error_ref: a short code for the log line when the build failed (nothing was written then).
    """

    def __init__(self, db: Database, **create_kwargs):
        self.db = db
        self.fraction = 0.0
        self.text = "Voorbereiden"
        self.started = time.monotonic()
        self.finished: float | None = None
        self.error_ref: str | None = None
        self._done = threading.Event()
        self._kwargs = create_kwargs

    @classmethod
    def start(cls, db: Database, **create_kwargs) -> "DemoBuild":
        """A running build, or a finished one when the database already has its demo."""
        build = cls(db, **create_kwargs)
        if demo_exists(db):
            build._finish(1.0, "Klaar")
        else:
            threading.Thread(target=build._run, name="wth-demo-build", daemon=True).start()
        return build

    def _progress(self, fraction: float, text: str) -> None:
        self.fraction, self.text = max(self.fraction, min(fraction, 1.0)), text

    def _finish(self, fraction: float, text: str) -> None:
        self._progress(fraction, text)
        self.finished = time.monotonic()
        self._done.set()

    def _run(self) -> None:
        try:
            create_demo(self.db, progress=self._progress, **self._kwargs)
            log.info("demo database built in %.1f s", time.monotonic() - self.started)
            ok = True
        except BaseException:  # noqa: BLE001 - reported on the start screen with a code; rolled back
            self.error_ref = uuid.uuid4().hex[:8]
            log.exception("demo database build failed %s", self.error_ref)
            ok = False
        finally:
            self.db.close_thread_cursor()
        if ok:
            self._finish(1.0, "Klaar")
        else:
            self._finish(self.fraction, "Mislukt")

    @property
    def done(self) -> bool:
        return self._done.is_set()

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the build ended (or ``timeout`` seconds passed); True when it ended."""
        return self._done.wait(timeout)

    @property
    def elapsed(self) -> float:
        return (self.finished or time.monotonic()) - self.started


def _create_demo(db: Database, *, now: datetime, n_cases: int, seed: int, password_rounds: int,
                 progress: Progress) -> None:
    progress(0.0, "Gemeenten, tarieven en RiHG-catalogus laden")
    load_reference(db, now)
    munis = repo.municipalities(db)
    by_name = {m["name"]: m for m in munis}
    pw_hash = bcrypt.hashpw(DEMO_PASSWORD.encode(), bcrypt.gensalt(rounds=password_rounds)).decode()
    users = demo_users(munis)
    # Certificates start before the oldest demo case, which is signed up to a year back.
    progress(0.02, "Demo-accounts en certificaten maken")
    cert_from = now - timedelta(days=400)
    ca_key, ca_cert = signing.create_demo_ca("Demo-CA Tijdelijk Huisverbod Limburg-Noord (alleen demo)", cert_from)
    with db.transaction() as cur:
        repo.insert_trust_root(cur, "demo-ca", ca_cert.decode(), True)
        for u in users:
            muni = by_name[u.municipality] if u.municipality else None
            repo.insert_user(cur, {"username": u.username, "name": u.name, "email": f"{u.username}@demo.invalid",
                                   "password_hash": pw_hash, "role": u.role.value,
                                   "municipality_code": muni["code"] if muni else None,
                                   "subregion": u.subregion, "is_demo": True, "created_at": now})
            if u.role in (Role.BURGEMEESTER, Role.LOCO_BURGEMEESTER, Role.HOVJ):
                passphrase = secrets.token_urlsafe(16)
                p12 = signing.issue_signer_p12(ca_key, ca_cert, name=u.name, role=u.role.label,
                                               municipality=u.municipality or u.subregion or "", passphrase=passphrase.encode(),
                                               now=cert_from, kdf_rounds=DEMO_P12_KDF_ROUNDS,
                                               organisation=sender_for_role(u.role.value, u.municipality or "")
                                               .stamp_organisation)
                repo.upsert_signer_certificate(cur, {"username": u.username, "p12": p12, "passphrase": passphrase,
                                                     "subject": u.name, "is_demo": True, "created_at": now})
        year_start = date(now.astimezone(AMS).year - 1, 1, 1)
        repo.insert_mandate(cur, {"kind": "vervanging", "holder_username": "loco.venlo",
                                  "municipality_code": by_name["Venlo"]["code"], "reference": "VB-2025-03 (demo)",
                                  "valid_from": year_start, "valid_to": None, "created_at": now})
        repo.insert_mandate(cur, {"kind": "mandaat", "holder_username": "hovj.noord",
                                  "municipality_code": by_name["Venray"]["code"], "reference": "MB-2025-07 (demo)",
                                  "valid_from": year_start, "valid_to": None, "created_at": now})
        repo.set_setting(cur, "demo_created_at", now.isoformat())
    generate_demo_cases(db, now=now, n_cases=n_cases, seed=seed,
                        progress=lambda done, n: progress(0.05 + 0.9 * done / max(n, 1),
                                                          f"Demozaken maken ({done} van {n})"))
    progress(0.96, "Kosten en geanonimiseerde historie")
    seed_costs(db, now)      # issue 5: accounts, accession, budgets
    seed_history(db, now)    # issue 6: anonymous history for the statistics


def _assessment(cat: rihg_rules.Catalogue, rng: random.Random, strong: bool) -> rihg_rules.Assessment:
    answers, colours, facts = {}, {}, []
    red_part = rng.choice(["A", "B"]) if strong else None
    for sig in cat.signals:
        if strong and sig.part == red_part and len([c for s, c in colours.items()
                                                     if s.startswith(red_part) and c == rihg_rules.Colour.ROOD]) < 2:
            colour = rihg_rules.Colour.ROOD
        else:
            colour = rng.choices([rihg_rules.Colour.GEEL, rihg_rules.Colour.BLAUW, rihg_rules.Colour.ROOD],
                                 [7, 2, 1 if strong else 0])[0]
        yes_first = colour != rihg_rules.Colour.GEEL
        for i, item in enumerate(sig.items):
            answers[item.code] = yes_first and i == 0
        colours[sig.code] = colour
        if colour != rihg_rules.Colour.GEEL:
            facts.append(rihg_rules.Fact(sig.code, f"{sig.items[0].label} (synthetisch demofeit)",
                                         f"PV {rng.randint(2024, 2026)}{rng.randint(100000, 999999)} (demo)"))
    return rihg_rules.Assessment(answers=answers, colours=colours, facts=facts)


def _postcode(rng: random.Random) -> str:
    """A well-formed Limburg postcode (59xx-62xx; letter pairs SA, SD, SS are never issued)."""
    while True:
        letters = "".join(rng.choice("ABCDEGHJKLMNPRSTVWXZ") for _ in range(2))
        if letters not in ("SA", "SD", "SS"):
            return f"{rng.randint(5900, 6299)} {letters}"


def generate_demo_cases(db: Database, *, now: datetime, n_cases: int, seed: int,
                        progress: Callable[[int, int], None] = lambda done, n: None) -> list[str]:
    """Synthetic cases through the real services, spread over the last 12 months and the region.

    Mix (procedure.md section 8): about 22 % of assessments end without an order; recent cases are
    in progress (risicotaxatie, awaiting signature, awaiting service, running); older ones expired.
    ``progress(done, n_cases)`` is called after each case.
    """
    from faker import Faker

    fake = Faker("nl_NL")
    fake.seed_instance(seed)
    rng = random.Random(seed)
    clock = MovingClock(now)
    app = WthApp(db, clock=clock)
    cat = app.assessment.catalogue()
    munis = repo.municipalities(db)
    pops = {r["municipality_code"]: r["inhabitants"] for r in db.query("SELECT * FROM population")}
    weights = [pops[m["code"]] for m in munis]
    actor_of = lru_cache(maxsize=None)(lambda username: actor_for(db, username))
    hovj = {"Noord-Limburg": actor_of("hovj.noord"), "Midden-Limburg": actor_of("hovj.midden")}
    politie = {"Noord-Limburg": actor_of("politie.noord"), "Midden-Limburg": actor_of("politie.midden")}
    ids = []
    for k in range(n_cases):
        if k:
            progress(k, n_cases)
        muni = rng.choices(munis, weights)[0]
        if k < 6:   # the newest cases: something to do on the first screen, in Venlo and Roermond
            muni = next(m for m in munis if m["name"] == ("Venlo" if k % 2 == 0 else "Roermond"))
            age = timedelta(hours=2 + 9 * k)
        elif k == 6:  # a Venlo order in its second week: the burgemeester can decide on an extension
            muni = next(m for m in munis if m["name"] == "Venlo")
            age = timedelta(days=7, hours=20)
        elif k < 14:  # a handful of orders still running, in both sub-regions
            sub_munis = [m for m in munis if m["subregion"] == ("Noord-Limburg" if k % 2 else "Midden-Limburg")]
            muni = rng.choices(sub_munis, [pops[m["code"]] for m in sub_munis])[0]
            age = timedelta(days=rng.uniform(0.5, 9.5))
        else:
            age = timedelta(days=rng.uniform(1, 360))
        t = now - age
        clock.at = t
        sub = muni["subregion"]
        police = politie[sub] if rng.random() < 0.5 else hovj[sub]
        sex = rng.choice(["m", "f"])
        given = fake.first_name_male() if sex == "m" else fake.first_name_female()
        surname = fake.last_name()
        birth = fake.date_of_birth(minimum_age=22, maximum_age=64)
        partner = f"{fake.first_name_female() if sex == 'm' else fake.first_name_male()} {fake.last_name()}"
        members = [{"name": partner, "birth_date": fake.date_of_birth(minimum_age=20, maximum_age=62),
                    "relation": "partner", "residence": "woont", "residence_basis": "BRP en verklaring",
                    "threatened": True}]
        if rng.random() < 0.7:   # children present in about 70 % (procedure.md section 8)
            for _ in range(rng.randint(1, 3)):
                members.append({"name": f"{fake.first_name()} {surname}",
                                "birth_date": fake.date_of_birth(minimum_age=1, maximum_age=16),
                                "relation": "kind", "residence": "woont", "residence_basis": "BRP",
                                "threatened": rng.random() < 0.5})
        inc = (t - timedelta(minutes=rng.randint(20, 90))).astimezone(AMS)
        form = {"municipality_code": muni["code"], "street": fake.street_name(), "house_number": str(rng.randint(1, 180)),
                "postcode": _postcode(rng), "city": muni["name"], "incident_date": inc.date(),
                "incident_time": inc.time().replace(second=0, microsecond=0),
                "incident_description": "Synthetisch demo-incident: ruzie in de woning, bedreiging van de partner.",
                "q_domestic": True, "q_resident": True, "q_adult": True, "child_abuse_ground": "nee",
                "person_given_names": given,
                "person_surname": surname, "person_birth_date": birth, "person_bsn": "",
                "person_phone": "", "members": members, "is_demo": True,
                "new_facts": "Synthetisch: nieuw incident met nieuwe feiten na het eerdere huisverbod."}
        case_id = app.intake.create_melding(police, form)
        ids.append(case_id)
        if k in (0,):
            continue                                  # stays in risicotaxatie
        h = hovj[sub]
        strong = k < 6 or rng.random() > 0.22
        clock.at = t + timedelta(minutes=40)
        version = _version(db, case_id)
        version = app.assessment.save_rihg(h, case_id, version, _assessment(cat, rng, strong))
        reasons = ("Synthetische motivering: de RiHG en de verklaringen wijzen op acuut gevaar voor de "
                   "partner en de kinderen." if strong else
                   "Synthetische motivering: geen acuut gevaar; hulpverlening is vrijwillig aanvaard.")
        version = app.assessment.decide(h, case_id, version, strong, reasons)
        if not strong:
            continue
        clock.at = t + timedelta(minutes=70)
        facts = (f"Op de avond van het incident is de politie gebeld door {partner}. Betrokkene {given} {surname} "
                 "heeft zijn/haar partner bedreigd en geduwd in het bijzijn van de kinderen. Er is eerder geweld "
                 "geregistreerd. Dit is een synthetische demotekst, geen echte gebeurtenis.")
        why = (f"Het geweld en de bedreigingen gaan uit van {given} {surname}; de partner is het slachtoffer en zorgt "
               "voor de kinderen.")
        version = app.decision.save_draft(
            h, case_id, version, facts=facts, threatened_persons=partner, why_this_person=why,
            adult_roles={m["name"]: f"{m['name']} is bedreigd en geduwd; er is geen aanwijzing dat deze persoon geweld "
                                    "gebruikte (synthetische demotekst)." for m in form["members"]
                         if [x["name"] for x in form["members"]].count(m["name"]) == 1},
            children_care=f"{partner} zorgt voor de kinderen in de woning (synthetische demotekst).",
            children_meaning="De kinderen blijven thuis wonen en naar school gaan; tijdens het huisverbod geen contact "
                             "met betrokkene (synthetische demotekst).")
        version = app.decision.submit_for_signature(h, case_id, version)
        if k in (1, 2, 3):
            continue                                  # awaiting signature
        clock.at = t + timedelta(minutes=95)
        signer = actor_of(f"burgemeester.{slug(muni['name'])}")
        app.decision.sign(signer, case_id, version)
        if k == 4:
            continue                                  # signed, awaiting service
        served = clock.at + timedelta(minutes=rng.randint(10, 50))
        clock.at = served + timedelta(minutes=5)
        version = _version(db, case_id)
        contact = fake.address().replace("\n", ", ") if rng.random() < 0.8 else ""
        keys = rng.random() < 0.8
        app.service_of_order.serve(h, case_id, version, served_at=served, keys_taken_in=keys,
                                   key_description="2 huissleutels (demo)" if keys else "", contact_address=contact)
        _demo_lifecycle(app, db, case_id, muni, sub, served, now, rng, clock, actor_of)
        if k == 6 and repo.get_case(db, case_id)["state"] == "opgelegd":
            _demo_care_advice(app, db, case_id, sub, now - timedelta(hours=3), clock, actor_of)
    progress(n_cases, n_cases)
    return ids


def _demo_care_advice(app: WthApp, db: Database, case_id: str, sub: str, at: datetime, clock: MovingClock,
                      actor_of: Callable[[str], Actor]) -> None:
    """A recent care advice with data on the Venlo order in its second week, so the burgemeester can extend it
    (issue 15: an extension rests on a care advice of at most a few days old)."""
    clock.at = at
    care = actor_of("casemanager.noord" if sub == "Noord-Limburg" else "procesmanager.midden")
    app.aftercare.add_event(
        care, case_id, "zorgadvies", occurred_at=at, organisation="Veilig Thuis Limburg-Noord (demo)",
        event_date=at.astimezone(AMS).date(), note="Synthetisch zorgadvies: verlengen.",
        details={"form": "systeemgesprek", "author": "Casemanager (demo)", "risk": "gelijk gebleven",
                 "advice": "verlengen",
                 "help": {"uithuisgeplaatste": "geweigerd",
                          **{f"lid:{m['id']}": "aanvaard" for m in repo.get_members(db, case_id) if m["threatened"]}}})


def _version(db: Database, case_id: str) -> int:
    """The case's current version (what the next service call must name), without opening the case
    file through the service (that would add a 'zaak ingezien' audit line for nobody)."""
    return repo.get_case(db, case_id)["version"]


def _demo_lifecycle(app: WthApp, db: Database, case_id: str, muni: dict, sub: str, t0: datetime, now: datetime,
                    rng: random.Random, clock: MovingClock, actor_of: Callable[[str], Actor]) -> None:
    """Events, extensions (about 38 %), withdrawals (a few %) and rare appeals on a served demo case
    (procedure.md section 8), each at a moment within the order and never after ``now``."""
    politie = actor_of("politie.noord" if sub == "Noord-Limburg" else "politie.midden")
    care = actor_of("casemanager.noord" if sub == "Noord-Limburg" else "procesmanager.midden")
    mayor = actor_of(f"burgemeester.{slug(muni['name'])}")

    def at(hours: float) -> datetime | None:
        moment = t0 + timedelta(hours=hours)
        return moment if moment < now else None

    for kind, hours, kw in [("huishouden_geinformeerd", 1, {}),
                            ("naar_veilig_thuis", 2, {"organisation": "Veilig Thuis Limburg-Noord (demo)"}),
                            ("hulpverleningscontact", 30, {"outcome": "Synthetisch: beide partijen gesproken."})]:
        moment = at(hours)
        if moment is None:
            return
        clock.at = moment
        actor = care if kind == "hulpverleningscontact" else politie
        app.aftercare.add_event(actor, case_id, kind, occurred_at=moment, **kw)
    roll = rng.random()
    if roll < 0.05 and at(80):                                   # withdrawn
        clock.at = at(80)
        app.extension_withdrawal.withdraw(
            mayor, case_id, _version(db, case_id),
            reasons="Synthetisch: hulp aanvaard en bevestigd door de hulpverlening; gevaar geweken.")
    elif roll < 0.43 and at(24 * 8 + 3):                          # extended after a zorgadvies on day 8
        clock.at = at(24 * 8)
        app.aftercare.add_event(
            care, case_id, "zorgadvies", occurred_at=clock.at, organisation="Veilig Thuis (demo)",
            event_date=clock.at.astimezone(AMS).date(),
            note="Synthetisch zorgadvies: verlengen, de hulp is net gestart en de spanning is hoog.",
            details={"form": "zorgadvies", "author": "Casemanager (demo)", "risk": "gelijk gebleven",
                     "advice": "verlengen",
                     "help": {"uithuisgeplaatste": "geweigerd",
                              **{f"lid:{m['id']}": "aanvaard" for m in repo.get_members(db, case_id)
                                 if m["threatened"]}}})
        clock.at = at(24 * 8 + 3)
        app.extension_withdrawal.extend(
            mayor, case_id, _version(db, case_id), days=18, zorgadvies_organisation="Veilig Thuis (demo)",
            zorgadvies_date=clock.at.astimezone(AMS).date(),
            zorgadvies_summary="Synthetisch zorgadvies: verlengen, de hulp is net gestart.", help_accepted=Answer.NEE,
            reasons="Synthetisch: de dreiging blijft gelijk; betrokkene weigert hulp en heeft opnieuw contact gezocht; "
                    "de partner heeft hulp aanvaard, maar die is net gestart.",
            current_facts="Synthetisch: berichten aan de partner op dag 7.")
    if rng.random() < 0.04 and at(24 * 5):                        # appeals are rare
        clock.at = at(24 * 5)
        oov = actor_of("oov.venlo") if muni["name"] == "Venlo" else None
        if oov is not None:
            app.appeals.register_appeal(oov, case_id, decision_kind="oplegging", kind="beroep", filed_at=clock.at)
