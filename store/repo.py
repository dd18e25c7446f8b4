"""Repositories: parameterised SQL for cases, household, RiHG, documents, users and audit.
Implements no article itself: storage of what art. 2-10 Wth make the services record.

Write functions take the cursor of the caller's transaction (``Database.transaction()``) so the
change and its audit row commit together; read functions take the :class:`Database`.
Column names come from fixed sets in this module, never from user input.
"""
from __future__ import annotations

from datetime import datetime
from typing import Any

import duckdb

from procedure.domain.errors import ConcurrencyConflict, NotFound
from store import anon
from store.db import Database

Cursor = duckdb.DuckDBPyConnection

CASE_COLUMNS = frozenset("""
id municipality_code state is_demo version created_at created_by updated_at updated_by
street house_number postcode city incident_at incident_description q_domestic q_resident q_adult
person_given_names person_surname person_birth_date person_bsn person_phone person_email
person_brp_differs person_residence_basis aangifte_done arrested child_abuse_ground
vt_consulted_at vt_consulted_with vt_consult_outcome rihg_version rihg_author_a rihg_author_b
rihg_author_c rihg_finalised_at rihg_finalised_by advice_indicated advice_text decision_huisverbod
decision_reasons decision_recorded_at decision_recorded_by facts threatened_persons why_this_person
duration_days draft_submitted_at draft_submitted_by decided_at decided_by decided_by_name
decision_basis mandate_id served_at served_by end_at keys_taken_in key_description contact_address
previous_case_id new_facts original_end_at extended_at extended_by withdrawn_at withdrawn_by withdrawal_reasons
oral_order_at oral_order_by made_known_at made_known_how annulled_at archived_at archived_by destroyed_at
keys_answer contact_address_answer help_accepted children_care children_meaning ext_children_care
ext_children_meaning""".split())


def _rows(res) -> list[dict[str, Any]]:
    cols = [d[0] for d in res.description]
    return [dict(zip(cols, r)) for r in res.fetchall()]


def _check_columns(fields: dict[str, Any]) -> None:
    bad = set(fields) - CASE_COLUMNS
    if bad:
        raise KeyError(f"unknown case columns: {sorted(bad)}")


# -- cases --------------------------------------------------------------------------------------
def next_case_id(cur: Cursor, year: int) -> str:
    """The next case number, taken in the caller's transaction: if that transaction fails, the number is not used
    up (a sequence would burn it; issue 11). Callers hold the process-wide write lock (Database.transaction); between
    app servers on PostgreSQL the UPDATE's row lock on the counter row makes the next server wait until this
    transaction ends, so numbers stay unique and gap-free across processes."""
    n = cur.execute("UPDATE case_counter SET last_value = last_value + 1 WHERE name = 'zaak' "
                    "RETURNING last_value").fetchone()[0]
    return f"HV-{year}-{n:05d}"


