"""The SQL box's file-read attack corpus (issue 11): every way we know to make DuckDB read a file, another
database, a setting or the environment, against a folder with a real back-up beside the data.

:func:`corpus` expands templates over target paths; each entry is ``(category, sql)``. Categories: ``path``
(replacement scans on quoted paths, globs, absolute and relative paths), ``reader`` (read_parquet, read_csv,
read_json, read_text, ...), ``cte`` (a WITH name that is a path, reused where the WITH is not in scope — the
bypass of issue 11 — in every position a table can appear), ``statement`` (ATTACH, COPY, EXPORT, IMPORT,
INSTALL/LOAD, SET/RESET, PRAGMA, CALL, CREATE ...), ``function`` (getenv, current_setting, catalogue and pragma
table functions, query/query_table) and ``shadow`` (WITH names that reuse the anonymous views' names).
"""
from __future__ import annotations

from pathlib import Path

READERS = ["read_parquet", "parquet_scan", "parquet_metadata", "parquet_schema", "parquet_file_metadata",
           "parquet_kv_metadata", "read_csv", "read_csv_auto", "sniff_csv", "read_json", "read_json_auto",
           "read_json_objects", "read_ndjson", "read_ndjson_auto", "read_ndjson_objects", "read_text", "read_blob",
           "glob"]

#: a table position for a reference ``{r}`` while a WITH declaring the same name ``{r}`` sits elsewhere
CTE_POSITIONS = [
    'SELECT * FROM (WITH {r} AS (SELECT 1) SELECT 1) t, {r}',
    'SELECT * FROM (WITH {r} AS (SELECT 1) SELECT 1) t JOIN {r} ON true',
    'SELECT * FROM {r} CROSS JOIN (WITH {r} AS (SELECT 1) SELECT 1) t',
    'SELECT (SELECT count(*) FROM {r}) FROM (WITH {r} AS (SELECT 1) SELECT 1) t',
    'SELECT 1 FROM (WITH {r} AS (SELECT 1) SELECT 1) t WHERE EXISTS (SELECT * FROM {r})',
    'SELECT 1 FROM (WITH {r} AS (SELECT 1) SELECT 1) t WHERE 1 IN (SELECT 1 FROM {r})',
    'SELECT 1 FROM (WITH {r} AS (SELECT 1) SELECT 1) t GROUP BY ALL HAVING (SELECT count(*) FROM {r}) > 0',
    'SELECT 1 FROM (WITH {r} AS (SELECT 1) SELECT 1) t ORDER BY (SELECT count(*) FROM {r})',
    'SELECT * FROM {r} UNION ALL (WITH {r} AS (SELECT 1) SELECT * FROM {r})',
    'SELECT * FROM {r} UNION ALL BY NAME SELECT * FROM (WITH {r} AS (SELECT 1) SELECT * FROM {r})',
    'WITH a AS (SELECT * FROM {r}), {r} AS (SELECT 1) SELECT * FROM a',
    'WITH a AS (WITH {r} AS (SELECT 1) SELECT 1) SELECT * FROM a, {r}',
    'WITH a AS (SELECT 1) SELECT * FROM a, LATERAL (SELECT * FROM {r}) x, (WITH {r} AS (SELECT 1) SELECT 1) y',
    'SELECT * FROM v_case_anon v, LATERAL (SELECT * FROM {r}) x WHERE v.melding_year IN '
    '(WITH {r} AS (SELECT 2026) SELECT * FROM {r})',
    'WITH RECURSIVE a AS (SELECT 1 AS n UNION ALL SELECT n + 1 FROM a WHERE n < 2) SELECT * FROM a, {r}, '
    '(WITH {r} AS (SELECT 1) SELECT 1) t',
    'WITH {r} AS MATERIALIZED (SELECT 1) SELECT * FROM (SELECT * FROM (WITH q AS (SELECT 1) SELECT * FROM {r}))',
    'SELECT * FROM (SELECT * FROM (SELECT * FROM {r})) , (WITH {r} AS (SELECT 1) SELECT 1)',
    'SELECT list((SELECT count(*) FROM {r})) FROM (WITH {r} AS (SELECT 1) SELECT 1) t',
    'SELECT * FROM (WITH {r} AS (SELECT 1) SELECT 1) t WHERE (SELECT max(1) FROM {r} x(a)) = 1',
    'SELECT * FROM (WITH {r} AS (SELECT 1) SELECT 1) t POSITIONAL JOIN {r}',
    'SELECT * FROM (WITH {r} AS (SELECT 1) SELECT 1) t ASOF JOIN {r} ON true',
    'SELECT * FROM (WITH {r} AS (SELECT 1) SELECT 1) t ANTI JOIN {r} USING (x)',
    'FROM (WITH {r} AS (SELECT 1) SELECT 1) t, {r}',
    'PIVOT (WITH {r} AS (SELECT 1) SELECT 1 AS a) ON a USING count(*) GROUP BY ALL',
]

