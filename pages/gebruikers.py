"""Gebruikers en mandaten (beheerder): accounts, mandate and substitution records, signer certificates.
Implements art. 3 Wth (mandate) and R09 (substitution) as records a signature is checked against.

Gebruikers en mandaten (beheerder): accounts (create, change, deactivate, reset password, unlock),
mandate and substitution records (who may sign for which burgemeester, from–to), signer certificates.
Every action goes through a service that checks MANAGE_USERS and writes an audit row.
"""
from datetime import date

import pandas as pd
import streamlit as st

from procedure.domain.mandates import MANDATE_KINDS
from procedure.domain.roles import MUNICIPAL_ROLES, SUBREGIONAL_ROLES, Role
from ui import common, tables

F_NEW, F_EDIT, F_PW, F_MAN, F_CERT = "usr_new", "usr_edit", "usr_pw", "mandate", "cert"
#: Password fields stage what is typed (no rerun). A password field commits on blur, but Tab moves the focus
#: to its own "show password" eye button, which is no blur: Tab + click on the button then sent an empty
#: password ("Vul een wachtwoord in."). Staged values go with the next click, however the field was left.
PW_LIVE = {"live": "0ms", "on_change": "ignore"}
TXT = {"title": "Gebruikers en mandaten",
       "sub": "Accounts, rollen en werkgebied; mandaat- en vervangingsbesluiten; ondertekeningscertificaten.",
       "t_users": "Gebruikers", "t_mand": "Mandaten en vervanging", "t_cert": "Certificaten"}
app = common.app()
actor = common.actor()
common.header(TXT["title"], TXT["sub"])
ss = st.session_state
demo = common.settings().demo
munis = app.intake.municipalities_all()
muni_names = {m["code"]: m["name"] for m in munis}
subregions = sorted({m["subregion"] for m in munis})
users = common.call(app.users.user_overview, actor) or []
if not users and not common.is_role(Role.BEHEERDER):
    st.stop()
by_name = {u["username"]: u for u in users}


def _scope_widgets(prefix: str, role: Role | None, form: str, current: dict | None = None) -> None:
    """Municipality or sub-region, depending on the role (a rule the service checks again)."""
    cur = current or {}
    if role in MUNICIPAL_ROLES or role == Role.MANAGER:
        codes = list(muni_names)
        label = "Gemeente" + (" (leeg = hele regio)" if role == Role.MANAGER else "")
        idx = codes.index(cur["municipality_code"]) if cur.get("municipality_code") in codes else None
        st.selectbox(label, codes, index=idx, format_func=muni_names.get, key=prefix + "muni",
                     placeholder="Kies een gemeente")
        common.field_error(form, "municipality_code")
    elif role in SUBREGIONAL_ROLES:
        idx = subregions.index(cur["subregion"]) if cur.get("subregion") in subregions else None
        st.selectbox("Subregio", subregions, index=idx, key=prefix + "sub", placeholder="Kies een subregio")
        common.field_error(form, "subregion")
    elif role is not None:
        st.caption("Deze rol heeft geen gemeente of subregio (geen toegang tot zaken).")


def _fresh() -> None:
    """Start of every action: drop the field messages of the other forms (they were for an earlier click)."""
    ss.pop("errors", None)


def _form_values(prefix: str) -> dict:
    return {"name": ss.get(prefix + "name") or "", "email": ss.get(prefix + "email") or "",
            "role": ss.get(prefix + "role"), "municipality_code": ss.get(prefix + "muni"),
            "subregion": ss.get(prefix + "sub")}


# Keyed and stateful: the flash messages above shift the page, and an unkeyed tab bar or expander would then
# be a new element that opens on its first tab / collapses, hiding the messages beside the fields.
tab_users, tab_mand, tab_cert = st.tabs([TXT["t_users"], TXT["t_mand"], TXT["t_cert"]], key="usr_tabs",
                                        on_change="rerun")

