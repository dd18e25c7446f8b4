"""Tarieven en inwoners (beheerder): tariffs, accounts, population with the CBS import, and budgets.
Implements no article of the Wth: the data of the cost model (costs.md).

Tarieven en inwoners (beheerder): tariffs per year with history, accounts per organisation and year,
population per municipality and year with the CBS StatLine import (preview before saving), and budgets.
"""

import streamlit as st

from costs.accounts import ORG_LABELS, PARTNERS_BY_SUBREGION, Organisation
from costs.tariffs import TariffKind
from ui import common
from ui.costs_ui import EXAMPLE_NOTE, pct_text, table

app = common.app()
actor = common.actor()
common.header("Tarieven en inwoners", "Instellingen voor de kostenmodule: tarieven, accounts, inwoners en budgetten")
ss = st.session_state
munis = app.intake.municipalities_all()
names = {m["code"]: m["name"] for m in munis}
this_year = app.now().year
t_tar, t_acc, t_pop, t_bud = st.tabs(["Tarieven", "Accounts", "Inwoners", "Budgetten"])

# -- tariffs ---------------------------------------------------------------------------------------
with t_tar:
    F = "tarief"
    rows = common.call(app.costs.tariff_rows, actor) or []
    st.caption("Een tarief geldt vanaf zijn jaar tot een later jaar van dezelfde soort. Bedragen excl. btw; de btw "
               "als percentage. Bedragen die niet uit het raadsvoorstel komen, markeert u als voorbeeld.")
    table("Tarieven", [("label", "Tarief", "text"), ("year", "Vanaf jaar", "year"), ("amount_txt", "Bedrag", "text"), ("example", "Voorbeeld", "text"), ("note", "Toelichting", "text")],
          [dict(r, example="VOORBEELD" if r["is_example"] else "nee",
                amount_txt=(f"{pct_text(r['amount'])} %" if r["kind"] == TariffKind.VAT.value
                            else common.euro(r["amount"]) + " excl. btw")) for r in rows], "tarieven",
          [EXAMPLE_NOTE])
    with st.form("tarief_form"):
        st.markdown("**Tarief instellen of wijzigen**")
        c1, c2, c3 = st.columns([3, 1, 1])
        c1.selectbox("Soort", [k.value for k in TariffKind], format_func=lambda k: TariffKind(k).label, key="tf_kind")
        common.field_error(F, "kind")
        c2.number_input("Vanaf jaar", min_value=2000, max_value=2100, value=this_year, step=1, key="tf_year")
        common.field_error(F, "year")
        c3.text_input("Bedrag", key="tf_amount", placeholder="51,82", max_chars=20)
        common.field_error(F, "amount")
        st.checkbox("Voorbeeldbedrag (geen offerte)", key="tf_example", value=True)
        st.text_input("Toelichting", key="tf_note", max_chars=200)
        common.field_error(F, "note")

        def _save_tariff():
            before = len(ss.get("flash", []))
            common.call(app.costs.set_tariff, actor, year=ss.get("tf_year"), kind=ss.get("tf_kind"),
                        amount=ss.get("tf_amount", ""), is_example=ss.get("tf_example", True),
                        note=ss.get("tf_note", ""), form="tarief")
            if len(ss.get("flash", [])) == before:
                common.flash("success", "Tarief opgeslagen.")
        st.form_submit_button("Opslaan", type="primary", on_click=_save_tariff)
    hist = common.call(app.costs.tariff_history, actor) or []
    if hist:
        with st.expander("Geschiedenis van de tarieven"):
            table("Geschiedenis tarieven", [("when", "Wanneer", "text"), ("changed_by", "Door", "text"),
                                            ("year", "Jaar", "year"), ("kind", "Soort", "text"),
                                            ("old_amount", "Oud", "dec"), ("new_amount", "Nieuw", "dec"),
                                            ("ex", "Voorbeeld", "text")],
                  [dict(h, when=common.dt(h["changed_at"]), ex="ja" if h["new_is_example"] else "nee") for h in hist],
                  "tarieven_geschiedenis")

