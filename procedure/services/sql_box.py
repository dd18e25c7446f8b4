"""The read-only SQL box of the beleidsadviseur: one SELECT over the anonymous views, checked by DuckDB's own parser and
run in a walled worker process on an anonymous copy, every query audited (issues 6 and 11). Implements no article (AVG).

The walls are in ``store/sqlbox.py`` (separate database, process, memory and time limits); the parser check here is
an extra layer only.
"""
from __future__ import annotations

import copy
import hashlib
import re
import threading
from typing import Any, Iterable

from procedure.domain.case import fmt_int
from procedure.domain.disclosure import THRESHOLD, fmt_dec
from procedure.domain.errors import ValidationError
from procedure.domain.roles import Action, Actor, require_action
from procedure.services.context import Service
from store import sqlbox, stats_repo

SQL_ROW_LIMIT = 1000
SQL_TIMEOUT_S = 5.0
SQL_MAX_CHARS = 10_000
#: DuckDB's memory_limit in the SQL-box worker (MiB) and the worker's OS ceiling on heap + anonymous memory (MiB)
SQL_MEMORY_MB = 512
SQL_DATA_MB = 1024
#: table-valued functions a query may use (no file, catalogue or settings access)
_ALLOWED_TABLE_FUNCTIONS = {"range", "generate_series", "unnest"}
_DENIED_FUNCTIONS = {"getenv", "current_setting", "nextval", "currval", "setval", "query", "query_table", "glob",
                     "read_text", "read_blob", "checkpoint", "force_checkpoint", "sql_auto_complete", "which_secret",
                     "txid_current", "current_database", "current_schema", "current_schemas", "version",
                     "json_serialize_sql", "json_deserialize_sql", "json_execute_serialized_sql", "pragma",
                     "enable_logging", "disable_logging", "truncate_duckdb_logs", "icu_calendar_names"}
_DENIED_PREFIXES = ("read_", "duckdb_", "pragma_", "sniff_", "parquet_", "pg_", "sqlite_", "iceberg_", "delta_",
                    "write_", "copy_", "attach", "detach", "export_", "import_", "install", "load")
_TABLE_REF_TYPES = {"BASE_TABLE", "JOIN", "SUBQUERY", "EMPTY", "EXPRESSION_LIST"}
_PLAIN_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
#: the case-level view: every answer over it is a count per group, and groups of fewer than THRESHOLD cases are not
#: shown (the explorer's small-cell rule, attack finding 8)
CASE_VIEW = "v_case_anon"
#: the column the SQL box adds to every query over CASE_VIEW: how many cases the row stands for
GROUP_COUNT = "_zaken_in_groep"
#: the column of the anonymous copy that numbers the cases (store/sqlbox.py): only the SQL box's own count reads it
ROW_COLUMN = "_rij"
#: the only aggregates a query over CASE_VIEW may use (an allow-list, not a deny list: attack findings 8 and the
#: break-it report of December 2026) — each summarises one column of the whole group into one number or value
ALLOWED_AGGREGATES = frozenset({"count", "count_star", "sum", "avg", "min", "max", "median", "stddev_samp",
                                "var_samp"})
#: of these, the ones that hand back one case's value: their argument must be a plain column of the view
_VALUE_AGGREGATES = frozenset({"min", "max", "median"})
#: result column types the SQL box refuses over CASE_VIEW (a list, struct, JSON, map or bit string can carry many
#: cases' values in one cell); DuckDB's type names and PostgreSQL's (arrays as ``_name`` or ``name[]``)
_REFUSED_TYPES = re.compile(r"\[|^(STRUCT|MAP|UNION|JSON|BIT|LIST|ARRAY|VARIANT|RECORD|JSONB|VARBIT|_)", re.IGNORECASE)
#: at most this many SQL-box workers run at once in this process, and one per user (attack finding 12)
MAX_WORKERS = 2
_workers = threading.BoundedSemaphore(MAX_WORKERS)
_busy_users: set[str] = set()
_busy_guard = threading.Lock()


