"""The SQL box's worker process (issue 11): runs the policy advisor's query on the anonymous copy, walled in.
Implements no article of the Wth.

Started by :mod:`store.sqlbox` as ``python store/sqlbox_worker.py`` with a minimal environment (no secrets), in its
own session, with no open file of the app (``close_fds``) and ``/`` as working folder. It imports nothing of the
project. One request on stdin (JSON), one answer on stdout (JSON), then it exits.

Walls, before any query text is seen:

- operating-system limits: ``RLIMIT_DATA`` (heap and anonymous memory; DuckDB's own ``memory_limit`` does not
  count every allocation — ``repeat('x', 1500000000)`` would otherwise take 1.5 GB), ``RLIMIT_FSIZE = 0`` (not one
  byte written to any file), ``RLIMIT_CPU`` and ``RLIMIT_NOFILE``;
- the engine connection: DuckDB opened **read-only** on the anonymous copy with ``enable_external_access=false``
  (no file, glob, replacement scan, ATTACH, COPY, INSTALL/LOAD or getenv), ``lock_configuration=true`` (no SET can
  undo that), ``memory_limit``, ``threads`` and no temp directory (nothing spills to disk);
- a timer that interrupts the statement; the parent kills the whole process at a hard wall-clock deadline.

Only :func:`_connect_duckdb` / :func:`_connect_postgres` and the error classes are engine-specific. On PostgreSQL
(issue 16) the worker logs in as the SQL box role (store/sqlbox.py: SELECT on the anonymous copy only, with
``statement_timeout``, ``work_mem`` and read-only transactions set on the role), opens a READ ONLY transaction and
sends each statement alone (extended protocol: one statement, no ``;`` chains); it never commits.

Answer: ``{"results": [{"columns", "types", "rows", "truncated"} | {"error": kind, "message"}], "peak_rss_kb"}`` where
``types`` are the engine's names of the result column types (DuckDB ``INTEGER[]``, PostgreSQL ``integer[]``) and
kind is ``timeout``, ``memory``, ``too_big`` or ``sql``; values are JSON with tags for dates, times, decimals.
"""
from __future__ import annotations

import base64
import datetime as dt
import decimal
import json
import os
import resource
import signal
import sys
import threading
import uuid

MAX_REQUEST_BYTES = 2_000_000


def _limit(kind: int, value: int) -> None:
    soft, hard = resource.getrlimit(kind)
    value = value if hard == resource.RLIM_INFINITY else min(value, hard)
    resource.setrlimit(kind, (value, value))


def _apply_os_limits(req: dict) -> None:
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)        # a write to a file fails (EFBIG) instead of killing us
    _limit(resource.RLIMIT_FSIZE, 0)
    _limit(resource.RLIMIT_DATA, int(req["data_limit_mb"]) * 2 ** 20)
    n = max(1, len(req["queries"]))
    _limit(resource.RLIMIT_CPU, int(n * req["timeout_s"] * max(1, int(req["threads"])) + 5))
    _limit(resource.RLIMIT_NOFILE, 64)


def _connect_duckdb(req: dict):
    """The engine-specific part: the anonymous copy, read-only, file and network access off and locked."""
    import duckdb

    return duckdb.connect(req["path"], read_only=True, config={
        "enable_external_access": False,
        "autoinstall_known_extensions": False,
        "autoload_known_extensions": False,
        "allow_community_extensions": False,
        "allow_unsigned_extensions": False,
        "memory_limit": f"{int(req['memory_mb'])}MiB",
        "threads": int(req["threads"]),
        "temp_directory": "",                   # nothing spills to disk
        "lock_configuration": True,             # last: after this no setting can change, not even by SET
    })


def _connect_postgres(req: dict):
    """PostgreSQL: the SQL box role (its URL is in the request, never in the environment), a READ ONLY transaction,
    the statement timeout also as a connection option (the role sets it too)."""
    import psycopg

    ms = int(float(req["timeout_s"]) * 1000)
    con = psycopg.connect(req["path"], connect_timeout=5, autocommit=False,
                          options=f"-c statement_timeout={ms} -c TimeZone=UTC")
    con.execute("SET TRANSACTION READ ONLY")
    con.interrupt = con.cancel          # what the statement timer calls
    return con