STATEMENTS = [
    "ATTACH '{db}' AS x",
    "ATTACH '{db}' AS x (READ_ONLY)",
    "ATTACH 'md:' AS x",
    "ATTACH '{backup}/hv_case.parquet' AS x",
    "DETACH sqlbox",
    "USE x",
    "COPY v_case_anon TO '{out}/leak.csv'",
    "COPY (SELECT 1) TO '{out}/leak.parquet' (FORMAT parquet)",
    "COPY v_population FROM '{csv}'",
    "EXPORT DATABASE '{out}/export'",
    "IMPORT DATABASE '{backup}'",
    "INSTALL httpfs",
    "INSTALL sqlite",
    "LOAD httpfs",
    "LOAD '{backup}/hv_case.parquet'",
    "FORCE INSTALL postgres_scanner",
    "SET enable_external_access = true",
    "SET GLOBAL enable_external_access = true",
    "RESET enable_external_access",
    "SET lock_configuration = false",
    "SET memory_limit = '64GB'",
    "SET threads = 64",
    "SET temp_directory = '{out}'",
    "SET allowed_directories = ['{dir}']",
    "SET allowed_paths = ['{backup}/hv_case.parquet']",
    "PRAGMA enable_profiling = 'json'",
    "PRAGMA profiling_output = '{out}/profile.json'",
    "PRAGMA database_list",
    "PRAGMA table_info('{backup}/hv_case.parquet')",
    "CALL pragma_database_list()",
    "CHECKPOINT",
    "VACUUM",
    "CREATE TABLE x AS SELECT * FROM '{backup}/hv_case.parquet'",
    "CREATE TEMP TABLE x AS SELECT * FROM '{backup}/hv_case.parquet'",
    "CREATE VIEW x AS SELECT * FROM '{backup}/hv_case.parquet'",
    "CREATE MACRO m() AS TABLE SELECT * FROM '{backup}/hv_case.parquet'",
    "CREATE SECRET s (TYPE s3, KEY_ID 'a', SECRET 'b')",
    "CREATE TEMP TABLE x AS SELECT 1; COPY x TO '{out}/x.csv'",
    "SELECT 1; ATTACH '{db}' AS x; SELECT * FROM x.hv_case",
    "DESCRIBE '{backup}/hv_case.parquet'",
    "SUMMARIZE '{backup}/hv_case.parquet'",
    "SHOW TABLES",
    "SHOW ALL TABLES",
    "EXPLAIN ANALYZE SELECT * FROM '{backup}/hv_case.parquet'",
]

FUNCTIONS = [
    "SELECT getenv('WTH_COOKIE_KEY')",
    "SELECT getenv('HOME')",
    "SELECT current_setting('home_directory')",
    "SELECT current_setting('temp_directory')",
    "SELECT current_setting('enable_external_access')",
    "SELECT * FROM duckdb_settings()",
    "SELECT * FROM duckdb_databases()",
    "SELECT * FROM duckdb_extensions()",
    "SELECT * FROM duckdb_secrets()",
    "SELECT * FROM duckdb_tables()",
    "SELECT * FROM duckdb_memory()",
    "SELECT * FROM duckdb_temporary_files()",
    "SELECT * FROM which_secret('s3://bucket/x', 's3')",
    "SELECT * FROM pragma_database_list()",
    "SELECT * FROM pragma_storage_info('v_case_anon')",
    "SELECT * FROM information_schema.tables",
    "SELECT * FROM query('SELECT * FROM ''{backup}/hv_case.parquet''')",
    "SELECT * FROM query_table('{backup}/hv_case.parquet')",
    "SELECT * FROM query_table(['{backup}/hv_case.parquet', '{backup}/app_user.parquet'])",
    "SELECT * FROM sqlite_scan('{db}', 'hv_case')",
    "SELECT * FROM postgres_scan('dbname=wth', 'public', 'hv_case')",
    "SELECT * FROM json_execute_serialized_sql(json_serialize_sql('SELECT * FROM ''{backup}/hv_case.parquet'''))",
    "SELECT * FROM iceberg_scan('{backup}')",
    "SELECT * FROM delta_scan('{backup}')",
    "SELECT * FROM read_xlsx('{backup}/x.xlsx')",
]

SHADOW = [
    "WITH v_case_anon AS (SELECT * FROM '{backup}/hv_case.parquet') SELECT * FROM v_case_anon",
    "WITH v_population AS (SELECT * FROM read_parquet('{backup}/app_user.parquet')) SELECT * FROM v_population",
    "WITH hv_case AS (SELECT * FROM '{backup}/hv_case.parquet') SELECT * FROM hv_case",
    "SELECT * FROM v_case_anon, '{backup}/hv_case.parquet'",
    "SELECT * FROM main.\"{backup}/hv_case.parquet\"",
]