def insert_case(cur: Cursor, fields: dict[str, Any]) -> None:
    _check_columns(fields)
    cols = list(fields)
    cur.execute(f"INSERT INTO hv_case ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                [fields[c] for c in cols])
    anon.touch(cur, fields["id"])


def update_case(cur: Cursor, case_id: str, expected_version: int, fields: dict[str, Any],
                username: str, now: datetime) -> int:
    """Update a case if it still has ``expected_version``; returns the new version.

    Raises:
        ConcurrencyConflict: someone else saved in between (message names who and when).
        NotFound: no such case.
    """
    _check_columns(fields)
    row = cur.execute("SELECT version, updated_by, updated_at FROM hv_case WHERE id = ?", [case_id]).fetchone()
    if row is None:
        raise NotFound(f"Zaak {case_id} bestaat niet.")
    if row[0] != expected_version:
        raise ConcurrencyConflict(
            f"Deze zaak is intussen gewijzigd door {row[1]} (versie {row[0]}). Uw invoer staat nog op "
            "het scherm; laad de zaak opnieuw en controleer uw wijziging.")
    sets = dict(fields, version=expected_version + 1, updated_by=username, updated_at=now)
    cols = list(sets)
    # The version check is repeated in the UPDATE itself: on PostgreSQL another app server may have saved between the
    # SELECT and here (its row lock makes this UPDATE wait, then find version+1 and change nothing).
    done = cur.execute(f"UPDATE hv_case SET {', '.join(c + ' = ?' for c in cols)} WHERE id = ? AND version = ? "
                       "RETURNING version", [sets[c] for c in cols] + [case_id, expected_version]).fetchone()
    if done is None:
        now_row = cur.execute("SELECT version, updated_by FROM hv_case WHERE id = ?", [case_id]).fetchone()
        raise ConcurrencyConflict(
            f"Deze zaak is intussen gewijzigd door {now_row[1]} (versie {now_row[0]}). Uw invoer staat nog op "
            "het scherm; laad de zaak opnieuw en controleer uw wijziging.")
    anon.touch(cur, case_id)
    return expected_version + 1


def get_case(db: Database | Cursor, case_id: str) -> dict[str, Any] | None:
    sql = ("SELECT c.*, m.name AS municipality_name, m.subregion AS subregion "
           "FROM hv_case c JOIN municipality m ON m.code = c.municipality_code WHERE c.id = ?")
    if isinstance(db, Database):
        rows = db.query(sql, [case_id])
    else:
        rows = _rows(db.execute(sql, [case_id]))
    return rows[0] if rows else None


def find_previous_cases(db: Database | Cursor, *, bsn: str, given_names: str, surname: str,
                        birth_date, exclude_id: str | None = None) -> list[dict[str, Any]]:
    """Earlier cases for the same person: same BSN, or same name and date of birth (procedure.md 3.8)."""
    sql = ("SELECT c.id, c.state, c.created_at, c.end_at, c.municipality_code, m.subregion FROM hv_case c "
           "JOIN municipality m ON m.code = c.municipality_code WHERE c.id <> ? AND "
           "((? <> '' AND c.person_bsn = ?) OR (lower(c.person_given_names) = lower(?) AND "
           "lower(c.person_surname) = lower(?) AND c.person_birth_date = ?)) ORDER BY c.created_at DESC")
    params = [exclude_id or "", bsn or "", bsn or "", given_names, surname, birth_date]
    if isinstance(db, Database):
        return db.query(sql, params)
    return _rows(db.execute(sql, params))


# -- household ----------------------------------------------------------------------------------
def replace_members(cur: Cursor, case_id: str, members: list[dict[str, Any]]) -> None:
    """Replace the household of ``case_id``; a member's role note (issue 14) is kept when the same name comes back
    and the new row brings none."""
    notes = dict(cur.execute("SELECT name, role_note FROM household_member WHERE case_id = ? AND role_note IS NOT NULL",
                             [case_id]).fetchall())
    cur.execute("DELETE FROM household_member WHERE case_id = ?", [case_id])
    for m in members:
        cur.execute(
            "INSERT INTO household_member (id, case_id, name, birth_date, relation, residence, "
            "residence_basis, threatened, phone, role_note, threatened_answer) "
            "VALUES (nextval('member_seq'), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [case_id, m["name"], m.get("birth_date"), m["relation"], m["residence"],
             m.get("residence_basis") or "", bool(m.get("threatened")), m.get("phone") or "",
             m.get("role_note") or notes.get(m["name"]), m.get("threatened_answer")])
    anon.touch(cur, case_id)


def set_member_roles(cur: Cursor, case_id: str, roles: dict[int, str | None], *, extension: bool = False) -> None:
    """Store the role note (role in what happened, why not this adult) of household members of ``case_id``: the
    imposition's (``role_note``), or with ``extension`` the last extension's (``ext_role_note``, migration 016)."""
    sql = ("UPDATE household_member SET ext_role_note = ? WHERE id = ? AND case_id = ?" if extension else
           "UPDATE household_member SET role_note = ? WHERE id = ? AND case_id = ?")
    for member_id, note in roles.items():
        cur.execute(sql, [note, member_id, case_id])
    anon.touch(cur, case_id)


def members_for_cases(db: Database, case_ids: list[str]) -> list[dict[str, Any]]:
    """The household lists of several cases in one query (work queue rules, issue 15)."""
    if not case_ids:
        return []
    return db.query(f"SELECT * FROM household_member WHERE case_id IN ({', '.join('?' * len(case_ids))}) "
                    "ORDER BY case_id, id", case_ids)


def get_members(db: Database, case_id: str) -> list[dict[str, Any]]:
    return db.query("SELECT * FROM household_member WHERE case_id = ? ORDER BY id", [case_id])