def _classify(exc: BaseException) -> str:
    sqlstate = getattr(exc, "sqlstate", None)
    if sqlstate is not None:            # PostgreSQL
        if sqlstate == "57014":         # query_canceled: statement_timeout or our timer
            return "timeout"
        if sqlstate in ("53200", "53100", "54000") or "out of memory" in str(exc).lower():
            return "memory"
        return "sql"
    import duckdb

    if isinstance(exc, duckdb.InterruptException):
        return "timeout"
    if isinstance(exc, (MemoryError, duckdb.OutOfMemoryException)) or "out of memory" in str(exc).lower():
        return "memory"
    return "sql"


def _value(v):
    if v is None or isinstance(v, (bool, int, str)):
        return v
    if isinstance(v, float):
        return v if v == v and v not in (float("inf"), float("-inf")) else {"$f": repr(v)}
    if isinstance(v, dt.datetime):
        return {"$dt": v.isoformat()}
    if isinstance(v, dt.date):
        return {"$d": v.isoformat()}
    if isinstance(v, dt.time):
        return {"$t": v.isoformat()}
    if isinstance(v, decimal.Decimal):
        return {"$dec": str(v)}
    if isinstance(v, dt.timedelta):
        return {"$td": v.total_seconds()}
    if isinstance(v, (bytes, bytearray, memoryview)):
        return {"$b": base64.b64encode(bytes(v)).decode()}
    if isinstance(v, (list, tuple)):
        return [_value(x) for x in v]
    if isinstance(v, dict):
        return {"$m": [[_value(k), _value(x)] for k, x in v.items()]}
    if isinstance(v, uuid.UUID):
        return str(v)
    return str(v)


def _run_one(con, sql: str, req: dict, budget: list[int]) -> dict:
    limit = int(req["max_rows"])
    timer = threading.Timer(float(req["timeout_s"]), con.interrupt)
    timer.start()
    try:
        if req.get("wrap", True):           # (newline: a trailing -- comment can't swallow the wrapper)
            res = con.execute(f"SELECT * FROM ({sql}\n) AS q LIMIT {limit + 1}")
            rows = res.fetchall() if res.description else []
        else:                                   # tests: the statement exactly as typed, no wrapper
            res = con.execute(sql)
            rows = res.fetchmany(limit + 1) if res.description else []
        cols = [d[0] for d in res.description] if res.description else []
        types = [str(getattr(d, "type_display", None) or d[1]) for d in res.description] if res.description else []
    except BaseException as exc:  # noqa: BLE001 - every failure becomes an answer, the worker exits normally
        if req.get("engine") == "postgresql":   # the failed statement ended the transaction: a new read-only one
            try:
                con.rollback()
                con.execute("SET TRANSACTION READ ONLY")
            except Exception:  # noqa: BLE001 - the next statement reports the broken connection
                pass
        return {"error": _classify(exc), "message": str(exc)[:2000]}
    finally:
        timer.cancel()
    out = {"columns": cols, "types": types, "rows": [[_value(v) for v in r] for r in rows[:limit]], "truncated": len(rows) > limit}
    size = len(json.dumps(out, allow_nan=False))
    budget[0] -= size
    if budget[0] < 0:
        return {"error": "too_big", "message": f"result of {size} bytes"}
    return out


def main() -> int:
    req = json.loads(sys.stdin.buffer.read(MAX_REQUEST_BYTES))
    _apply_os_limits(req)
    try:
        con = _connect_postgres(req) if req.get("engine") == "postgresql" else _connect_duckdb(req)
    except BaseException as exc:  # noqa: BLE001
        answer = {"results": [], "error": "open", "message": str(exc)[:2000]}
    else:
        budget = [int(req["max_result_bytes"])]
        results = []
        for i, sql in enumerate(req["queries"]):
            if req.get("marker"):               # tests: a trace shows where this statement starts
                try:
                    os.stat(f"{req['marker']}-{i}")
                except OSError:
                    pass
            results.append(_run_one(con, sql, req, budget))
        con.close()
        answer = {"results": results}
    answer["peak_rss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    sys.stdout.buffer.write(json.dumps(answer, allow_nan=False).encode())
    sys.stdout.flush()
    return 0


if __name__ == "__main__":
    sys.exit(main())
