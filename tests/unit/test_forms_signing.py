"""Signing and verification of Wth documents (forms/signing.py): PAdES B-B with pyHanko."""
from __future__ import annotations

import io
import shutil
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pypdf import PdfReader

from forms.documents import render_beschikking_oplegging, render_pv_uitreiking
from forms.samples import AMS, sample_beschikking, sample_uitreiking
from forms.signing import (
    SignatureStamp,
    create_demo_ca,
    issue_signer_p12,
    sha256_hex,
    sign_pdf,
    verify_pdf,
)
from procedure.domain.errors import SigningError

NOW = datetime(2026, 3, 1, 9, 0, tzinfo=AMS)
SIGNED_AT = datetime(2026, 3, 2, 16, 39, tzinfo=AMS)
PASS = b"demo-wachtwoord"
OUTPUT_DIR = Path(__file__).resolve().parents[1] / "output"


@pytest.fixture(scope="session")
def ca():
    return create_demo_ca("Demo-CA Wth Venlo", NOW)


@pytest.fixture(scope="session")
def p12(ca):
    key, cert = ca
    return issue_signer_p12(key, cert, name="A. van den Bürgemeester", role="burgemeester van Venlo",
                            municipality="Venlo", passphrase=PASS, now=NOW)


@pytest.fixture(scope="session")
def stamp():
    return SignatureStamp(signer_name="A. van den Bürgemeester", role="burgemeester van Venlo",
                          municipality="Venlo", signed_at=SIGNED_AT)


@pytest.fixture(scope="session")
def unsigned():
    return render_beschikking_oplegging(sample_beschikking())


@pytest.fixture(scope="session")
def signed(unsigned, p12, stamp):
    return sign_pdf(unsigned, p12, PASS, stamp)


def test_sign_then_verify_is_geldig(signed, unsigned, ca):
    assert signed.startswith(unsigned)  # incremental update: the rendered bytes stay intact
    r = verify_pdf(signed, [ca[1]])
    assert r.status == "geldig" and r.valid
    assert r.signer_name == "A. van den Bürgemeester"
    assert r.signed_at == SIGNED_AT
    assert "Geldige handtekening" in r.message and "2 maart 2026 om 16:39 uur" in r.message


def test_visible_signature_on_last_page(signed):
    reader = PdfReader(io.BytesIO(signed))
    last = reader.pages[-1]
    annots = [a.get_object() for a in last.get("/Annots", [])]
    sig_widgets = [a for a in annots if a.get("/FT") == "/Sig" or a.get("/Parent", {}).get("/FT") == "/Sig"]
    assert sig_widgets, "no signature widget on the last page"
    x1, y1, x2, y2 = (float(v) for v in sig_widgets[0]["/Rect"])
    assert x2 - x1 > 200 and y2 - y1 > 50  # visible, not a zero-size field
    for page in reader.pages[:-1]:
        assert not page.get("/Annots")


def test_pv_signs_and_verifies(p12, stamp, ca):
    signed = sign_pdf(render_pv_uitreiking(sample_uitreiking()), p12, PASS, stamp)
    assert verify_pdf(signed, [ca[1]]).status == "geldig"


def test_sha256_hex():
    assert sha256_hex(b"") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    assert len(sha256_hex(b"x" * 1000)) == 64


def _flip(data: bytes, pos: int) -> bytes:
    b = bytearray(data)
    b[pos] ^= 0x01
    return bytes(b)


def test_flipped_byte_in_content_stream_is_not_geldig(signed, ca):
    start = signed.index(b"stream", signed.index(b"/Contents")) + 20
    r = verify_pdf(_flip(signed, start), [ca[1]])
    assert r.status != "geldig" and not r.valid


def test_flipped_byte_in_signature_value_is_not_geldig(signed, unsigned, ca):
    appended = signed[len(unsigned):]
    hex_start = len(unsigned) + appended.index(b"/Contents <") + len(b"/Contents <")
    hex_len = signed.index(b">", hex_start) - hex_start
    for offset in [10, 200, 600, 1200] + list(range(0, hex_len, 97)):
        b = bytearray(signed)
        b[hex_start + offset] = ord("0") if b[hex_start + offset] != ord("0") else ord("1")
        assert verify_pdf(bytes(b), [ca[1]]).status != "geldig", offset