class SqlBox(Service):
    """Queries of the beleidsadviseur over the anonymous data (Action.QUERY_STATISTICS)."""

    def run_sql(self, actor: Actor, sql: str, *, limit: int = SQL_ROW_LIMIT,
                timeout_s: float = SQL_TIMEOUT_S) -> dict[str, Any]:
        """Run one read-only query over the anonymous data (beleidsadviseur only); every call is audited.

        Walls (issue 11, store/sqlbox.py): the query runs in a separate worker process on a separate database that
        holds nothing but the rows of ``v_case_anon`` and ``v_population``, opened read-only with file and network
        access off and locked, a memory limit (:data:`SQL_MEMORY_MB` MiB for DuckDB, an OS ceiling on the worker),
        a thread limit, a statement timer and a hard wall-clock kill. The app process only reads the (size-capped)
        answer. Extra layer: DuckDB's own parser must return exactly one SELECT (``json_serialize_sql``), the tree
        may reference only the two views (and its own WITH names, which may not shadow an existing table or view),
        no table functions except range/generate_series/unnest, no file, setting, sequence or catalogue functions;
        the SQL that runs is regenerated from that checked tree (comments dropped).

        Audit: one ``sql_query`` row per call (who, role, when; the query text's SHA-256 and length in characters,
        the rows returned or why it was refused) — never the text itself.

        Small cells (attack finding 8): a query over ``v_case_anon`` must read it once, in the FROM of the outer
        SELECT (alone or joined with ``v_population``), and must be an aggregate; the SQL box adds the column
        ``_zaken_in_groep`` (distinct cases per result row) and leaves out every row that stands for fewer than
        :data:`THRESHOLD` cases, saying how many (``suppressed``). Over the case view only the allow-listed aggregates
        (:data:`ALLOWED_AGGREGATES`, one argument, no FILTER, no window) and plain scalar functions may be used,
        ``_rij`` is not readable, and a list/struct/JSON/map/bit result is refused (:func:`add_group_count`).
        Known limit: two allowed queries can still be subtracted from each other (differencing), as in the explorer.
        Integers beyond 64 bits come back as text.
        At most :data:`MAX_WORKERS` queries run at once, one per user.

        Returns:
            ``{"columns": [...], "rows": [tuples], "truncated": bool, "sql": executed SQL,
            "snapshot_at": aware UTC moment of the anonymous copy, "suppressed": rows left out (< 5 cases)}``.

        Raises:
            NotAuthorized: not a beleidsadviseur. ValidationError (field ``sql``): refused, failed, too slow, too
            much memory or too large an answer — a Dutch message.
        """
        require_action(actor, Action.QUERY_STATISTICS)
        text = sql if isinstance(sql, str) else repr(sql)
        try:
            tree = self._checked_sql_tree(sql)
            counted = add_group_count(tree["statements"][0], self._count_template(),
                                      _function_kinds(self.db))
            safe_sql = stats_repo.render_sql(self.db, tree)
        except ValidationError:
            self._audit_sql(actor, text, "geweigerd door de controle")
            raise
        except Exception:  # noqa: BLE001 - e.g. nesting too deep for the parser
            # Every attempt is audited, also one the parser itself chokes on (attack finding 10).
            self._audit_sql(actor, text, "geweigerd: onleesbaar of te diep genest")
            raise ValidationError("De query kan niet worden gecontroleerd: hij is te diep genest of onleesbaar. "
                                  "Schrijf hem eenvoudiger.", field="sql") from None
        if not _workers.acquire(blocking=False):
            self._audit_sql(actor, text, "geweigerd: SQL-box bezet")
            raise ValidationError(f"De SQL-box is bezet: er lopen al {MAX_WORKERS} query's. Probeer het over een "
                                  "paar seconden opnieuw.", field="sql")
        try:
            with _busy_guard:
                mine = actor.username not in _busy_users
                if mine:
                    _busy_users.add(actor.username)
            if not mine:
                self._audit_sql(actor, text, "geweigerd: vorige query loopt nog")
                raise ValidationError("Uw vorige query loopt nog. Wacht tot die klaar is (of afgebroken wordt) en "
                                      "probeer het dan opnieuw.", field="sql")
            try:
                target = sqlbox.ensure_snapshot(self.db, timeout_s=timeout_s)
                run = sqlbox.run(target, [safe_sql], sqlbox.Limits(max_rows=limit, timeout_s=timeout_s,
                                                                   memory_mb=SQL_MEMORY_MB, data_limit_mb=SQL_DATA_MB))
            finally:
                with _busy_guard:
                    _busy_users.discard(actor.username)
        finally:
            _workers.release()
        res = run.results[0]
        if res.error:
            # (the audit names the kind of failure only: an error message could quote the query text)
            self._audit_sql(actor, text, _SQLBOX_AUDIT.get(res.error, "fout in de query"))
            message = _sqlbox_error_nl(res.error, res.message, timeout_s)
            if counted and "GROUP BY" in res.message:
                message = (f"De SQL-box toont over {CASE_VIEW} alleen tellingen per groep (elke rij moet voor minstens "
                           f"{THRESHOLD} zaken staan): groepeer met GROUP BY of gebruik alleen aggregaten (count, "
                           f"avg, sum …).\n\n" + message)
            raise ValidationError(message, field="sql")
        if counted:
            bad = refused_result_types(res.types)
            if bad or any(isinstance(v, (list, dict, bytes)) for r in res.rows for v in r):
                self._audit_sql(actor, text, "geweigerd: lijst of samengesteld resultaat")
                raise ValidationError(f"Het resultaat bevat een lijst, struct, JSON, map of bitreeks "
                                      f"({', '.join(bad) or 'samengestelde waarde'}): zo'n cel kan waarden van "
                                      f"afzonderlijke zaken bevatten. Over {CASE_VIEW} geeft de SQL-box alleen "
                                      f"getallen, datums en teksten per groep.", field="sql")
        rows, columns, suppressed = [_displayable(r) for r in res.rows], list(res.columns), 0
        if counted:
            at = len(columns) - 1
            kept = [r for r in rows if isinstance(r[at], int) and r[at] >= THRESHOLD]
            suppressed, rows = len(rows) - len(kept), kept
        self._audit_sql(actor, text, f"{len(rows)} rijen" + (f", {suppressed} onderdrukt" if suppressed else "")
                        + (" (afgekapt)" if res.truncated else ""))
        return {"columns": columns, "rows": rows, "truncated": res.truncated, "sql": safe_sql,
                "snapshot_at": sqlbox.snapshot_time(target), "suppressed": suppressed}

    def _count_template(self) -> dict[str, Any]:
        return stats_repo.distinct_count_item(self.db, ROW_COLUMN, GROUP_COUNT)

    def _audit_sql(self, actor: Actor, text: str, outcome: str) -> None:
        digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
        with self.db.transaction() as cur:
            self.ctx.audit(cur, actor, "sql_query", detail=f"{outcome}; {len(text)} tekens; sha256 {digest}")

    def sql_schema(self, actor: Actor) -> list[dict[str, str]]:
        """The columns the SQL box may read, read from the database catalogue, each with a Dutch description.

        Returns:
            ``[{"view": "v_case_anon", "column": "municipality", "type": "VARCHAR", "description": "..."}]``;
            a column without a known description gets "(geen omschrijving)".

        Raises:
            NotAuthorized: not a beleidsadviseur.
        """
        require_action(actor, Action.QUERY_STATISTICS)
        return [dict(r, description=COLUMN_DESCRIPTIONS.get(r["column"], "(geen omschrijving)"))
                for r in stats_repo.view_columns(self.db)]

    def _checked_sql_tree(self, sql: Any) -> dict[str, Any]:
        if not isinstance(sql, str) or not sql.strip():
            raise ValidationError("Typ een SELECT-query.", field="sql")
        if len(sql) > SQL_MAX_CHARS:
            raise ValidationError(f"De query is te lang (maximaal {fmt_int(SQL_MAX_CHARS)} tekens).", field="sql")
        tree = stats_repo.parse_sql(self.db, sql)
        if tree.get("error"):
            msg = str(tree.get("error_message") or "")
            if "Only SELECT" in msg:
                raise ValidationError("Alleen lezen is toegestaan: één SELECT- of WITH-query, geen INSERT, UPDATE, "
                                      "DELETE, CREATE, COPY, ATTACH, INSTALL, PRAGMA of SET.", field="sql")
            raise ValidationError(sql_error_nl(msg), field="sql")
        statements = tree.get("statements") or []
        if len(statements) != 1:
            raise ValidationError("Geef precies één query (geen meerdere opdrachten gescheiden door ';').", field="sql")
        existing = stats_repo.catalog_names(self.db)
        check_sql_tree(statements[0], existing)
        return {"error": False, "statements": statements}


