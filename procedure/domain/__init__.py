"""The law of the Wth, pure: states, deadlines, rules, the RiHG, roles, validation, errors, the case vocabulary.
Implements the Wth and the Bth without I/O; imports nothing of ours outside this package (test_import_graph.py)."""
