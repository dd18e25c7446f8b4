"""What each audit action is called in Dutch (the case file's timeline and the beheerder's audit viewer).
Implements art. 10 Wth's duty to account for what happened to a case (design.md, Audit: who, when, what)."""
from __future__ import annotations

#: actions on a case
AUDIT_LABELS = {
    "melding_geregistreerd": "Melding geregistreerd", "deurvragen_ja": "Deurvragen beantwoord: ja",
    "zaak_ingezien": "Zaak ingezien", "rihg_opgeslagen": "RiHG opgeslagen", "rihg_afgerond": "RiHG afgerond",
    "besluit_huisverbod": "Besluit: huisverbod", "besluit_geen_huisverbod": "Besluit: geen huisverbod",
    "concept_beschikking_opgeslagen": "Conceptbeschikking opgeslagen",
    "veilig_thuis_geraadpleegd": "Veilig Thuis geraadpleegd",
    "ter_ondertekening_aangeboden": "Aangeboden ter ondertekening", "beschikking_ondertekend": "Beschikking ondertekend",
    "uitgereikt": "Uitgereikt (T0)", "sleutels_ingenomen": "Sleutels ingenomen", "verlengd": "Verlengd",
    "ingetrokken": "Ingetrokken", "mondeling_opgelegd": "Mondeling opgelegd", "gearchiveerd": "Gearchiveerd",
    "herbeoordeling_gehandhaafd": "Herbeoordeling: gehandhaafd", "contact_toegevoegd": "Contact toegevoegd",
    "uitspraak_geregistreerd": "Uitspraak geregistreerd", "vernietigd_door_rechter": "Vernietigd door de rechter",
    "vernietigd_bewaartermijn": "Vernietigd na bewaartermijn", "bekendgemaakt_uitreiking": "Bekendgemaakt (uitreiking)",
    "bekendgemaakt_depot": "Bekendgemaakt (depot gemeentesecretarie)", "document_ingezien": "Document ingezien of gemaakt",
    "vernietiging_gecorrigeerd": "Uitspraak gecorrigeerd: niet vernietigd",
    "beroep_geregistreerd": "Beroep geregistreerd",
    "voorlopige_voorziening_geregistreerd": "Voorlopige voorziening geregistreerd",
    "herstelbesluit": "Herstelbesluit genomen",
    "sql_query": "SQL-box-query",
}
#: actions of the beheerder and the login
ADMIN_AUDIT_LABELS = {
    "gebruiker_aangemaakt": "Gebruiker aangemaakt", "gebruiker_gewijzigd": "Gebruiker gewijzigd",
    "gebruiker_gedeactiveerd": "Gebruiker gedeactiveerd", "gebruiker_geactiveerd": "Gebruiker weer actief",
    "wachtwoord_gereset": "Wachtwoord gereset door beheerder", "wachtwoord_gewijzigd": "Wachtwoord gewijzigd",
    "account_ontgrendeld": "Account ontgrendeld", "mandaat_toegevoegd": "Mandaat/vervanging vastgelegd",
    "mandaat_beeindigd": "Mandaat/vervanging beëindigd", "certificaat_geupload": "Certificaat geüpload",
    "democertificaat_uitgegeven": "Democertificaat uitgegeven", "ingelogd": "Ingelogd",
    "inloggen_mislukt": "Inloggen mislukt", "account_geblokkeerd": "Account tijdelijk geblokkeerd",
    "inloggen_vertraagd": "Inloggen vanaf één adres vertraagd (te veel mislukte pogingen)",
    "uitgelogd": "Uitgelogd", "sessie_verlopen": "Sessie verlopen (inactief)",
    "auditlog_ingezien": "Auditlog ingezien", "auditlog_geexporteerd": "Auditlog geëxporteerd",
}


def action_label(action: str) -> str:
    """The Dutch label of an audit action; an unknown one is shown as its words ("gebeurtenis_x" -> "Gebeurtenis x")."""
    return AUDIT_LABELS.get(action) or ADMIN_AUDIT_LABELS.get(action) or action.replace("_", " ").capitalize()