def get_cases_with_members(db: Database, case_ids: list[str]) -> list[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Cases ``case_ids`` (as :func:`get_case`) each with its household members, in two queries per 10,000 cases
    (a statement's parameters are limited); in the order of ``case_ids``, unknown ids left out."""
    cases: dict[str, dict[str, Any]] = {}
    members: dict[str, list[dict[str, Any]]] = {}
    for k in range(0, len(case_ids), 10_000):
        chunk = list(case_ids[k:k + 10_000])
        marks = ", ".join("?" for _ in chunk)
        for c in db.query("SELECT c.*, m.name AS municipality_name, m.subregion AS subregion FROM hv_case c "
                          f"JOIN municipality m ON m.code = c.municipality_code WHERE c.id IN ({marks})", chunk):
            cases[c["id"]] = c
            members[c["id"]] = []
        for m in db.query(f"SELECT * FROM household_member WHERE case_id IN ({marks}) ORDER BY id", chunk):
            members[m["case_id"]].append(m)
    return [(cases[i], members[i]) for i in case_ids if i in cases]


# -- RiHG ---------------------------------------------------------------------------------------
def save_rihg(cur: Cursor, case_id: str, answers: dict[str, bool], colours: dict[str, str],
              facts: list[dict[str, Any]]) -> None:
    cur.execute("DELETE FROM rihg_answer WHERE case_id = ?", [case_id])
    cur.execute("DELETE FROM rihg_signal WHERE case_id = ?", [case_id])
    cur.execute("DELETE FROM rihg_fact WHERE case_id = ?", [case_id])
    # One statement per table (unnest zips the lists): executemany runs ~80 one-row inserts (~15 ms).
    if answers:
        cur.execute("INSERT INTO rihg_answer SELECT ?, unnest(?::VARCHAR[]), unnest(?::BOOLEAN[])",
                    [case_id, list(answers), [bool(v) for v in answers.values()]])
    if colours:
        cur.execute("INSERT INTO rihg_signal SELECT ?, unnest(?::VARCHAR[]), unnest(?::VARCHAR[])",
                    [case_id, list(colours), [str(v) for v in colours.values()]])
    for f in facts:
        cur.execute("INSERT INTO rihg_fact VALUES (nextval('fact_seq'), ?, ?, ?, ?, ?)",
                    [case_id, f["signal_code"], f["description"], f["source"], bool(f.get("disputed"))])
    anon.touch(cur, case_id)


def get_rihg(db: Database, case_id: str) -> tuple[dict[str, bool], dict[str, str], list[dict[str, Any]]]:
    answers = {r["item_code"]: r["answer"] for r in
               db.query("SELECT item_code, answer FROM rihg_answer WHERE case_id = ?", [case_id])}
    colours = {r["signal_code"]: r["colour"] for r in
               db.query("SELECT signal_code, colour FROM rihg_signal WHERE case_id = ?", [case_id])}
    facts = db.query("SELECT signal_code, description, source, disputed FROM rihg_fact "
                     "WHERE case_id = ? ORDER BY id", [case_id])
    return answers, colours, facts


# -- documents ----------------------------------------------------------------------------------
def insert_document(cur: Cursor, doc: dict[str, Any]) -> None:
    """Append a document; an existing id is never overwritten (design.md, Documents)."""
    if cur.execute("SELECT 1 FROM document WHERE id = ?", [doc["id"]]).fetchone():
        raise ValueError(f"document {doc['id']} bestaat al en wordt nooit overschreven")
    cols = ["id", "case_id", "kind", "version", "created_at", "created_by", "signed", "signer_username",
            "signed_at", "sha256", "content", "extends_end_at"]
    cur.execute(f"INSERT INTO document ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                [doc.get(c) for c in cols])


def next_document_version(cur: Cursor, case_id: str, kind: str) -> int:
    """The next version number of a document of ``kind`` for a case, in the caller's transaction. The case row is
    locked first (an UPDATE that changes nothing): on PostgreSQL a second app server making a document for the same
    case waits until this transaction ends and then sees this version, so versions stay unique across processes."""
    cur.execute("UPDATE hv_case SET version = version WHERE id = ?", [case_id])
    n = cur.execute("SELECT max(version) FROM document WHERE case_id = ? AND kind = ?", [case_id, kind]).fetchone()[0]
    return (n or 0) + 1


def list_documents(db: Database, case_id: str) -> list[dict[str, Any]]:
    return db.query("SELECT id, case_id, kind, version, created_at, created_by, signed, signer_username, "
                    "signed_at, sha256, extends_end_at FROM document WHERE case_id = ? ORDER BY created_at, id",
                    [case_id])


def documents_for_cases(db: Database, case_ids: list[str]) -> list[dict[str, Any]]:
    """The documents (without content) of several cases in one query (the mayor's work items, issue 15)."""
    if not case_ids:
        return []
    return db.query("SELECT id, case_id, kind, version, created_at, signed, signed_at FROM document WHERE case_id IN "
                    f"({', '.join('?' * len(case_ids))}) ORDER BY created_at, id", case_ids)


def get_document(db: Database, doc_id: str) -> dict[str, Any] | None:
    rows = db.query("SELECT * FROM document WHERE id = ?", [doc_id])
    return rows[0] if rows else None


def find_document_by_hash(db: Database, sha256: str) -> dict[str, Any] | None:
    """The stored document with this SHA-256, with ``replaced_by``: the id of a later version of the same
    kind in the same case (a herstelbesluit replacing a beschikking), else None."""
    rows = db.query("SELECT id, case_id, kind, version, signed, signer_username, signed_at FROM document "
                    "WHERE sha256 = ?", [sha256])
    if not rows:
        return None
    doc = rows[0]
    later = db.query("SELECT id FROM document WHERE case_id = ? AND kind = ? AND version > ? AND signed "
                     "ORDER BY version DESC LIMIT 1", [doc["case_id"], doc["kind"], doc["version"]])
    doc["replaced_by"] = later[0]["id"] if later else None
    return doc


# -- audit --------------------------------------------------------------------------------------
def audit(cur: Cursor, *, at: datetime, username: str, role: str, action: str, case_id: str | None = None,
          old_state: str | None = None, new_state: str | None = None, detail: str | None = None) -> None:
    """Append an audit row in the caller's transaction (append-only; design.md, Audit)."""
    cur.execute("INSERT INTO audit_log (id, occurred_at, username, role, action, case_id, old_state, new_state, "
                "detail) VALUES (nextval('audit_seq'), ?, ?, ?, ?, ?, ?, ?, ?)",
                [at, username, role, action, case_id, old_state, new_state, detail])


def case_audit(db: Database, case_id: str) -> list[dict[str, Any]]:
    return db.query("SELECT occurred_at, username, role, action, old_state, new_state, detail FROM audit_log "
                    "WHERE case_id = ? ORDER BY id", [case_id])


def last_view(db: Database, case_id: str, username: str, action: str = "zaak_ingezien",
              detail: str | None = None) -> datetime | None:
    return db.scalar("SELECT max(occurred_at) FROM audit_log WHERE case_id = ? AND username = ? AND action = ? "
                     "AND coalesce(detail, '') = ?", [case_id, username, action, detail or ""])


# -- users, mandates, certificates ----------------------------------------------------------------
def get_user(db: Database, username: str) -> dict[str, Any] | None:
    rows = db.query("SELECT u.*, m.subregion AS municipality_subregion FROM app_user u "
                    "LEFT JOIN municipality m ON m.code = u.municipality_code WHERE u.username = ?", [username])
    return rows[0] if rows else None


def list_users(db: Database) -> list[dict[str, Any]]:
    return db.query("SELECT username, name, email, role, municipality_code, subregion, active, is_demo "
                    "FROM app_user ORDER BY role, username")


def active_users_with_hash(db: Database) -> list[dict[str, Any]]:
    return db.query("SELECT username, name, email, role, password_hash FROM app_user WHERE active")


def insert_user(cur: Cursor, u: dict[str, Any]) -> None:
    cur.execute("INSERT INTO app_user (username, name, email, password_hash, role, municipality_code, subregion, "
                "active, failed_logins, locked_until, is_demo, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, TRUE, 0, "
                "NULL, ?, ?)", [u["username"], u["name"], u["email"], u["password_hash"], u["role"],
                                u.get("municipality_code"), u.get("subregion"), u["is_demo"], u["created_at"]])


def valid_mandates(db: Database, *, username: str, kind: str, municipality_code: str, on) -> list[dict[str, Any]]:
    """Mandate / substitution records of ``username`` for a municipality valid on date ``on``."""
    return db.query("SELECT * FROM mandate WHERE holder_username = ? AND kind = ? AND municipality_code = ? "
                    "AND valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?) ORDER BY valid_from DESC",
                    [username, kind, municipality_code, on, on])


def insert_mandate(cur: Cursor, m: dict[str, Any]) -> int:
    mid = cur.execute("SELECT nextval('mandate_seq')").fetchone()[0]
    cur.execute("INSERT INTO mandate VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [mid, m["kind"], m["holder_username"], m["municipality_code"], m["reference"], m["valid_from"],
                 m.get("valid_to"), m["created_at"]])
    return mid


def get_mandate(db: Database, mandate_id: int) -> dict[str, Any] | None:
    rows = db.query("SELECT * FROM mandate WHERE id = ?", [mandate_id])
    return rows[0] if rows else None


def get_signer_certificate(db: Database, username: str) -> dict[str, Any] | None:
    rows = db.query("SELECT * FROM signer_certificate WHERE username = ?", [username])
    return rows[0] if rows else None


def upsert_signer_certificate(cur: Cursor, c: dict[str, Any]) -> None:
    cur.execute("DELETE FROM signer_certificate WHERE username = ?", [c["username"]])
    cur.execute("INSERT INTO signer_certificate VALUES (?, ?, ?, ?, ?, ?)",
                [c["username"], c["p12"], c["passphrase"], c["subject"], c["is_demo"], c["created_at"]])


def trust_roots(db: Database) -> list[bytes]:
    return [r["cert_pem"].encode() for r in db.query("SELECT cert_pem FROM trust_root ORDER BY name")]


def insert_trust_root(cur: Cursor, name: str, cert_pem: str, is_demo: bool) -> None:
    cur.execute("INSERT INTO trust_root VALUES (?, ?, ?)", [name, cert_pem, is_demo])


# -- reference data --------------------------------------------------------------------------------
def municipalities(db: Database) -> list[dict[str, Any]]:
    return db.query("SELECT code, name, subregion, letterhead FROM municipality ORDER BY name")


def get_setting(db: Database, key: str) -> str | None:
    return db.scalar("SELECT value FROM setting WHERE key = ?", [key])


def set_setting(cur: Cursor, key: str, value: str) -> None:
    cur.execute("DELETE FROM setting WHERE key = ?", [key])
    cur.execute("INSERT INTO setting VALUES (?, ?)", [key, value])


# -- lifecycle: events, appeals, contacts, retention (migration 002) -------------------------------
def insert_event(cur: Cursor, e: dict[str, Any]) -> int:
    eid = cur.execute("SELECT nextval('event_seq')").fetchone()[0]
    cols = ["id", "case_id", "kind", "occurred_at", "recorded_at", "recorded_by", "role", "organisation", "reference",
            "outcome", "note", "event_date", "resolves_event_id", "details"]
    e = dict(e, id=eid)
    cur.execute(f"INSERT INTO case_event ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                [e.get(c) for c in cols])
    anon.touch(cur, e["case_id"])
    return eid


def list_events(db: Database | Cursor, case_id: str) -> list[dict[str, Any]]:
    sql = "SELECT * FROM case_event WHERE case_id = ? ORDER BY occurred_at, id"
    return db.query(sql, [case_id]) if isinstance(db, Database) else _rows(db.execute(sql, [case_id]))


def events_for_cases(db: Database, case_ids: list[str]) -> list[dict[str, Any]]:
    if not case_ids:
        return []
    return db.query(f"SELECT * FROM case_event WHERE case_id IN ({', '.join('?' * len(case_ids))}) "
                    "ORDER BY occurred_at, id", case_ids)


_APPEAL_DETAILS = ("lodged_by", "lodged_by_name", "lawyer", "court", "court_case_number")


def insert_appeal(cur: Cursor, a: dict[str, Any]) -> int:
    aid = cur.execute("SELECT nextval('appeal_seq')").fetchone()[0]
    cur.execute("INSERT INTO appeal (id, case_id, decision_kind, kind, filed_at, hearing_at, outcome, damages_amount, "
                "outcome_at, outcome_note, recorded_by, version, lodged_by, lodged_by_name, lawyer, court, "
                "court_case_number) VALUES (?, ?, ?, ?, ?, ?, NULL, NULL, NULL, NULL, ?, 1, ?, ?, ?, ?, ?)",
                [aid, a["case_id"], a["decision_kind"], a["kind"], a["filed_at"], a.get("hearing_at"), a["recorded_by"]]
                + [a.get(c) for c in _APPEAL_DETAILS])
    anon.touch(cur, a["case_id"])
    return aid


def insert_appeal_letter(cur: Cursor, letter: dict[str, Any]) -> None:
    """The appeal letter as received (migration 018): one per appeal; a second one replaces nothing (raises)."""
    if cur.execute("SELECT count(*) FROM appeal_letter WHERE appeal_id = ?", [letter["appeal_id"]]).fetchone()[0]:
        raise ConcurrencyConflict("Bij dit beroep is al een brief opgeslagen.")
    cur.execute("INSERT INTO appeal_letter (appeal_id, case_id, filename, sha256, size_bytes, content, uploaded_at, "
                "uploaded_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                [letter[c] for c in ("appeal_id", "case_id", "filename", "sha256", "size_bytes", "content",
                                     "uploaded_at", "uploaded_by")])


def appeal_letters_meta(db: Database, case_id: str) -> dict[int, dict[str, Any]]:
    """appeal id -> filename, sha256, size_bytes, uploaded_at, uploaded_by (no content) for one case."""
    rows = db.query("SELECT appeal_id, filename, sha256, size_bytes, uploaded_at, uploaded_by FROM appeal_letter "
                    "WHERE case_id = ?", [case_id])
    return {r["appeal_id"]: r for r in rows}


def get_appeal_letter(db: Database, appeal_id: int) -> dict[str, Any] | None:
    rows = db.query("SELECT * FROM appeal_letter WHERE appeal_id = ?", [appeal_id])
    return rows[0] if rows else None


def insert_made_known(cur: Cursor, m: dict[str, Any]) -> None:
    """When a signed later decision was made known (migration 018): once per document."""
    if cur.execute("SELECT count(*) FROM decision_made_known WHERE document_id = ?", [m["document_id"]]).fetchone()[0]:
        raise ConcurrencyConflict("De bekendmaking van dit besluit is al vastgelegd.")
    cur.execute("INSERT INTO decision_made_known (document_id, case_id, how, made_known_at, recorded_by, recorded_at) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                [m[c] for c in ("document_id", "case_id", "how", "made_known_at", "recorded_by", "recorded_at")])
    anon.touch(cur, m["case_id"])


def made_known_for_case(db: Database, case_id: str) -> dict[str, dict[str, Any]]:
    """document id -> its decision_made_known row, for one case."""
    return {r["document_id"]: r for r in db.query("SELECT * FROM decision_made_known WHERE case_id = ?", [case_id])}


def update_appeal(cur: Cursor, appeal_id: int, expected_version: int, fields: dict[str, Any]) -> int:
    allowed = {"hearing_at", "outcome", "damages_amount", "outcome_at", "outcome_note", "recorded_by"}
    if set(fields) - allowed:
        raise KeyError(sorted(set(fields) - allowed))
    row = cur.execute("SELECT version, recorded_by FROM appeal WHERE id = ?", [appeal_id]).fetchone()
    if row is None:
        raise NotFound("Dit beroep bestaat niet.")
    if row[0] != expected_version:
        raise ConcurrencyConflict(f"Dit beroep is intussen gewijzigd door {row[1]}. Uw invoer staat nog op het scherm.")
    cols = list(fields)
    cur.execute(f"UPDATE appeal SET {', '.join(c + ' = ?' for c in cols)}, version = version + 1 WHERE id = ?",
                [fields[c] for c in cols] + [appeal_id])
    return expected_version + 1


def list_appeals(db: Database, case_id: str) -> list[dict[str, Any]]:
    return db.query("SELECT * FROM appeal WHERE case_id = ? ORDER BY filed_at, id", [case_id])


def get_appeal(db: Database, appeal_id: int) -> dict[str, Any] | None:
    rows = db.query("SELECT * FROM appeal WHERE id = ?", [appeal_id])
    return rows[0] if rows else None


def has_pending_appeal(db: Database, case_id: str) -> bool:
    """Whether an appeal of this case awaits its outcome (legal hold, R06)."""
    return bool(db.scalar("SELECT count(*) FROM appeal WHERE case_id = ? AND outcome IS NULL", [case_id]))


def appeals_for_cases(db: Database, case_ids: list[str]) -> list[dict[str, Any]]:
    if not case_ids:
        return []
    return db.query(f"SELECT * FROM appeal WHERE case_id IN ({', '.join('?' * len(case_ids))}) ORDER BY filed_at",
                    case_ids)


def insert_contact(cur: Cursor, c: dict[str, Any]) -> int:
    cid = cur.execute("SELECT nextval('contact_seq')").fetchone()[0]
    cols = ["id", "case_id", "kind", "role", "organisation", "name", "phone", "email", "address", "recorded_at",
            "recorded_by"]
    c = dict(c, id=cid)
    cur.execute(f"INSERT INTO case_contact ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})",
                [c.get(k) for k in cols])
    return cid


def list_contacts(db: Database, case_id: str) -> list[dict[str, Any]]:
    return db.query("SELECT * FROM case_contact WHERE case_id = ? ORDER BY kind, id", [case_id])


#: personal data a destroyed case loses (art. 10 Wth); what stays is the anonymous statistics row
_PERSONAL = ("street", "house_number", "postcode", "incident_description", "person_given_names", "person_surname",
             "person_birth_date", "person_bsn", "person_phone", "person_email", "person_residence_basis",
             "vt_consulted_with", "vt_consult_outcome", "decision_reasons", "facts", "threatened_persons",
             "why_this_person", "key_description", "contact_address", "new_facts", "withdrawal_reasons",
             "decided_by_name", "rihg_author_a", "rihg_author_b", "rihg_author_c", "advice_text", "children_care",
             "children_meaning", "ext_children_care", "ext_children_meaning")


def destroy_cases(cur: Cursor, final_states: dict[str, str], *, now: datetime, username: str, role: str) -> None:
    """Retention (art. 10 Wth) for many cases in the caller's transaction, in a fixed number of statements: keep an
    anonymous statistics row per case (``final_states``: case id -> state before destruction, e.g. ``verlopen``),
    append one audit row per case, remove household, RiHG, documents, events, contacts, appeals (their letters and
    made-known records) and form drafts of the case, blank the free-text details of its audit rows and the personal
    data of the case row."""
    if not final_states:
        return
    cur.execute("CREATE OR REPLACE TEMP TABLE _destroy (case_id VARCHAR PRIMARY KEY, final_state VARCHAR NOT NULL)")
    cur.executemany("INSERT INTO _destroy VALUES (?, ?)", [[k, v] for k, v in final_states.items()])
    cur.execute(
        "INSERT INTO case_stats_archive SELECT c.id, c.municipality_code, d.final_state, "
        "CAST(date_trunc('month', c.created_at AT TIME ZONE 'Europe/Amsterdam') AS DATE), c.served_at IS NOT NULL, "
        "c.extended_at IS NOT NULL, c.withdrawn_at IS NOT NULL, "
        "c.id IN (SELECT case_id FROM appeal), c.id IN (SELECT case_id FROM household_member WHERE relation = 'kind'), ? "
        "FROM hv_case c JOIN _destroy d ON d.case_id = c.id", [now])
    cur.execute("INSERT INTO audit_log (id, occurred_at, username, role, action, case_id, old_state, new_state, detail) "
                "SELECT nextval('audit_seq'), ?, ?, ?, 'vernietigd_bewaartermijn', c.id, c.state, 'vernietigd_archief', "
                "NULL FROM hv_case c JOIN _destroy d ON d.case_id = c.id ORDER BY c.id", [now, username, role])
    for table in ("household_member", "rihg_answer", "rihg_signal", "rihg_fact", "document", "case_event",
                  "case_contact", "appeal", "appeal_letter", "decision_made_known"):
        cur.execute(f"DELETE FROM {table} WHERE case_id IN (SELECT case_id FROM _destroy)")
    # Free text about the case also sits in audit details (decision reasons, RiHG advice, Veilig Thuis contact,
    # corrections) and in users' unsent form drafts ("name:case-id"): the audit rows keep who, what and when, the
    # text goes (issue 11, attack finding 4).
    cur.execute("UPDATE audit_log SET detail = NULL WHERE detail IS NOT NULL AND case_id IN (SELECT case_id FROM _destroy)")
    cur.execute("DELETE FROM form_draft WHERE position(':' IN form_key) > 0 AND "
                "substr(form_key, position(':' IN form_key) + 1) IN (SELECT case_id FROM _destroy)")
    cur.execute(f"UPDATE hv_case SET {', '.join(c + ' = NULL' for c in _PERSONAL)}, state = 'vernietigd_archief', "
                "destroyed_at = ?, version = version + 1 WHERE id IN (SELECT case_id FROM _destroy)", [now])
    anon.touch(cur, list(final_states))
    cur.execute("DROP TABLE _destroy")
