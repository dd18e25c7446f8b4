"""verify() tells a role without access to the case only whether the signature is valid — not the case, the
document, the signer or the moment (issue 11, point 3)."""
from __future__ import annotations

from tests.conftest import walk


def test_verify_shows_signer_and_case_only_to_who_may_read_the_case(app, actors):
    case_id = walk(app, actors, until="signed")
    mayor = actors["burgemeester.venlo"]
    doc = next(d for d in app.documents.documents(mayor, case_id) if d["signed"])
    meta, pdf = app.documents.document_bytes(mayor, doc["id"])
    signer = app.documents.verify(mayor, pdf)[0].signer_name
    assert signer                                             # the test has something to hide
    result, known = app.documents.verify(mayor, pdf)
    assert result.valid and known["id"] == doc["id"] and known["case_id"] == case_id and result.signed_at
    for outsider in ("politie.midden", "burgemeester.roermond", "beleid.regio", "manager.regio", "beheer"):
        r, k = app.documents.verify(actors[outsider], pdf)
        assert r.valid and r.status == "geldig", outsider
        assert k is None and r.signer_name is None and r.signed_at is None, outsider
        for secret in (signer, case_id, doc["id"], "Voorbeeld"):
            assert secret not in r.message, (outsider, r.message)
    # a changed copy: the verdict, still nothing about who signed
    changed = pdf.replace(b"/Producer", b"/Producex", 1) if b"/Producer" in pdf else pdf[:-10] + b"%%EOF\n% x\n"
    r, k = app.documents.verify(actors["politie.midden"], changed)
    assert not r.valid and r.signer_name is None and k is None and signer not in r.message