# -- users ------------------------------------------------------------------------------------------
with tab_users:
    show_inactive = st.toggle("Ook gedeactiveerde gebruikers tonen", key="usr_inactive")
    table = [{"Gebruiker": u["username"], "Naam": u["name"], "Rol": u["role_label"],
              "Gemeente / subregio": u["municipality_name"] or u["subregion"] or "",
              "Actief": "ja" if u["active"] else "nee",
              "Geblokkeerd tot": common.dt(u["locked_until"]) if u["locked_until"] else "",
              "Laatst actief": common.dt(u["last_seen_at"]) if u["last_seen_at"] else "",
              "Demo": "ja" if u["is_demo"] else ""}
             for u in users if u["active"] or show_inactive]
    tables.table(pd.DataFrame(table))

    with st.expander("Nieuwe gebruiker", icon=":material/person_add:", key="un_box", on_change="rerun"):
        c1, c2 = st.columns(2)
        c1.text_input("Nieuwe gebruikersnaam", key="un_username", placeholder="bijv. j.jansen", max_chars=40)
        with c1:
            common.field_error(F_NEW, "username")
        c2.text_input("Naam", key="un_name", max_chars=200)
        with c2:
            common.field_error(F_NEW, "name")
        c1.text_input("E-mailadres", key="un_email", max_chars=200)
        with c1:
            common.field_error(F_NEW, "email")
        c2.selectbox("Rol", list(Role), format_func=lambda r: r.label, key="un_role", index=None,
                     placeholder="Kies een rol")
        with c2:
            common.field_error(F_NEW, "role")
        _scope_widgets("un_", ss.get("un_role"), F_NEW)
        st.text_input("Tijdelijk wachtwoord", type="password", key="un_password", autocomplete="new-password",
                      help="Minimaal 12 tekens, niet de gebruikersnaam. De gebruiker kiest bij de eerste keer "
                           "inloggen een eigen wachtwoord.", **PW_LIVE)
        common.field_error(F_NEW, "password")

        def _create():
            _fresh()
            form = dict(_form_values("un_"), username=ss.get("un_username") or "",
                        password=ss.get("un_password") or "")
            name = common.call(app.users.create_user, actor, form, form=F_NEW)
            if not name:
                ss["un_box"] = True            # refused: keep the section open, its fields show the messages
            if name:
                # done: the whole form empties (issue 17), set rather than popped (a popped key keeps its text)
                for k in ("un_password", "un_username", "un_name", "un_email"):
                    ss[k] = ""
                for k in ("un_role", "un_muni", "un_sub"):
                    ss[k] = None
                common.flash("success", f"Gebruiker {name} is aangemaakt. Geef het tijdelijke wachtwoord via een "
                                        "ander kanaal door.")
        st.button("Gebruiker aanmaken", type="primary", on_click=_create, key="un_save")

    st.markdown("#### Gebruiker beheren")
    names = [u["username"] for u in users]
    chosen = st.selectbox("Gebruiker", names, index=None, placeholder="Kies een gebruiker", key="ue_pick",
                          format_func=lambda n: f"{n} — {by_name[n]['name']} ({by_name[n]['role_label']})")
    if chosen:
        u = by_name[chosen]
        p = f"ue_{chosen}_"
        with st.container(border=True):
            st.markdown(f"**{common.escape_md(u['name'])}** · {u['role_label']} · "
                        + ("actief" if u["active"] else ":red-badge[gedeactiveerd]")
                        + (f" · :orange-badge[geblokkeerd tot {common.dt(u['locked_until'])}]" if u["locked_until"]
                           else ""))
            c1, c2 = st.columns(2)
            c1.text_input("Naam", value=u["name"], key=p + "name", max_chars=200)
            with c1:
                common.field_error(F_EDIT, "name")
            c2.text_input("E-mailadres", value=u["email"], key=p + "email", max_chars=200)
            with c2:
                common.field_error(F_EDIT, "email")
            roles = list(Role)
            st.selectbox("Rol", roles, index=roles.index(Role(u["role"])), format_func=lambda r: r.label,
                         key=p + "role")
            common.field_error(F_EDIT, "role")
            _scope_widgets(p, ss.get(p + "role"), F_EDIT, u)

            def _update(name=chosen, prefix=p):
                _fresh()
                if common.call(app.users.update_user, actor, name, _form_values(prefix), form=F_EDIT) is None and \
                        not ss.get("errors", {}).get(F_EDIT) and not ss.get("flash"):
                    common.flash("success", f"Gegevens van {name} opgeslagen. Bij een andere rol of werkgebied moet "
                                            "de gebruiker opnieuw inloggen.")
            st.button("Wijzigingen opslaan", on_click=_update, key=p + "save")

        with st.container(border=True):
            st.markdown("**Wachtwoord resetten**")
            st.text_input("Nieuw tijdelijk wachtwoord", type="password", key=p + "pw", autocomplete="new-password",
                          **PW_LIVE)
            common.field_error(F_PW, "password")

            def _reset(name=chosen, key=p + "pw"):
                _fresh()
                if common.call(app.users.reset_password, actor, name, ss.get(key) or "", form=F_PW) is None and \
                        not ss.get("errors", {}).get(F_PW) and not ss.get("flash"):
                    ss[key] = ""
                    common.flash("success", f"Het wachtwoord van {name} is gereset; de gebruiker is uitgelogd en "
                                            "kiest bij de volgende keer inloggen een eigen wachtwoord.")
            st.button("Wachtwoord resetten", on_click=_reset, key=p + "reset")

        c1, c2 = st.columns(2)

        def _active(name=chosen, active=not u["active"]):
            _fresh()
            if common.call(app.users.set_user_active, actor, name, active) is None and not ss.get("flash"):
                common.flash("success", f"{name} is weer actief." if active else
                             f"{name} is gedeactiveerd en wordt bij de volgende klik uitgelogd.")
        c1.button("Weer activeren" if not u["active"] else "Deactiveren", on_click=_active, key=p + "active",
                  type="secondary", icon=":material/person_off:" if u["active"] else ":material/person:")
        if u["locked_until"]:
            def _unlock(name=chosen):
                _fresh()
                if common.call(app.users.unlock_user, actor, name) is None and not ss.get("flash"):
                    common.flash("success", f"{name} kan weer inloggen.")
            c2.button("Blokkade opheffen", on_click=_unlock, key=p + "unlock", icon=":material/lock_open:")

