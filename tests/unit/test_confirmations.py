"""The confirmation texts of irreversible acts (issue 14, point 2): each names the case, the person and the
consequence in plain Dutch, with times in Europe/Amsterdam (procedure/domain/confirmations.py)."""
from datetime import datetime, timezone

from procedure.domain import confirmations as c
from procedure.domain.deadlines import AMS

CASE = {"id": "HV-2026-00053", "person_given_names": "Pieter", "person_surname": "Jansen"}


def test_withdrawal_says_the_order_ends_now_as_in_the_issue():
    q = c.withdrawal(CASE, datetime(2026, 12, 3, 14, 32, tzinfo=AMS))
    assert q.text.startswith("Het huisverbod van P. Jansen (HV-2026-00053) eindigt nu, donderdag 3 december 2026 14:32.")
    assert q.text.endswith("Dit kan niet ongedaan worden gemaakt.") and q.confirm == "Ja, intrekking ondertekenen"


def test_times_are_local_dutch_time_with_weekday():
    # 13:32 UTC in winter is 14:32 in Amsterdam; 12:32 UTC in summer too
    assert c.when(datetime(2026, 12, 3, 13, 32, tzinfo=timezone.utc)) == "donderdag 3 december 2026 14:32"
    assert c.when(datetime(2026, 7, 2, 12, 32, tzinfo=timezone.utc)) == "donderdag 2 juli 2026 14:32"


def test_short_name_uses_initials_and_the_whole_surname():
    assert c.short_name({"person_given_names": "Jan Pieter", "person_surname": "de Vries"}) == "J.P. de Vries"
    assert c.short_name({"person_given_names": "", "person_surname": "Jansen"}) == "Jansen"
    assert c.short_name({"person_given_names": None, "person_surname": None}) == "(naam onbekend)"


def test_extension_names_old_and_new_end_and_days():
    q = c.extension(CASE, datetime(2026, 12, 10, 14, 32, tzinfo=AMS), datetime(2026, 12, 28, 14, 32, tzinfo=AMS), 18)
    assert "P. Jansen (HV-2026-00053)" in q.text and "met 18 dagen verlengd" in q.text
    assert "niet op donderdag 10 december 2026 14:32 maar op maandag 28 december 2026 14:32" in q.text


def test_service_names_start_and_end():
    q = c.service(CASE, datetime(2026, 3, 20, 2, 30, tzinfo=AMS), datetime(2026, 3, 30, 2, 30, tzinfo=AMS))
    assert "gaat in op vrijdag 20 maart 2026 02:30 (T0) en eindigt op maandag 30 maart 2026 02:30" in q.text
    assert "herstelbesluit" in q.text and q.confirm == "Ja, uitreiking vastleggen"


def test_annulment_correction_and_retention_name_what_happens():
    a = c.annulment(CASE, "Oplegging", datetime(2027, 1, 12, tzinfo=AMS))
    assert "oplegging van het huisverbod van P. Jansen (HV-2026-00053)" in a.text and "Vernietigd" in a.text
    h = c.correction(CASE, "HV-2026-00053-OPL-v1", ["Huisnummer"])
    assert "vervangt beschikking HV-2026-00053-OPL-v1" in h.text and "Huisnummer" in h.text
    r = c.retention([f"HV-2020-{i:05d}" for i in range(1, 8)], held=1)
    assert r.text.startswith("Van 7 zaken (HV-2020-00001, HV-2020-00002, HV-2020-00003, HV-2020-00004, "
                             "HV-2020-00005 en 2 andere)")
    assert "1 zaak met een lopend beroep wordt overgeslagen" in r.text and r.confirm == "Ja, 7 zaken vernietigen"
    assert c.retention(["HV-2020-00001"], held=0).confirm == "Ja, 1 zaak vernietigen"


def test_annulled_extension_names_the_new_end_or_the_ruling_moment():
    from procedure.domain.appeals import end_after_annulled_extension
    original = datetime(2026, 12, 10, 14, 32, tzinfo=AMS)
    early = datetime(2026, 12, 9, 0, 0, tzinfo=AMS)
    q = c.annulled_extension(CASE, original, end_after_annulled_extension(original, early), early)
    assert "P. Jansen (HV-2026-00053)" in q.text and "verlenging" in q.text
    assert "eindigt dan op donderdag 10 december 2026 14:32 (het einde van vóór de verlenging)" in q.text
    late = datetime(2026, 12, 14, 0, 0, tzinfo=AMS)
    q = c.annulled_extension(CASE, original, end_after_annulled_extension(original, late), late)
    assert "eindigt dan op maandag 14 december 2026 00:00" in q.text and "moment van de uitspraak" in q.text


def test_annulled_withdrawal_says_the_order_does_not_revive():
    q = c.annulled_withdrawal(CASE, datetime(2026, 12, 9, tzinfo=AMS))
    assert "P. Jansen (HV-2026-00053)" in q.text and "herleeft daardoor niet vanzelf" in q.text