# -- accounts --------------------------------------------------------------------------------------
with t_acc:
    F = "accounts"
    st.caption("Accounts per organisatie en jaar. Een regel geldt vanaf zijn jaar tot een latere regel. Nieuwe accounts "
               "betalen een abonnement; accounts hergebruikt uit het zustersysteem alleen de aansluitkosten. "
               "'Aansluitingen' is het aantal accounts dat in dat jaar wordt aangesloten (eenmalige kosten).")
    arows = common.call(app.costs.account_rows, actor) or []
    table("Accounts", [("year", "Vanaf jaar", "year"), ("organisation_label", "Organisatie", "text"),
                       ("unit_label", "Gemeente / subregio", "text"), ("accounts_new", "Nieuwe accounts", "int"),
                       ("accounts_reused", "Hergebruikt", "int"), ("connections", "Aansluitingen dat jaar", "int"),
                       ("note", "Toelichting", "text")], arows, "accounts")
    org = st.selectbox("Organisatie", [o.value for o in Organisation], format_func=lambda o: ORG_LABELS[Organisation(o)],
                       key="af_org")
    if org == Organisation.GEMEENTE.value:
        units = sorted(names, key=names.get)
        fmt = names.get
    else:
        units = [s for s, orgs in PARTNERS_BY_SUBREGION.items() if Organisation(org) in orgs]
        fmt = str
    with st.form("accounts_form"):
        c1, c2 = st.columns(2)
        c1.selectbox("Gemeente" if org == "gemeente" else "Subregio", units, format_func=fmt, key="af_unit")
        common.field_error(F, "unit")
        c2.number_input("Vanaf jaar", min_value=2000, max_value=2100, value=this_year, step=1, key="af_year")
        c3, c4, c5 = st.columns(3)
        c3.number_input("Nieuwe accounts", min_value=0, max_value=10_000, value=2, step=1, key="af_new")
        common.field_error(F, "accounts_new")
        c4.number_input("Hergebruikt (alleen gemeente)", min_value=0, max_value=10_000, value=0, step=1,
                        key="af_reused")
        common.field_error(F, "accounts_reused")
        c5.number_input("Aansluitingen dat jaar", min_value=0, max_value=10_000, value=0, step=1, key="af_conn")
        common.field_error(F, "connections")
        st.text_input("Toelichting", key="af_note", max_chars=200)

        def _save_accounts():
            before = len(ss.get("flash", []))
            common.call(app.costs.set_accounts, actor, year=ss.get("af_year"), organisation=ss.get("af_org"),
                        unit=ss.get("af_unit"), accounts_new=ss.get("af_new"), accounts_reused=ss.get("af_reused"),
                        connections=ss.get("af_conn"), note=ss.get("af_note", ""), form="accounts")
            if len(ss.get("flash", [])) == before:
                common.flash("success", "Accounts opgeslagen.")
        st.form_submit_button("Opslaan", type="primary", on_click=_save_accounts)

