"""Storage: the DuckDB connection, numbered migrations and repositories — the only place with SQL.
Implements no article itself: it keeps what the Wth procedure records, and art. 10's retention run.
"""
