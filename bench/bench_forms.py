"""Benchmark: render and render+sign per Wth document (median of 20). Not part of the test run.

Run: python bench/bench_forms.py   (target: render+sign < 0.3 s per document)
"""
from __future__ import annotations

import statistics
import sys
import time
from datetime import datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from forms.content import Correction
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
from procedure.rihg import load_catalogue  # noqa: E402
from forms.signing import (  # noqa: E402
    SignatureStamp, create_demo_ca, issue_signer_p12, sign_pdf, verify_pdf)

RUNS = 20
NOW = datetime(2026, 3, 1, 9, 0, tzinfo=AMS)


def median_seconds(fn, runs: int = RUNS) -> float:
    fn()  # warm-up: font parsing, imports
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ca_key, ca_cert = create_demo_ca("Bench-CA", NOW)
    p12 = issue_signer_p12(ca_key, ca_cert, name="A. Burgemeester", role="burgemeester van Venlo",
                           municipality="Venlo", passphrase=b"bench", now=NOW)
    stamp = SignatureStamp("A. Burgemeester", "burgemeester van Venlo", "Venlo", NOW)
    long_facts = "\n\n".join(" ".join(f"woord{i}" for i in range(j, j + 250))
                             for j in range(0, 5000, 250))
    docs = {
        "beschikking oplegging": lambda: render_beschikking_oplegging(sample_beschikking()),
        "beschikking, 5.000 woorden feiten": lambda: render_beschikking_oplegging(
            sample_beschikking(facts=long_facts)),
        "herstelbesluit": lambda: render_beschikking_oplegging(sample_beschikking(correction=Correction(
            "HV-2026-0007-OPL-v1", NOW, (("Achternaam", "de Fries", "de Vries"),), "Naam verkeerd overgenomen."),
            version=2, document_id="HV-2026-0007-OPL-v2")),
        "proces-verbaal uitreiking": lambda: render_pv_uitreiking(sample_uitreiking()),
        "beschikking verlenging": lambda: render_beschikking_verlenging(sample_verlenging()),
        "beschikking intrekking": lambda: render_beschikking_intrekking(sample_intrekking()),
        "RiHG-rapport": lambda: render_rihg_report(sample_rihg_report()),
        "RiHG-rapport, 20 signalen": lambda: render_rihg_report(
            sample_rihg_report_full(load_catalogue())),
        "melding Veilig Thuis": lambda: render_veilig_thuis_notice(sample_veilig_thuis_notice()),
    }
    # Information letters and the merged dossier carry no signature: render only.
    dossier_parts = [render_rihg_report(sample_rihg_report_full(load_catalogue())),
                     render_pv_uitreiking(sample_uitreiking()),
                     render_beschikking_oplegging(sample_beschikking(is_draft=True))]
    unsigned = {
        "informatie uithuisgeplaatste": lambda: render_info_uithuisgeplaatste(
            sample_info_uithuisgeplaatste()),
        "informatie achterblijvers": lambda: render_info_achterblijvers(sample_info_achterblijvers()),
        "dossier burgemeester (1+5+2+3 p.)": lambda: render_dossier(sample_dossier(), dossier_parts),
    }
    rows = []
    for label, render in docs.items():
        pdf = render()
        signed = sign_pdf(pdf, p12, b"bench", stamp)
        assert verify_pdf(signed, [ca_cert]).status == "geldig"
        r = median_seconds(render)
        rs = median_seconds(lambda: sign_pdf(render(), p12, b"bench", stamp))
        v = median_seconds(lambda: verify_pdf(signed, [ca_cert]))
        rows.append((label, len(pdf) // 1024, r, rs, v))
    for label, render in unsigned.items():
        rows.append((label, len(render()) // 1024, median_seconds(render), None, None))
    print(f"median of {RUNS} runs, seconds")
    print(f"{'document':<36}{'KiB':>6}{'render':>10}{'render+sign':>13}{'verify':>9}")
    for label, kib, r, rs, v in rows:
        if rs is None:
            print(f"{label:<36}{kib:>6}{r:>10.3f}{'—':>13}{'—':>9}")
            continue
        flag = "" if rs < 0.3 else "  > 0.3 s target"
        print(f"{label:<36}{kib:>6}{r:>10.3f}{rs:>13.3f}{v:>9.3f}{flag}")


if __name__ == "__main__":
    main()
