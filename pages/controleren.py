"""Handtekening controleren: upload any PDF and see whether it carries a valid signature of this installation.
Implements no article itself: it shows that a decision of art. 2 or 9 Wth is the one that was signed.
"""
import streamlit as st

from ui import common

TXT = {"title": "Handtekening controleren", "sub": "Upload een PDF. U ziet of hij is ondertekend door een bekende "
       "ondertekenaar van deze installatie en of hij daarna is gewijzigd.", "upload": "PDF-bestand"}
app = common.app()
actor = common.actor()
common.header(TXT["title"], TXT["sub"])
up = st.file_uploader(TXT["upload"], type=["pdf"], accept_multiple_files=False)
if up is not None:
    data = up.getvalue()
    res = common.call(app.documents.verify, actor, data)
    common.show_flash()
    if res:
        result, known = res
        box = st.success if result.valid else (st.warning if result.status == "geen_handtekening" else st.error)
        box(common.escape_md(result.message))
        if result.signer_name:
            st.markdown(f"**Ondertekenaar:** {common.escape_md(result.signer_name)}  \n"
                        f"**Moment van ondertekening:** {common.dt(result.signed_at)}")
        if not known and result.status not in ("geen_handtekening", "onleesbaar"):
            st.caption("Wie ondertekende en bij welke zaak het document hoort, ziet alleen wie toegang heeft tot die "
                       "zaak.")
        if known:
            st.caption(f"Dit bestand is identiek aan document {known['id']} in het dossier.")
            if known.get("replaced_by"):
                st.warning(f"Let op: dit besluit is vervangen door herstelbesluit {known['replaced_by']}. De "
                           "handtekening is echt, maar voor de inhoud geldt de nieuwe versie.")
