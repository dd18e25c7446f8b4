"""Benchmark: render and render+sign per Wth document (median of 20), against a floor measured in the same run.
Implements no article of the Wth: measures the documents of art. 2 and 9. Not part of the test run.

Run: python bench/bench_forms.py

Floor: a one-page PDF with one line of text in the same embedded TrueType font (Liberation Sans,
fpdf2's default path: ``add_font`` parses the TTF, ``output`` subsets and embeds it), i.e. the least
any fpdf2 document with this font costs on this machine right now; measured again right before each
document, so both sides of a ratio see the same load on this shared machine. Targets (issue 12, reported, not
asserted): render ≤ 2× the floor and render + sign ≤ 0.1 s for each standard document. The 5.000-word
beschikking is a stress case and the dossier a bundle of other documents; both are shown, not targeted.

The documents run in this process after a warm-up, so the per-process font cache
(``forms.embedded_font``) is filled; what the first document of a new process costs is measured
separately, in a fresh interpreter.
"""
from __future__ import annotations

import statistics
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from fpdf import FPDF  # noqa: E402

from forms.content import Correction  # noqa: E402
from forms.documents import (  # noqa: E402
    render_beschikking_intrekking,
    render_beschikking_oplegging,
    render_beschikking_verlenging,
    render_dossier,
    render_info_achterblijvers,
    render_info_uithuisgeplaatste,
    render_pv_uitreiking,
    render_rihg_report,
    render_veilig_thuis_notice,
)
from forms.embedded_font import FONT_DIR, FONT_FILES  # noqa: E402
from forms.samples import (  # noqa: E402
    AMS,
    sample_beschikking,
    sample_dossier,
    sample_info_achterblijvers,
    sample_info_uithuisgeplaatste,
    sample_intrekking,
    sample_rihg_report,
    sample_rihg_report_full,
    sample_uitreiking,
    sample_verlenging,
    sample_veilig_thuis_notice,
)
from forms.signing import (  # noqa: E402
    SignatureStamp, create_demo_ca, issue_signer_p12, sign_pdf, verify_pdf)
from procedure.domain.rihg import load_catalogue  # noqa: E402

RUNS = 20
NOW = datetime(2026, 3, 1, 9, 0, tzinfo=AMS)
RENDER_TARGET = 2.0      # × floor
RENDER_SIGN_TARGET = 0.1  # seconds


def median_seconds(fn, runs: int = RUNS) -> float:
    fn()  # warm-up
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def floor_pdf() -> bytes:
    """The floor: one page, one line, Liberation Sans embedded the way fpdf2 does it by default."""
    pdf = FPDF(unit="mm", format="A4")
    pdf.add_font("LiberationSans", "", str(FONT_DIR / FONT_FILES[""]))
    pdf.add_page()
    pdf.set_font("LiberationSans", "", 10.5)
    pdf.cell(0, 5, "Beschikking tijdelijk huisverbod — gemeente Venlo")
    return bytes(pdf.output())


_FIRST_DOCUMENT = """
import sys, time
sys.path.insert(0, {root!r})
from forms.documents import render_beschikking_oplegging
from forms.samples import sample_beschikking
c = sample_beschikking()
t = time.perf_counter(); render_beschikking_oplegging(c); first = time.perf_counter() - t
t = time.perf_counter(); render_beschikking_oplegging(c); second = time.perf_counter() - t
print(first, second)
"""


def first_document_in_new_process() -> tuple[float, float]:
    """(first, second) render of the beschikking in a fresh interpreter, median of 3 processes."""
    runs = []
    for _ in range(3):
        out = subprocess.run([sys.executable, "-c", _FIRST_DOCUMENT.format(root=str(ROOT))],
                             capture_output=True, text=True, check=True).stdout.split()
        runs.append((float(out[0]), float(out[1])))
    return statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs)


