"""Finding a case on *Zaken* (issue 17): search by case number, name, address and postcode (with or without its
space), only within the user's scope. (Sorting by deadline: tests/integration/test_lists_volume.py.)"""
from __future__ import annotations

from datetime import date

from tests.conftest import walk


def test_search_by_number_name_address_postcode_within_scope(app, actors):
    case_id = walk(app, actors, until="melding", postcode="5912 QZ", street="Zandpad", house_number="7",
                   person_surname="Zoekgeval")
    other = walk(app, actors, until="melding", postcode="5911 AB", person_surname="Anderen",
                 person_given_names="Piet", person_birth_date=date(1975, 1, 1))
    venlo, roermond = actors["oov.venlo"], actors["oov.roermond"]
    for needle in (case_id, "zoekgeval", "Zandpad 7", "5912 QZ", "5912qz", "5912 qz"):
        hit = app.lists.list_cases(venlo, search=needle, limit=50)
        assert case_id in {r["id"] for r in hit}, needle
        assert other not in {r["id"] for r in hit}, needle
        assert hit.total == len(hit)
        # a user of another municipality never finds it, whatever he types
        assert case_id not in {r["id"] for r in app.lists.list_cases(roermond, search=needle)}, needle