#: the small-cell attacks (break-it report, December 2026): each read single cases out of ``v_case_anon`` past the
#: SQL box's count per group on main (the first three are the report's repros: all 576 case records, 576 values, one
#: case by ``_rij``). Valid SQL for DuckDB: refused by the service's allow-list (procedure/services/sql_box.py), not by
#: the worker; tests/integration/test_statistics_sql.py runs them.
SMALL_CELL = [
    "SELECT json_group_array(to_json(v_case_anon)) FROM v_case_anon",
    "SELECT max(municipality||'|'||melding_month||'|'||rihg_colours, 1000) FROM v_case_anon",
    "SELECT max(rihg_colours) FILTER (WHERE _rij=17), max(municipality) FILTER (WHERE _rij=17) FROM v_case_anon",
    "SELECT quantile_disc(hours_to_decision, [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]) FROM v_case_anon",
    "SELECT bitstring_agg(_rij) FROM v_case_anon",
    "SELECT bitstring_agg(CAST(hours_to_decision AS INTEGER)) FROM v_case_anon",
    "SELECT count(*) FILTER (WHERE rihg_colours = 'RRRRRRRRRRRRRRRRRRRR') FROM v_case_anon",
    "SELECT max(rihg_colours) FILTER (WHERE hours_to_decision = 3) FROM v_case_anon",
    "SELECT max(CASE WHEN melding_month = DATE '2024-01-01' THEN rihg_colours END) FROM v_case_anon",
    "SELECT max(municipality || rihg_colours) FROM v_case_anon",
    "SELECT municipality, max(_rij) FROM v_case_anon GROUP BY 1",
    "SELECT _rij, count(*) FROM v_case_anon GROUP BY 1",
    "SELECT v._rij % 2, count(*) FROM v_case_anon v GROUP BY 1",
    "SELECT count(*) FROM v_case_anon WHERE _rij = 17",
    "SELECT max(COLUMNS(*)) FROM v_case_anon",
    "SELECT to_json(v_case_anon), count(*) FROM v_case_anon GROUP BY 1",
    "SELECT count(DISTINCT v_case_anon) FROM v_case_anon",
    "SELECT municipality, sum(hours_to_decision) OVER () FROM v_case_anon GROUP BY 1, hours_to_decision",
    "SELECT json_group_object(municipality, rihg_colours) FROM v_case_anon",
    "SELECT geomean(hours_to_decision) FROM v_case_anon",
    "SELECT min(rihg_colours ORDER BY hours_to_decision) FROM v_case_anon",
    "SELECT mode(rihg_colours) FROM v_case_anon",
    "SELECT list(rihg_colours) FROM v_case_anon",
    "SELECT max(struct_pack(a := municipality, b := rihg_colours)) FROM v_case_anon",
]


def targets(data_dir: Path, backup_dir: Path, beside_copy: Path) -> list[str]:
    """File names an attacker would try: the back-up's tables with personal data, globs over it, the case
    database and its WAL, a CSV and a JSON export, the cookie key, system files, relative and home paths."""
    out = []
    for folder in (backup_dir, beside_copy):
        out += [str(folder / f"{t}.parquet") for t in ("hv_case", "household_member", "app_user",
                                                        "signer_certificate", "document")]
        out += [str(folder / "*.parquet"), str(folder / "**" / "*.parquet")]
    out += [str(data_dir / "wth.duckdb"), str(data_dir / "wth.duckdb.wal"), str(data_dir / "zaken.csv"),
            str(data_dir / "zaken.json"), str(data_dir / "demo-cookie-key.txt"), "/etc/passwd", "/proc/self/environ",
            f"{backup_dir.name}/hv_case.parquet", f"../{backup_dir.name}/hv_case.parquet", "~/.bash_history",
            f"file://{backup_dir}/hv_case.parquet", str(data_dir / "*" / "*.csv")]
    return out


def corpus(data_dir: Path, backup_dir: Path, beside_copy: Path, out_dir: Path) -> list[tuple[str, str]]:
    """Every attack statement, ``(category, sql)``; no duplicates."""
    fmt = {"db": data_dir / "wth.duckdb", "backup": backup_dir, "csv": data_dir / "zaken.csv", "out": out_dir,
           "dir": data_dir}
    items: list[tuple[str, str]] = []
    for p in targets(data_dir, backup_dir, beside_copy):
        q = p.replace("'", "''")
        items += [("path", f"SELECT * FROM '{q}'"), ("path", f'SELECT * FROM "{p}"'), ("path", f"FROM '{q}'")]
        items += [("reader", f"SELECT * FROM {fn}('{q}')") for fn in READERS]
        items += [("reader", f"SELECT {fn}('{q}')") for fn in ("read_text", "read_blob", "glob")]
        items += [("cte", t.format(r=f'"{p}"')) for t in CTE_POSITIONS]
    items += [("cte", t.format(r=f"'{backup_dir}/hv_case.parquet'")) for t in CTE_POSITIONS[:3]]
    items += [("statement", s.format(**fmt)) for s in STATEMENTS]
    items += [("function", s.format(**fmt)) for s in FUNCTIONS]
    items += [("shadow", s.format(**fmt)) for s in SHADOW]
    seen, unique = set(), []
    for it in items:
        if it[1] not in seen:
            seen.add(it[1])
            unique.append(it)
    return unique