_kinds_cache: dict[bool, dict[str, frozenset[str]]] = {}


def _function_kinds(db) -> dict[str, frozenset[str]]:
    """DuckDB's function catalogue (built-in: read once per process and engine)."""
    if db.postgres not in _kinds_cache:
        _kinds_cache[db.postgres] = stats_repo.function_kinds(db)
    return _kinds_cache[db.postgres]


def _displayable(row: tuple) -> tuple:
    """Integers beyond 64 bits (DuckDB HUGEINT, e.g. a sum over big numbers) as text: tables and Arrow can't show
    them (attack finding 11)."""
    return tuple(str(v) if isinstance(v, int) and not isinstance(v, bool) and not -2**63 <= v < 2**63 else v
                 for v in row)


def add_group_count(statement: dict[str, Any], template: dict[str, Any],
                    function_kinds: dict[str, frozenset[str]] | None = None) -> bool:
    """When ``statement`` reads the case view: check it against the small-cell rule and append
    ``count(DISTINCT <alias>._rij) AS _zaken_in_groep`` to its select list (``template``: that expression parsed once).
    Returns whether it was added (pure, in place; ``function_kinds``: :func:`store.stats_repo.function_kinds`).

    The rule, by construction (what may be used, not what may not):

    * the view is read once, in the FROM of the outer SELECT (alone or joined with ``v_population``);
    * what a group is, WHERE and GROUP BY decide — the box counts its cases and hides groups under the threshold;
    * every aggregate is one of :data:`ALLOWED_AGGREGATES` with exactly one argument (``count(*)``: none), DISTINCT
      allowed, no FILTER, no ORDER BY inside it, no window (OVER) anywhere; ``min``/``max``/``median`` take a plain
      column of the view (optionally CAST), so no expression can pick one case's values out of a group;
    * every other function is a plain scalar function in DuckDB's catalogue (no macro, no table function);
    * ``_rij`` is not readable at all, nor is ``*`` / ``COLUMNS(…)`` / the whole row as a value (the box adds its
      own count); the result's column types are checked after the run (:func:`refused_result_types`).

    Raises:
        ValidationError: a Dutch message naming what is not allowed.
    """
    refs: list[dict[str, Any]] = []

    def find(node: Any) -> None:
        if isinstance(node, list):
            for v in node:
                find(v)
        elif isinstance(node, dict):
            if node.get("type") == "BASE_TABLE" and str(node.get("table_name", "")).lower() == CASE_VIEW:
                refs.append(node)
            for v in node.values():
                find(v)

    find(statement)
    if not refs:
        return False
    where = (f"Lees {CASE_VIEW} één keer, in de FROM van de buitenste SELECT (eventueel met een JOIN op v_population), "
             f"zonder WITH, subquery of UNION: de SQL-box telt dan zelf hoeveel zaken elke rij telt en laat groepen "
             f"van minder dan {THRESHOLD} zaken weg, zoals de verkenner.")
    node = statement.get("node") or {}
    src = node.get("from_table") if node.get("type") == "SELECT_NODE" else None
    direct = [src] if isinstance(src, dict) and src.get("type") == "BASE_TABLE" else (
        [src.get("left"), src.get("right")] if isinstance(src, dict) and src.get("type") == "JOIN" else [])
    if len(refs) != 1 or not any(r is refs[0] for r in direct):
        raise ValidationError(where, field="sql")
    _check_case_view_expressions(statement, function_kinds or {})
    expr = copy.deepcopy(template)
    arg = expr["arguments"][0]
    (arg.get("expression") if isinstance(arg.get("expression"), dict) else arg)["column_names"] = [
        refs[0].get("alias") or CASE_VIEW, ROW_COLUMN]
    node["select_list"].append(expr)
    return True