# -- mandates and substitutions -------------------------------------------------------------------------
with tab_mand:
    st.caption("Een hulpofficier van justitie mag alleen ondertekenen met een geldig mandaatbesluit van de "
               "burgemeester (art. 3 Wth); een loco-burgemeester alleen met een geldig vervangingsbesluit. Verlengen "
               "en intrekken kan nooit in mandaat (art. 9 en art. 2 lid 9 Wth).")
    rows = common.call(app.users.mandates, actor) or []
    tables.table(pd.DataFrame([{"Soort": r["kind_label"], "Houder": f"{r['holder_name']} ({r['holder_username']})",
                                "Namens burgemeester van": r["municipality_name"], "Besluit": r["reference"],
                                "Geldig vanaf": r["valid_from"].strftime("%d-%m-%Y"),
                                "Geldig tot en met": r["valid_to"].strftime("%d-%m-%Y") if r["valid_to"] else "onbepaald",
                                "Nu geldig": "ja" if r["valid_today"] else "nee"} for r in rows]))
    with st.container(border=True):
        st.markdown("#### Besluit vastleggen")
        st.radio("Soort", list(MANDATE_KINDS), format_func=MANDATE_KINDS.get, key="md_kind", horizontal=True)
        common.field_error(F_MAN, "kind")
        need = Role.HOVJ if ss.get("md_kind") == "mandaat" else Role.LOCO_BURGEMEESTER
        holders = [u["username"] for u in users if u["role"] == need.value and u["active"]]
        c1, c2 = st.columns(2)
        c1.selectbox("Houder", holders, index=None, key="md_holder", placeholder=f"Kies een {need.label.lower()}",
                     format_func=lambda n: f"{by_name[n]['name']} ({n})")
        with c1:
            common.field_error(F_MAN, "holder_username")
        c2.selectbox("Namens de burgemeester van", list(muni_names), index=None, format_func=muni_names.get,
                     key="md_muni", placeholder="Kies een gemeente")
        with c2:
            common.field_error(F_MAN, "municipality_code")
        st.text_input("Nummer van het besluit", key="md_ref", placeholder="bijv. MB-2026-04", max_chars=200)
        common.field_error(F_MAN, "reference")
        c1, c2 = st.columns(2)
        c1.date_input("Geldig vanaf", key="md_from", value=app.now().date(), format="DD-MM-YYYY")
        with c1:
            common.field_error(F_MAN, "valid_from")
        c2.date_input("Geldig tot en met (leeg = onbepaald)", key="md_to", value=None, format="DD-MM-YYYY")
        with c2:
            common.field_error(F_MAN, "valid_to")

        def _add_mandate():
            _fresh()
            mid = common.call(app.users.add_mandate, actor, {
                "kind": ss.get("md_kind"), "holder_username": ss.get("md_holder"), "municipality_code": ss.get("md_muni"),
                "reference": ss.get("md_ref") or "", "valid_from": ss.get("md_from"), "valid_to": ss.get("md_to")},
                form=F_MAN)
            if mid:
                ss["md_ref"] = ""
                common.flash("success", "Het besluit is vastgelegd.")
        st.button("Vastleggen", type="primary", on_click=_add_mandate, key="md_save")

    current = [r for r in rows if r["valid_to"] is None or r["valid_to"] >= app.now().date()]
    if current:
        with st.container(border=True):
            st.markdown("#### Besluit beëindigen")
            st.selectbox("Besluit", [r["id"] for r in current], key="me_pick", index=None, placeholder="Kies een besluit",
                         format_func=lambda i: next(f"{r['reference']} — {r['holder_name']} voor {r['municipality_name']}"
                                                    for r in current if r["id"] == i))
            st.date_input("Laatste geldige dag", key="me_to", value=date.today(), format="DD-MM-YYYY")
            common.field_error("mandate_end", "valid_to")

            def _end():
                _fresh()
                if ss.get("me_pick") is None:
                    common.flash("error", "Kies eerst het besluit dat u wilt beëindigen.")
                    return
                ended = common.call(app.users.end_mandate, actor, ss["me_pick"], ss.get("me_to"), form="mandate_end")
                if ended is None and not ss.get("flash"):
                    common.flash("success", "Het besluit is beëindigd.")
            st.button("Beëindigen", on_click=_end, key="me_save")

