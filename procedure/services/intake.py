"""Intake: the melding of the police, with the door questions, the household and the person, into a new case.
Implements art. 1 and 2 lid 1-2 Wth (domestic, resident, adult; the household), procedure.md 3.1 and 3.8 (repeat cases).
"""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from procedure.domain import rules, validation as v
from procedure.domain.answers import Answer
from procedure.domain.deadlines import AMS, ORDER_DAYS
from procedure.domain.errors import NotAuthorized, RuleViolation, ValidationError
from procedure.domain.rihg import load_catalogue
from procedure.domain.roles import Action, Actor, in_scope, require_action, require_actor
from procedure.domain.states import CaseState
from procedure.services.context import Service
from store import repo


class Intake(Service):
    """Registering meldingen (police and HOvJ) and the municipalities a user may register them for."""

    def municipalities_all(self) -> list[dict[str, Any]]:
        """The region's municipalities (reference data, no personal data)."""
        return repo.municipalities(self.db)

    def municipalities_for(self, actor: Actor) -> list[dict[str, Any]]:
        """Municipalities the actor may register a melding for (his sub-region or municipality)."""
        require_actor(actor)
        out = []
        for m in repo.municipalities(self.db):
            if in_scope(actor, m["code"], m["subregion"]):
                out.append(m)
        return out

    def create_melding(self, actor: Actor, form: dict[str, Any]) -> str:
        """Register a melding and move it to ``risicotaxatie`` (procedure.md section 6).

        Args:
            form: keys ``municipality_code, street, house_number, postcode, city, incident_date,
                incident_time, incident_description, q_domestic, q_resident, q_adult,
                person_given_names, person_surname, person_birth_date, person_bsn, person_phone,
                person_brp_differs, person_residence_basis, aangifte_done, arrested,
                child_abuse_ground, new_facts`` (the three grounds as answers ja / nee / onbekend, an
                explicit bool, or absent = not answered) and ``members``: a list of dicts with ``name,
                birth_date, relation, residence, residence_basis, threatened``. Dates are
                ``date``/ISO strings, times ``time`` (Europe/Amsterdam).

        Returns:
            the new case id ("HV-2026-00012").

        Raises:
            ValidationError: with ``field_errors`` for every malformed field.
            RuleViolation: door question answered no; person under 18 now (art. 2 lid 2 Wth, R17);
                no threatened co-resident or neighbours only (procedure.md 3.1); repeat case without
                a "new facts" statement (procedure.md 3.8).
            NotAuthorized: role may not register meldingen; municipality outside the user's scope.
        """
        require_action(actor, Action.CREATE_MELDING)
        now = self.ctx.now()
        c = v.Collector()
        if not isinstance(form, dict):
            raise ValidationError("Het formulier is leeg.")
        muni_code = form.get("municipality_code")
        munis = {m["code"]: m for m in self.municipalities_for(actor)}
        if not muni_code or not isinstance(muni_code, str):
            c.add("municipality_code", "Kies de gemeente waar de woning ligt.")
        elif muni_code not in munis:
            raise NotAuthorized("Deze gemeente valt buiten uw werkgebied.", field="municipality_code")
        street = c.run(v.text, form.get("street"), "street", "Straat")
        house_number = c.run(v.text, form.get("house_number"), "house_number", "Huisnummer", max_len=20)
        postcode = c.run(v.postcode, form.get("postcode"))
        city = c.run(v.text, form.get("city"), "city", "Plaats")
        inc_date = c.run(v.a_date, form.get("incident_date"), "incident_date", "Datum incident")
        inc_time = c.run(v.a_time, form.get("incident_time"), "incident_date", "Tijd incident")
        incident_at = None
        if inc_date is not None and inc_time is not None:
            incident_at = c.run(v.local_moment, inc_date, inc_time, "incident_date", "Incident",
                                form.get("incident_time__dst"))
            if incident_at is not None and incident_at > now + timedelta(minutes=5):
                c.add("incident_date", "Het incident kan niet in de toekomst liggen.")
        description = c.run(v.text, form.get("incident_description"), "incident_description",
                            "Korte beschrijving van het incident", min_len=10, max_len=v.MAX_MEDIUM)
        given = c.run(v.text, form.get("person_given_names"), "person_given_names", "Voornamen")
        surname = c.run(v.text, form.get("person_surname"), "person_surname", "Achternaam")
        birth = c.run(v.a_date, form.get("person_birth_date"), "person_birth_date", "Geboortedatum")
        bsn = c.run(v.bsn, form.get("person_bsn"))
        phone = c.run(v.text, form.get("person_phone"), "person_phone", "Telefoon", required=False, max_len=40)
        brp_differs = bool(form.get("person_brp_differs"))
        basis = c.run(v.text, form.get("person_residence_basis"), "person_residence_basis",
                      "Basis voor feitelijk verblijf", required=brp_differs, max_len=v.MAX_MEDIUM)
        members: list[rules.Member] = []
        threat_said: list[str | None] = []      # per member: ja / nee / onbekend, None when not answered
        raw_members = form.get("members") or []
        if not isinstance(raw_members, list) or not all(isinstance(m, dict) for m in raw_members):
            raise ValidationError("De huisgenoten zijn niet goed doorgegeven.", field="household")
        for i, m in enumerate(raw_members):
            f = f"member_{i}"
            name = c.run(v.text, m.get("name"), f + "_name", f"Huisgenoot {i + 1}: naam")
            mbirth = c.run(v.a_date, m.get("birth_date"), f + "_birth_date", f"Huisgenoot {i + 1}: geboortedatum",
                           required=False)
            relation = m.get("relation")
            if not isinstance(relation, str) or relation not in rules.RELATIONS:
                c.add(f + "_relation", f"Huisgenoot {i + 1}: kies de relatie.")
            try:
                residence = rules.Residence(m.get("residence"))
            except (ValueError, TypeError):
                c.add(f + "_residence", f"Huisgenoot {i + 1}: kies of hij/zij er woont of verblijft.")
                residence = None
            rbasis = c.run(v.text, m.get("residence_basis"), f + "_residence_basis",
                           f"Huisgenoot {i + 1}: basis verblijf", required=residence == rules.Residence.VERBLIJFT,
                           max_len=v.MAX_SHORT)
            # ja / nee / onbekend; not answered is "niet vastgesteld" (NULL), never "nee" (issue 14)
            threat = c.run(v.answer, m.get("threatened"), f + "_threatened", f"Huisgenoot {i + 1}: bedreigd",
                           required=False)
            if name and isinstance(relation, str) and relation in rules.RELATIONS and residence is not None:
                members.append(rules.Member(name, mbirth, relation, residence, rbasis or "", threat is Answer.JA))
                threat_said.append(threat.value if threat else None)
        if birth is not None and birth > now.astimezone(AMS).date():
            c.add("person_birth_date", "De geboortedatum ligt in de toekomst.")
        said = {k: c.run(v.answer, form.get(k), k, label, required=False)
                for k, label in (("aangifte_done", "Aangifte gedaan"), ("arrested", "Aangehouden"),
                                 ("child_abuse_ground", "Grond kindermishandeling"))}
        c.raise_if_any()

        rules.check_door_questions(bool(form.get("q_domestic")), bool(form.get("q_resident")),
                                   bool(form.get("q_adult")))
        if not raw_members:
            raise RuleViolation("Voeg de huisgenoten toe: wie woont of verblijft er in de woning?", field="household")
        rules.check_household(members)
        rules.check_adult(birth, now)

        # Only cases within the user's own scope are linked: out of scope looks the same as missing.
        previous = [p for p in repo.find_previous_cases(self.db, bsn=bsn, given_names=given, surname=surname,
                                                        birth_date=birth)
                    if in_scope(actor, p["municipality_code"], p["subregion"])]
        new_facts = v.text(form.get("new_facts"), "new_facts", "Nieuwe feiten", required=False,
                           max_len=v.MAX_MEDIUM)
        if previous and len(new_facts) < 20:
            raise RuleViolation(
                f"Er is al een eerdere zaak voor deze persoon ({previous[0]['id']}). Een nieuw huisverbod "
                "mag, maar alleen op grond van nieuwe feiten: beschrijf die (minimaal 20 tekens).",
                field="new_facts")

        with self.db.transaction() as cur:
            case_id = repo.next_case_id(cur, now.astimezone(AMS).year)
            repo.insert_case(cur, {
                "id": case_id, "municipality_code": muni_code, "state": CaseState.RISICOTAXATIE.value,
                "is_demo": bool(form.get("is_demo", False)), "version": 1, "created_at": now,
                "created_by": actor.username, "updated_at": now, "updated_by": actor.username,
                "street": street, "house_number": house_number, "postcode": postcode, "city": city,
                "incident_at": incident_at, "incident_description": description,
                "q_domestic": True, "q_resident": True, "q_adult": True,
                "person_given_names": given, "person_surname": surname, "person_birth_date": birth,
                "person_bsn": bsn or None, "person_phone": phone or None, "person_brp_differs": brp_differs,
                "person_residence_basis": basis or None,
                # ja / nee as stored; onbekend or not answered stays NULL: the melding report says "niet vastgesteld"
                **{k: {Answer.JA: True, Answer.NEE: False}.get(a) for k, a in said.items()},
                "rihg_version": load_catalogue().version, "duration_days": ORDER_DAYS,
                "previous_case_id": previous[0]["id"] if previous else None,
                "new_facts": new_facts or None,
            })
            repo.replace_members(cur, case_id, [
                {"name": m.name, "birth_date": m.birth_date, "relation": m.relation, "residence": m.residence.value,
                 "residence_basis": m.residence_basis, "threatened": m.threatened,
                 "threatened_answer": said_m} for m, said_m in zip(members, threat_said)])
            self.ctx.audit(cur, actor, "melding_geregistreerd", case_id, None, CaseState.MELDING.value, at=now)
            self.ctx.audit(cur, actor, "deurvragen_ja", case_id, CaseState.MELDING.value,
                           CaseState.RISICOTAXATIE.value, at=now)
        return case_id