def _check_case_view_expressions(statement: dict[str, Any], kinds: dict[str, frozenset[str]]) -> None:
    """The expression part of :func:`add_group_count`'s rule (pure). Raises ValidationError."""
    allowed = ", ".join(sorted(a for a in ALLOWED_AGGREGATES if a != "count_star")) + ", count(*)"
    only = (f"Over {CASE_VIEW} zijn alleen tellingen en kengetallen per groep toegestaan: {allowed}, elk over één "
            f"kolom (DISTINCT mag); een groep kiest u met WHERE en GROUP BY.")

    def refuse(what: str) -> None:
        raise ValidationError(f"{what} is niet toegestaan in de SQL-box. {only}", field="sql")

    def plain_column(e: Any) -> bool:
        while isinstance(e, dict) and e.get("class") == "CAST":
            e = e.get("child")
        return isinstance(e, dict) and e.get("class") == "COLUMN_REF"

    def walk(n: Any, in_order: bool = False) -> None:
        if isinstance(n, list):
            for v in n:
                walk(v, in_order)
            return
        if not isinstance(n, dict):
            return
        cls = n.get("class")
        if cls == "WINDOW":
            refuse(f"Een vensterfunctie ({n.get('function_name', '?')} … OVER)")
        plain_star = not (n.get("expr") or n.get("exclude_list") or n.get("replace_list")
                          or n.get("rename_list") or n.get("qualified_exclude_list") or n.get("relation_name"))
        if cls == "STAR" and not (in_order and plain_star):        # ORDER BY ALL: a bare star in the modifiers
            refuse("* of COLUMNS(…) over de view")
        if cls == "COLUMN_REF":
            names = [str(c).lower() for c in n.get("column_names") or []]
            if ROW_COLUMN in names:
                refuse(f"De kolom {ROW_COLUMN}")
            if names and names[-1] == CASE_VIEW:
                refuse("De hele rij als waarde")
        if cls == "FUNCTION" or (cls is None and "function_name" in n):
            name = str(n.get("function_name", "")).lower()
            args = [a.get("expression") if isinstance(a, dict) and "expression" in a else a
                    for a in n.get("arguments") or []]
            kind = kinds.get(name, frozenset())
            if name in ALLOWED_AGGREGATES:
                if n.get("filter"):
                    refuse(f"FILTER bij {name}()")
                if (n.get("order_bys") or {}).get("orders") or n.get("export_state"):
                    refuse(f"ORDER BY binnen {name}()")
                if len(args) != (0 if name == "count_star" else 1):
                    refuse(f"De functie {name}() met {len(args)} argumenten")
                if name in _VALUE_AGGREGATES and not plain_column(args[0]):
                    refuse(f"{name}() over een berekende waarde (alleen over een kolom van de view)")
            elif kind != frozenset({"scalar"}):
                shown = "count(*)" if name == "count_star" else f"{name}()"
                refuse(f"De functie {shown}")
        for k, v in n.items():
            walk(v, in_order or k == "modifiers")

    walk(statement)


