"""The standard documents (fpdf2) rendered from the case data, and signing / verifying them (pyHanko, PAdES).
Implements the written decisions of art. 2 lid 4, art. 9 and art. 2 lid 9 Wth and the proces-verbaal.
"""