def main() -> None:
    ca_key, ca_cert = create_demo_ca("Bench-CA", NOW)
    p12 = issue_signer_p12(ca_key, ca_cert, name="A. Burgemeester", role="burgemeester van Venlo",
                           municipality="Venlo", passphrase=b"bench", now=NOW)
    stamp = SignatureStamp("A. Burgemeester", "burgemeester van Venlo", "Venlo", NOW)
    long_facts = "\n\n".join(" ".join(f"woord{i}" for i in range(j, j + 250))
                             for j in range(0, 5000, 250))
    # (label, render, standard document?)
    docs = [
        ("beschikking oplegging", lambda: render_beschikking_oplegging(sample_beschikking()), True),
        ("beschikking, 5.000 woorden feiten", lambda: render_beschikking_oplegging(
            sample_beschikking(facts=long_facts)), False),
        ("herstelbesluit", lambda: render_beschikking_oplegging(sample_beschikking(correction=Correction(
            "HV-2026-0007-OPL-v1", NOW, (("Achternaam", "de Fries", "de Vries"),), "Naam verkeerd overgenomen."),
            version=2, document_id="HV-2026-0007-OPL-v2")), True),
        ("proces-verbaal uitreiking", lambda: render_pv_uitreiking(sample_uitreiking()), True),
        ("beschikking verlenging", lambda: render_beschikking_verlenging(sample_verlenging()), True),
        ("beschikking intrekking", lambda: render_beschikking_intrekking(sample_intrekking()), True),
        ("RiHG-rapport", lambda: render_rihg_report(sample_rihg_report()), True),
        ("RiHG-rapport, 20 signalen", lambda: render_rihg_report(
            sample_rihg_report_full(load_catalogue())), True),
        ("melding Veilig Thuis", lambda: render_veilig_thuis_notice(sample_veilig_thuis_notice()), True),
    ]
    # Information letters and the merged dossier carry no signature: render only.
    dossier_parts = [render_rihg_report(sample_rihg_report_full(load_catalogue())),
                     render_pv_uitreiking(sample_uitreiking()),
                     render_beschikking_oplegging(sample_beschikking(is_draft=True))]
    unsigned = [
        ("informatie uithuisgeplaatste", lambda: render_info_uithuisgeplaatste(
            sample_info_uithuisgeplaatste()), True),
        ("informatie achterblijvers", lambda: render_info_achterblijvers(sample_info_achterblijvers()), True),
        ("dossier burgemeester (1+5+2+3 p.)", lambda: render_dossier(sample_dossier(), dossier_parts), False),
    ]

    # The floor is measured again right before each document, so a change in the machine's load (it is
    # shared) moves both sides of each ratio alike.
    rows = []
    for label, render, standard in docs:
        pdf = render()
        signed = sign_pdf(pdf, p12, b"bench", stamp)
        assert verify_pdf(signed, [ca_cert]).status == "geldig"
        f = median_seconds(floor_pdf)
        r = median_seconds(render)
        rs = median_seconds(lambda: sign_pdf(render(), p12, b"bench", stamp))
        v = median_seconds(lambda: verify_pdf(signed, [ca_cert]))
        rows.append((label, standard, len(pdf) // 1024, f, r, rs, v))
    for label, render, standard in unsigned:
        f = median_seconds(floor_pdf)
        rows.append((label, standard, len(render()) // 1024, f, median_seconds(render), None, None))
    first, second = first_document_in_new_process()
    floors = [row[3] for row in rows]

    print(f"median of {RUNS} runs, seconds; floor = one-page PDF with Liberation Sans embedded by fpdf2, measured "
          f"right before each document: {min(floors):.4f}–{max(floors):.4f} s")
    print(f"{'document':<36}{'KiB':>5}{'floor':>8}{'render':>9}{'× floor':>9}{'render+sign':>13}{'verify':>8}  target")
    misses = 0
    for label, standard, kib, floor, r, rs, v in rows:
        ratio = r / floor
        if not standard:
            verdict = "(no target)"
        else:
            miss = ratio > RENDER_TARGET or (rs is not None and rs > RENDER_SIGN_TARGET)
            misses += miss
            verdict = "MISSED" if miss else "ok"
        rs_text = "—" if rs is None else f"{rs:.3f}"
        v_text = "—" if v is None else f"{v:.3f}"
        print(f"{label:<36}{kib:>5}{floor:>8.4f}{r:>9.3f}{ratio:>9.2f}{rs_text:>13}{v_text:>8}  {verdict}")
    standard_rows = [row for row in rows if row[1]]
    print(f"standard documents: max render {max(r[4] / r[3] for r in standard_rows):.2f}× floor "
          f"(target ≤ {RENDER_TARGET:.0f}×), max render+sign "
          f"{max(r[5] for r in standard_rows if r[5] is not None):.3f} s (target ≤ {RENDER_SIGN_TARGET} s); "
          f"{misses} missed")
    print(f"first beschikking in a new process (fonts parsed, programs cut): {first:.3f} s; "
          f"second: {second:.3f} s")


if __name__ == "__main__":
    main()