def refused_result_types(types: Iterable[str]) -> list[str]:
    """The result column types the SQL box refuses over the case view (lists, structs, JSON, maps, bit strings):
    one cell of such a type can hold many cases' values. ``types``: DuckDB's or PostgreSQL's type names."""
    return [t for t in types if _REFUSED_TYPES.search(str(t).strip())]


def check_sql_tree(statement: dict[str, Any], existing_names: Iterable[str]) -> None:
    """Refuse a parsed statement that reads anything but the anonymous views (pure; see run_sql).

    This is the extra layer in front of the walls of store/sqlbox.py. A WITH name counts only where DuckDB can see
    it (its own query, and in its WITH list from its own entry on): a table reference elsewhere that merely reuses
    the name is checked as a table (a WITH name declared in one subquery and used in another reached DuckDB's file
    readers before issue 11). WITH names must be plain names (letters, digits, underscore) that shadow no table.

    Raises:
        ValidationError: with a Dutch message naming what is not allowed.
    """
    allowed = set(stats_repo.ANON_VIEWS)
    existing = {n.lower() for n in existing_names}
    views = ", ".join(stats_repo.ANON_VIEWS)
    funcs: list[dict[str, Any]] = []

    def check_cte_name(name: str) -> str:
        if not _PLAIN_NAME.match(name):
            raise ValidationError(f"De WITH-naam '{name}' is niet toegestaan: gebruik een gewone naam (letters, cijfers "
                                  "en _), geen pad of bestandsnaam.", field="sql")
        if name.lower() in existing:
            raise ValidationError(f"De WITH-naam '{name}' is gelijk aan een bestaande tabel of view; kies een andere "
                                  "naam.", field="sql")
        return name.lower()

    def check_ref(ref: dict[str, Any], scope: frozenset[str]) -> None:
        name = str(ref.get("table_name", "")).lower()
        schema = str(ref.get("schema_name", "") or "").lower()
        catalog = str(ref.get("catalog_name", "") or "")
        if catalog or schema not in ("", "main"):
            raise ValidationError(f"Alleen de views {views} zijn te lezen (geen andere database of schema).",
                                  field="sql")
        if name in scope and not schema:
            return
        if name not in allowed:
            raise ValidationError(f"'{ref.get('table_name')}' is niet toegestaan: alleen de geanonimiseerde views "
                                  f"{views} zijn te lezen (geen tabellen met persoonsgegevens, geen bestanden).",
                                  field="sql")

    def walk(node: Any, scope: frozenset[str]) -> None:
        if isinstance(node, list):
            for v in node:
                walk(v, scope)
            return
        if not isinstance(node, dict):
            return
        cls, typ = node.get("class"), node.get("type")
        entries = (node.get("cte_map") or {}).get("map") or [] if isinstance(node.get("cte_map"), dict) else []
        if entries:
            names = [check_cte_name(str(e.get("key", ""))) for e in entries]
            for i, e in enumerate(entries):      # a WITH entry sees the entries before it and itself (recursive)
                walk(e.get("value"), scope | frozenset(names[: i + 1]))
            scope = scope | frozenset(names)
        # a table reference (DuckDB's TableRef: has 'sample', no 'class'): only views, joins, subqueries
        if cls is None and isinstance(typ, str) and "sample" in node and "alias" in node:
            if typ == "BASE_TABLE":
                check_ref(node, scope)
            elif typ == "TABLE_FUNCTION":
                fn = (node.get("function") or {}).get("function_name", "?")
                if str(fn).lower() not in _ALLOWED_TABLE_FUNCTIONS:
                    raise ValidationError(f"De functie {fn}() is niet toegestaan: alleen de views {views} zijn te "
                                          "lezen, geen bestanden.", field="sql")
            elif typ not in _TABLE_REF_TYPES:
                raise ValidationError(f"Dit onderdeel van de query is niet toegestaan ({typ}); gebruik een gewone "
                                      "SELECT op de views.", field="sql")
        if cls == "FUNCTION" or (cls is None and "function_name" in node):
            funcs.append(node)
        for k, v in node.items():
            if k != "cte_map":
                walk(v, scope)

    walk(statement, frozenset())
    for fn in funcs:
        name = str(fn.get("function_name", "")).lower()
        if fn.get("schema") or fn.get("catalog"):
            raise ValidationError(f"De functie {name}() is niet toegestaan.", field="sql")
        if name in _DENIED_FUNCTIONS or name.startswith(_DENIED_PREFIXES):
            raise ValidationError(f"De functie {name}() is niet toegestaan (geen bestanden, instellingen of "
                                  "systeemgegevens).", field="sql")