# -- population ------------------------------------------------------------------------------------
with t_pop:
    F = "inwoners"
    prow = common.call(app.costs.population_rows, actor) or []
    years = sorted({r["year"] for r in prow}, reverse=True)
    st.caption("Inwoners per gemeente per jaar; de verdeling van de partnerkosten gebruikt het jaar dat wordt "
               "gefactureerd, of anders het laatste eerdere jaar (en zegt dat).")
    if prow:
        wide = {}
        for r in prow:
            wide.setdefault(r["municipality_code"], {"name": r["name"], "subregion": r["subregion"]})[str(r["year"])] = \
                r["inhabitants"]
        table("Inwoners", [("name", "Gemeente", "text"), ("subregion", "Subregio", "text")]
              + [(str(y), str(y), "int") for y in years], sorted(wide.values(), key=lambda r: (r["subregion"], r["name"])),
              "inwoners")
        st.caption("Bronnen: " + "; ".join(sorted({f"{r['year']}: {common.escape_md(r['source'])}" for r in prow})))
    st.markdown("**CBS StatLine-export inlezen** (tabel 03759ned 'Bevolking op 1 januari' of 37230ned "
                "'Bevolkingsontwikkeling; regio per maand', CSV)")
    up = st.file_uploader("CSV-bestand van CBS StatLine", type=["csv", "txt"], key="pop_file")
    common.field_error(F, "file")
    if up is not None:
        data = up.getvalue()
        if ss.get("pop_preview_for") != (up.name, len(data)):
            ss["pop_preview"] = common.call(app.costs.preview_population_import, actor, data, form=F)
            ss["pop_preview_for"] = (up.name, len(data))
            common.show_flash()
        pv = ss.get("pop_preview")
        if pv is not None:
            # the table name, measure and messages can quote the uploaded file: shown as text, not Markdown
            st.markdown(f"Herkend: tabel **{common.escape_md(pv.table)}**, maat *{common.escape_md(pv.measure)}*; "
                        f"{len(pv.rows)} cijfers.")
            for e in pv.errors:
                st.error(common.escape_md(e))
            for n in pv.notes[:10]:
                st.caption(common.escape_md(n))
            miss = pv.missing(list(names))
            for y, cs in miss.items():
                st.warning(f"{y}: geen cijfer voor {', '.join(names[c] for c in cs)} — de verdeling voor dat jaar "
                           "gebruikt dan een ander jaar.")
            if pv.rows:
                table("Controle", [("name", "Gemeente", "text"), ("year", "Jaar", "year"), ("inh", "Inwoners", "int"),
                                   ("cur", "Nu opgeslagen", "int"), ("chg", "Verschil", "int"), ("status", "Stand", "text"),
                                   ("warn", "Let op", "text")],
                      [{"name": r.name, "year": r.year, "inh": r.inhabitants, "cur": r.current, "chg": r.change,
                        "status": r.status, "warn": r.warning} for r in pv.rows], "inwoners_controle")
            if pv.ok:
                st.text_input("Bron (wordt bij elk cijfer bewaard)", key="pop_source",
                              value=f"CBS StatLine {pv.table}, geïmporteerd uit {up.name}", max_chars=200)
                common.field_error(F, "source")

                def _import():
                    n = common.call(app.costs.import_population, actor, ss["pop_preview"], ss.get("pop_source", ""),
                                    form="inwoners")
                    if n is not None:
                        common.flash("success", f"{n} inwonertallen opgeslagen.")
                        ss.pop("pop_preview", None)
                st.button(f"{sum(1 for r in pv.rows if r.status != 'gelijk')} cijfers opslaan", type="primary",
                          on_click=_import, key="pop_import")
    with st.expander("Eén cijfer met de hand invoeren"):
        with st.form("pop_form"):
            c1, c2, c3 = st.columns(3)
            c1.selectbox("Gemeente", sorted(names, key=names.get), format_func=names.get, key="pf_code")
            c2.number_input("Jaar", min_value=1990, max_value=2100, value=this_year, step=1, key="pf_year")
            c3.number_input("Inwoners", min_value=1, max_value=2_000_000, value=10_000, step=1, key="pf_inh")
            common.field_error(F, "inhabitants")
            st.text_input("Bron", key="pf_source", max_chars=200, placeholder="CBS StatLine 03759ned, 1 januari")
            common.field_error(F, "source")

            def _one():
                before = len(ss.get("flash", []))
                common.call(app.costs.set_population, actor, code=ss.get("pf_code"), year=ss.get("pf_year"),
                            inhabitants=ss.get("pf_inh"), source=ss.get("pf_source", ""), form="inwoners")
                if len(ss.get("flash", [])) == before:
                    common.flash("success", "Inwonertal opgeslagen.")
            st.form_submit_button("Opslaan", on_click=_one)
    hist = common.call(app.costs.population_history, actor) or []
    if hist:
        with st.expander("Geschiedenis van de inwonertallen"):
            table("Geschiedenis inwoners", [("when", "Wanneer", "text"), ("changed_by", "Door", "text"),
                                            ("name", "Gemeente", "text"), ("year", "Jaar", "year"),
                                            ("old_inhabitants", "Oud", "int"), ("new_inhabitants", "Nieuw", "int"),
                                            ("source", "Bron", "text")],
                  [dict(h, when=common.dt(h["changed_at"])) for h in hist], "inwoners_geschiedenis")

# -- budgets ---------------------------------------------------------------------------------------
with t_bud:
    F = "budget"
    brows = common.call(app.costs.budget_rows, actor) or []
    table("Budgetten", [("name", "Gemeente", "text"), ("year", "Jaar", "year"), ("amount", "Budget (incl. btw)", "euro"),
                        ("budget_line", "Budgetpost", "text"), ("demo", "Demo", "text")],
          [dict(r, name=names.get(r["municipality_code"], r["municipality_code"]), demo="ja" if r["is_demo"] else "nee")
           for r in sorted(brows, key=lambda r: (-r["year"], names.get(r["municipality_code"], "")))], "budgetten")
    with st.form("budget_form"):
        c1, c2, c3 = st.columns(3)
        c1.selectbox("Gemeente", sorted(names, key=names.get), format_func=names.get, key="bf_code")
        c2.number_input("Jaar", min_value=2000, max_value=2100, value=this_year, step=1, key="bf_year")
        c3.text_input("Budget incl. btw (€)", key="bf_amount", placeholder="2.500,00", max_chars=20)
        common.field_error(F, "amount")

        def _budget():
            before = len(ss.get("flash", []))
            common.call(app.costs.set_budget, actor, code=ss.get("bf_code"), year=ss.get("bf_year"),
                        amount=ss.get("bf_amount", ""), form="budget")
            if len(ss.get("flash", [])) == before:
                common.flash("success", "Budget opgeslagen.")
        st.form_submit_button("Opslaan", type="primary", on_click=_budget)