def test_flipped_byte_anywhere_is_never_geldig(signed, ca):
    n = len(signed)
    for pos in [n // 2, n // 3, 2 * n // 3] + list(range(100, n, n // 40)):
        assert verify_pdf(_flip(signed, pos), [ca[1]]).status != "geldig", pos


def test_middle_flip_is_reported_as_gewijzigd(signed, ca):
    assert verify_pdf(_flip(signed, len(signed) // 3), [ca[1]]).status == "gewijzigd"


def test_appended_non_signature_update_is_gewijzigd(signed, ca):
    w = IncrementalPdfFileWriter(io.BytesIO(signed))
    w.root["/Wijziging"] = generic.TextStringObject("achteraf aangepast")
    w.update_root()
    out = io.BytesIO()
    w.write(out)
    r = verify_pdf(out.getvalue(), [ca[1]])
    assert r.status == "gewijzigd" and not r.valid


def test_second_signature_keeps_document_geldig(signed, ca):
    key, cert = ca
    p12b = issue_signer_p12(key, cert, name="B. Tweede", role="loco-burgemeester van Venlo",
                            municipality="Venlo", passphrase=PASS, now=NOW)
    twice = sign_pdf(signed, p12b, PASS, SignatureStamp("B. Tweede", "loco-burgemeester van Venlo",
                                                        "Venlo", SIGNED_AT + timedelta(minutes=5)))
    r = verify_pdf(twice, [cert])
    assert r.status == "geldig", r
    assert r.signer_name == "B. Tweede"


def test_foreign_ca_is_onbekende_ondertekenaar(unsigned, stamp, ca):
    other_key, other_cert = create_demo_ca("Andere CA", NOW)
    foreign = issue_signer_p12(other_key, other_cert, name="Iemand Anders", role="burgemeester",
                               municipality="Elders", passphrase=PASS, now=NOW)
    signed = sign_pdf(unsigned, foreign, PASS, stamp)
    r = verify_pdf(signed, [ca[1]])
    assert r.status == "onbekende_ondertekenaar" and not r.valid
    assert r.signer_name == "Iemand Anders"


def test_no_trust_roots_is_onbekende_ondertekenaar(signed):
    assert verify_pdf(signed, []).status == "onbekende_ondertekenaar"


def test_unsigned_is_geen_handtekening(unsigned, ca):
    r = verify_pdf(unsigned, [ca[1]])
    assert r.status == "geen_handtekening" and not r.valid and r.signer_name is None


@pytest.mark.parametrize("data", [b"", b"garbage bytes, geen pdf", b"%PDF-1.7\n\x00\x01 kapot", b"\x89PNG\r\n"])
def test_garbage_is_onleesbaar(data, ca):
    r = verify_pdf(data, [ca[1]])
    assert r.status == "onleesbaar" and not r.valid


def test_truncated_signed_pdf_is_not_geldig(signed, ca):
    assert verify_pdf(signed[: len(signed) - 500], [ca[1]]).status != "geldig"


def test_wrong_passphrase_raises_signing_error(unsigned, p12, stamp):
    with pytest.raises(SigningError) as e:
        sign_pdf(unsigned, p12, b"fout", stamp)
    assert "wachtwoord" in e.value.message


def test_unreadable_p12_raises_signing_error(unsigned, stamp):
    with pytest.raises(SigningError):
        sign_pdf(unsigned, b"geen pkcs12", PASS, stamp)


def test_certificate_subject(ca, p12):
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID
    key, cert, extra = pkcs12.load_key_and_certificates(p12, PASS)
    subj = cert.subject
    assert subj.get_attributes_for_oid(NameOID.COMMON_NAME)[0].value == "A. van den Bürgemeester"
    assert subj.get_attributes_for_oid(NameOID.TITLE)[0].value == "burgemeester van Venlo"
    assert subj.get_attributes_for_oid(NameOID.ORGANIZATION_NAME)[0].value == "Gemeente Venlo"
    assert len(extra) == 1
    assert (cert.not_valid_after_utc - cert.not_valid_before_utc).days in (1095, 1096)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler's pdftoppm is not installed")
def test_signed_last_page_renders_to_png(signed):
    OUTPUT_DIR.mkdir(parents=True, exist_ok=True)
    src = OUTPUT_DIR / "beschikking_ondertekend.pdf"
    src.write_bytes(signed)
    n = len(PdfReader(io.BytesIO(signed)).pages)
    subprocess.run(["pdftoppm", "-r", "50", "-png", "-f", str(n), "-l", str(n), str(src),
                    str(OUTPUT_DIR / "beschikking_ondertekend")], check=True, capture_output=True,
                   timeout=60)
    assert list(OUTPUT_DIR.glob("beschikking_ondertekend-*.png"))


def test_outer_cms_tag_changed_is_not_geldig(signed, ca):
    # "30 82 ..." (SEQUENCE) -> "31 82 ..." (SET): outside what the signature covers, but still a change
    pos = signed.index(b"/Contents <") + len(b"/Contents <") + 1
    assert signed[pos:pos + 1] == b"0"
    assert verify_pdf(_flip(signed, pos), [ca[1]]).status != "geldig"