#: one-line Dutch descriptions of the columns of v_case_anon and v_population (the names come from the catalogue)
COLUMN_DESCRIPTIONS: dict[str, str] = {
    "source": "herkomst van de rij: 'zaak' (in het systeem) of 'historie' (eerdere jaren, geanonimiseerd)",
    "is_synthetic": "waar voor synthetische (demo)gegevens",
    "melding_month": "eerste dag van de maand van de melding",
    "melding_year": "jaar van de melding",
    "municipality_code": "CBS-gemeentecode (GM....)",
    "municipality": "naam van de gemeente",
    "subregion": "subregio (Noord-Limburg / Midden-Limburg)",
    "final_state": "status van de zaak (of de laatste status vóór vernietiging)",
    "outcome": "'huisverbod', 'geen_huisverbod' of 'in_behandeling'",
    "advice_indicated": "RiHG-advies: huisverbod geïndiceerd (leeg = onbekend)",
    "decision_huisverbod": "besluit: huisverbod opgelegd (leeg = nog geen besluit)",
    "served": "beschikking uitgereikt (of mondeling opgelegd)",
    "extended": "huisverbod verlengd",
    "withdrawn": "huisverbod ingetrokken",
    "annulled": "besluit vernietigd of herroepen",
    "breach": "overtreding van het huisverbod vastgelegd",
    "appealed": "bezwaar of beroep ingesteld",
    "hours_to_decision": "uren van melding tot vastgelegd besluit",
    "hours_to_signature": "uren van melding tot ondertekening van de beschikking",
    "order_days": "duur van het huisverbod in dagen (uitreiking tot einde, intrekking of vernietiging)",
    "relation": "relatie van de bedreigde persoon tot de uithuisgeplaatste",
    "person_age_band": "leeftijdsklasse van de uithuisgeplaatste",
    "children_present": "kinderen in het huishouden",
    "rihg_colours": "20 tekens, per RiHG-signaal (A1…C6, catalogusvolgorde) de eerste letter van de kleur; '-' = leeg",
    "rihg_red_mask": "RiHG-signalen rood als bitmasker (bit i = signaal i+1)",
    "days_since_previous_order": "dagen sinds het vorige huisverbod van dezelfde persoon (leeg = geen)",
    "repeat_within_12m": "nieuw huisverbod binnen 12 maanden na het vorige",
    "year": "peiljaar van het inwonertal",
    "inhabitants": "aantal inwoners (CBS)",
}

