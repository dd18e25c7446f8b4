"""The law of the Wth, pure: states, deadlines, rules, the RiHG, roles and permissions, validation, errors and
the case vocabulary. Imports nothing of ours outside this package (tests/unit/test_import_graph.py)."""