# -- certificates ---------------------------------------------------------------------------------------
with tab_cert:
    signers = common.call(app.users.signer_overview, actor) or []
    src = {"secrets": "secrets.toml", "database": "geüpload", "demo": "demo-CA", "": "—"}
    tables.table(pd.DataFrame([{"Gebruiker": s["username"], "Naam": s["name"], "Rol": s["role_label"],
                                "Certificaat": s["subject"] or "—", "Uitgever": s["issuer"] or "—",
                                "Geldig tot": s["valid_to"].strftime("%d-%m-%Y") if s["valid_to"] else "—",
                                "Bron": src.get(s["source"], s["source"]), "Let op": s["problem"]}
                               for s in signers]))
    names = [s["username"] for s in signers]
    with st.container(border=True):
        st.markdown("#### Certificaat uploaden (PKCS#12)")
        st.selectbox("Ondertekenaar", names, index=None, key="ct_user", placeholder="Kies een ondertekenaar",
                     format_func=lambda n: f"{by_name[n]['name']} ({n})" if n in by_name else n)
        st.file_uploader("Certificaatbestand (.p12 of .pfx)", type=["p12", "pfx"], key="ct_file")
        common.field_error(F_CERT, "p12")
        st.text_input("Wachtwoord van het certificaat (passphrase)", type="password", key="ct_pass",
                      autocomplete="off", **PW_LIVE)
        common.field_error(F_CERT, "passphrase")
        if not demo:
            st.caption("In productie wordt de passphrase niet in de database bewaard: zet haar in "
                       "`.streamlit/secrets.toml` onder `[signers.\"gebruikersnaam\"]`. Zonder die regel start de app "
                       "niet.")

        def _upload():
            _fresh()
            f = ss.get("ct_file")
            if not ss.get("ct_user"):
                common.flash("error", "Kies eerst de ondertekenaar.")
                return
            info = common.call(app.users.upload_certificate, actor, ss["ct_user"], f.getvalue() if f else b"",
                               ss.get("ct_pass") or "", form=F_CERT)
            if info:
                ss["ct_pass"] = ""
                common.flash("success", f"Certificaat van {info['subject']} opgeslagen (uitgegeven door "
                                        f"{info['issuer']}, geldig tot {info['valid_to']:%d-%m-%Y}).")
        st.button("Uploaden en controleren", type="primary", on_click=_upload, key="ct_save")
    if demo:
        with st.container(border=True):
            st.markdown("#### Democertificaat uitgeven")
            st.caption("Alleen in de demo-modus: een certificaat van de lokale demo-CA, niet geldig buiten deze demo.")
            st.selectbox("Ondertekenaar", names, index=None, key="cd_user", placeholder="Kies een ondertekenaar",
                         format_func=lambda n: f"{by_name[n]['name']} ({n})" if n in by_name else n)

            def _issue():
                _fresh()
                if not ss.get("cd_user"):
                    common.flash("error", "Kies eerst de ondertekenaar.")
                    return
                info = common.call(app.users.issue_demo_certificate, actor, ss["cd_user"])
                if info:
                    common.flash("success", f"Democertificaat voor {info['subject']} uitgegeven, geldig tot "
                                            f"{info['valid_to']:%d-%m-%Y}.")
            st.button("Democertificaat uitgeven", on_click=_issue, key="cd_save")

st.markdown("#### Uitgaande e-mail (meldingen)")
box = common.call(app.notifications.outbox, actor) or {"rows": [], "counts": {}}
n = box["counts"]
if n:
    st.markdown(f"{n['total']} e-mails, waarvan {n['sent']} verstuurd en {n['pending']} wachtend"
                + (f" — :red-badge[{n['failing']} mislukt, wordt opnieuw geprobeerd]" if n["failing"] else ""))
waiting = [r for r in box["rows"] if r["sent_at"] is None]
if waiting:
    tables.table(pd.DataFrame([{"Aan": r["recipient_username"], "Onderwerp": r["subject"],
                                "Pogingen": r["attempts"], "Volgende poging": common.dt(r["next_attempt_at"]),
                                "Laatste fout": r["last_error"] or ""} for r in waiting]))
