"""Streamlit view of the reconciliation (issue 17, section 3): how Overzicht, Kosten and Tijdsbesparing add up.
Implements no article of the Wth: it shows :class:`costs.reconcile.Reconciliation` (exact counts, no personal data).
"""
from __future__ import annotations

import streamlit as st

from costs.reconcile import Reconciliation
from ui.costs_ui import table


def show_reconciliation(rec: Reconciliation, key: str, heading: bool = True) -> None:
    """The steps from melding to extension for ``rec.year`` and ``rec.scope``, and how each page's number is built
    from them (two tables with CSV/XLSX download; ``key`` makes their download keys unique on the page)."""
    title = f"Hoe de cijfers aansluiten — {rec.scope}, {rec.year}"
    st.subheader(title) if heading else st.markdown(f"**{title}**")
    st.markdown("Drie pagina's tellen verschillende dingen: **Overzicht** en **Statistiek** tellen risicotaxaties en "
                "huisverboden op de maand van de melding (ook de geanonimiseerde historie), **Kosten** telt "
                "procedures (elke geregistreerde zaak, want het tarief geldt per zaak) en **Tijdsbesparing** telt "
                f"huisverboden die in {rec.year} zijn ondertekend. Hieronder dezelfde zaken stap voor stap, exact "
                "geteld (zonder afscherming van kleine aantallen), en hoe elk getal daaruit volgt.")
    c = st.columns(4)
    off = {"delta_color": "off", "delta_arrow": "off", "border": True}
    c[0].metric("Meldingen", rec.procedures, delta="= Kosten: procedures", **off)
    c[1].metric("Risicotaxaties", rec.assessments, delta="met besluit", **off)
    c[2].metric("Huisverboden", rec.orders, delta="besluit huisverbod", **off)
    c[3].metric(f"Ondertekend in {rec.year}", rec.signed_in_year, delta="= Tijdsbesparing", **off)
    steps = rec.steps()
    table(f"Van melding tot verlenging {rec.year}",
          [("label", "Stap", "text"), ("count", "Aantal", "int"), ("used_on", "Gebruikt op", "text")],
          [{"label": s.label.strip(), "count": s.count, "used_on": s.used_on, "how": s.how} for s in steps],
          f"aansluiting_cijfers_{key}")
    st.markdown("**Zo geteld**\n\n" + "\n".join(f"- *{s.label.strip()}* ({s.count}): {s.how}" for s in steps))
    st.markdown(f"**Waar de getallen van de andere pagina's uit bestaan ({rec.year})**\n\n"
                + "\n".join(f"- **{b.label}: {b.count}** {b.how}" for b in rec.bridges()))
    st.caption("Overzicht toont standaard de laatste 12 volle maanden en Statistiek de gekozen periode; kies daar "
               f"januari t/m december {rec.year} om dezelfde getallen te zien (aantallen onder de 5 staan daar als "
               "'< 5').")


def pick_year_and_scope(scope, years: list[int], key: str, scope_label: str = "Weergave") -> tuple[int, list[str] | None]:
    """A year picker and, for a regional manager, a municipality picker side by side.

    Args:
        scope: the actor's :class:`procedure.services.costs.CostScope`.
        years: the years to offer, newest first (the first is chosen when the kept one is gone).
        key: widget key prefix (``<key>_year``, ``<key>_view``).

    Returns:
        (year, codes): ``codes`` is None for the whole scope, else one municipality code.
    """
    ss = st.session_state
    if ss.get(f"{key}_year") not in years:
        ss[f"{key}_year"] = years[0]
    c1, c2 = st.columns([1, 3])
    year = c1.selectbox("Jaar", years, key=f"{key}_year")
    if not scope.regional:
        return year, None
    names = scope.names()
    views = {"": scope.label, **{c: names[c] for c in sorted(scope.codes, key=names.get)}}
    view = c2.selectbox(scope_label, list(views), format_func=views.get, key=f"{key}_view")
    return year, [view] if view else None