_SQL_ERRORS: list[tuple[str, str]] = [    # (regex on the engine's first line, Dutch message with {0} = first group)
    (r'Referenced column "([^"]+)" not found', "kolom '{0}' bestaat niet."),
    # PostgreSQL's wording of the same (issue 16)
    (r'^column "([^"]+)" does not exist', "kolom '{0}' bestaat niet."),
    (r'^relation "([^"]+)" does not exist', "tabel of view '{0}' bestaat niet."),
    (r"^function (\w+)\(.*\) does not exist", "functie '{0}' bestaat niet."),
    (r'invalid input syntax for type \w+: "([^"]*)"', "de waarde '{0}' kan niet worden omgezet naar het gevraagde type."),
    (r'column reference "([^"]+)" is ambiguous', "kolomnaam '{0}' is dubbelzinnig; zet de viewnaam ervoor."),
    (r'syntax error at or near "([^"]*)"', "Syntaxfout bij '{0}'."),
    (r"syntax error at end of input", "Syntaxfout: de query houdt te vroeg op."),
    (r"(?:Scalar|Aggregate|Table) Function with name (\S+) does not exist", "functie '{0}' bestaat niet."),
    (r'Table with name (\S+) does not exist', "tabel of view '{0}' bestaat niet."),
    (r'column "([^"]+)" must appear in the GROUP BY', "kolom '{0}' moet in GROUP BY staan of in een aggregaat "
                                                       "(count, sum, avg …)."),
    (r"Could not convert string '([^']*)'", "de waarde '{0}' kan niet worden omgezet naar het gevraagde type."),
    (r"Ambiguous reference to column name \"?([^\" ]+)", "kolomnaam '{0}' is dubbelzinnig; zet de viewnaam ervoor."),
    (r"No function matches", "de functie past niet bij deze argumenttypen."),
    (r"Divi\w* by zero", "deling door nul."),
]


_SQLBOX_AUDIT = {"timeout": "afgebroken: te lang", "memory": "gestopt: te veel geheugen",
                 "too_big": "geweigerd: resultaat te groot", "killed": "gestopt door de bewaking",
                 "open": "niet beschikbaar"}


def _sqlbox_error_nl(kind: str, message: str, timeout_s: float) -> str:
    """The Dutch message for a SQL-box worker failure (``kind`` from store.sqlbox.Result.error)."""
    if kind == "timeout":
        return (f"De query duurde langer dan {fmt_dec(timeout_s, 0)} seconden en is afgebroken. Maak de selectie "
                "kleiner of groepeer eerder.")
    if kind == "memory":
        return (f"De query had meer dan {fmt_int(SQL_MEMORY_MB)} MB werkgeheugen nodig en is gestopt. Groepeer eerder "
                "of maak de selectie kleiner; lange teksten (repeat, string_agg) kosten veel geheugen.")
    if kind == "too_big":
        return ("Het resultaat is te groot om te tonen (meer dan 4 MB). Selecteer minder kolommen of rijen, of "
                "groepeer.")
    if kind == "killed":
        return (f"De query is gestopt: hij had te veel geheugen of rekentijd nodig (grens {fmt_int(SQL_MEMORY_MB)} MB, "
                f"{fmt_dec(timeout_s, 0)} seconden).")
    if kind == "open":
        return "De SQL-box is nu niet beschikbaar (de anonieme gegevens konden niet worden geopend). Probeer het later."
    return sql_error_nl(message)


def sql_error_nl(message: str) -> str:
    """A DuckDB error as a Dutch sentence for the SQL box, the technical first line kept below it.

    ``'Binder Error: Referenced column "gemeente" not found in FROM clause!'`` →
    ``"De query kan niet worden uitgevoerd: kolom 'gemeente' bestaat niet.\nTechnische melding: Binder Error: …"``.
    Unknown messages keep a general Dutch lead.
    """
    first = next((ln.strip() for ln in str(message or "").splitlines() if ln.strip()), "onbekende fout")
    first = first.replace("\\\"", '"')
    text = "de database weigerde de query."
    for pattern, dutch in _SQL_ERRORS:
        m = re.search(pattern, first, flags=re.IGNORECASE)
        if m:
            text = dutch.format(*(m.groups() or ("",)))
            break
    lead = text if text.startswith("Syntaxfout") else f"De query kan niet worden uitgevoerd: {text}"
    return f"{lead}\n\nTechnische melding: {first}"
