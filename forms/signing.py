"""Digital signatures on Wth documents: demo CA, signer certificates, PAdES signing and verification.
Implements the signed written decision of art. 2 lid 1 and art. 3 Wth (the burgemeester or his mandate signs).

Offline PAdES B-B with pyHanko (no timestamp authority, no revocation fetching), EC P-256 keys
(RSA-3072 is ~10x slower here, design.md "Known pitfalls"). Every pyHanko call gets an explicit
``ValidationContext`` with the configured trust roots and fetching disabled.

A signed document is never edited (procedure.md section 7): signing returns new bytes (an
incremental update of the input) and the caller stores them with :func:`sha256_hex`.
"""
from __future__ import annotations

import hashlib
import logging
import re
import textwrap
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from io import BytesIO

from asn1crypto import cms as asn1_cms
from asn1crypto import keys as asn1_keys
from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.diff_analysis import ModificationLevel
from pyhanko.sign.validation.errors import SignatureValidationError
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.settings import KeyUsageConstraints
from pyhanko.sign.validation.status import SignatureCoverageLevel
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from pyhanko.pdf_utils import content as pdf_content
from pyhanko.pdf_utils.layout import BoxConstraints
from pyhanko.stamp import StaticStampStyle
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from forms import embedded_font
from forms.embedded_font import FONT_FAMILY
from forms.layout import (
    PAGE_H_MM,
    SIGNATURE_BOX_SIZE_MM,
    MARGIN_MM,
    mm_box_to_points,
    nl_datetime,
)
from procedure.domain.errors import SigningError
from pyhanko.sign.general import SigningError as PyHankoSigningError

log = logging.getLogger(__name__)

CA_VALIDITY = timedelta(days=3652)  # 10 years
SIGNER_VALIDITY = timedelta(days=1096)  # 3 years
# Certificates start a little before "now" so a clock that is slightly behind can still sign.
_BACKDATE = timedelta(hours=1)
_KEY_USAGE = KeyUsageConstraints(key_usage={"non_repudiation", "digital_signature"},
                                 match_all_key_usages=False)


# -- certificates ---------------------------------------------------------------------------------
def _aware_utc(now: datetime) -> datetime:
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError(f"tijdstip zonder tijdzone: {now!r}")
    return now.astimezone(timezone.utc)


def create_demo_ca(common_name: str, now: datetime) -> tuple[bytes, bytes]:
    """Create a self-signed demo certificate authority (EC P-256, 10 years valid).

    For the demo install only: a production install configures real certificates (design.md,
    "Documents and signatures").

    Args:
        common_name: CN of the CA, e.g. "Demo-CA Wth Venlo".
        now: aware datetime; validity runs from ``now - 1 h`` to ``now + 10 years``.
    Returns:
        ``(ca_key_pem, ca_cert_pem)``: unencrypted PKCS#8 private key PEM and certificate PEM.
    Raises:
        ValueError: ``now`` is naive.
    """
    start = _aware_utc(now) - _BACKDATE
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "NL"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Wth-zaaksysteem (demo)"),
        x509.NameAttribute(NameOID.COMMON_NAME, common_name),
    ])
    ski = x509.SubjectKeyIdentifier.from_public_key(key.public_key())
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + CA_VALIDITY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False,
                                     key_encipherment=False, data_encipherment=False,
                                     key_agreement=False, key_cert_sign=True, crl_sign=True,
                                     encipher_only=False, decipher_only=False), critical=True)
        .add_extension(ski, critical=False)
        .sign(key, hashes.SHA256())
    )
    key_pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                serialization.NoEncryption())
    return key_pem, cert.public_bytes(serialization.Encoding.PEM)


def issue_signer_p12(ca_key_pem: bytes, ca_cert_pem: bytes, *, name: str, role: str,
                     municipality: str, passphrase: bytes, now: datetime, kdf_rounds: int | None = None,
                     organisation: str = "") -> bytes:
    """Issue a signing certificate for one person and pack it as PKCS#12 (key, cert, CA cert).

    Subject: CN=<name>, title=<role>, O=<organisation> (default "Gemeente <municipality>"; a police
    officer's certificate names the police, :func:`forms.senders.sender_for_role`), C=NL. EC P-256, 3 years valid,
    key usage digitalSignature + nonRepudiation (what a PAdES signer needs), extended key usage
    document signing.

    Args:
        ca_key_pem, ca_cert_pem: from :func:`create_demo_ca`.
        name: signer's full name, e.g. "R. Janssen".
        role: e.g. "burgemeester" or "hulpofficier van justitie".
        municipality: e.g. "Venlo".
        organisation: the O= attribute; ``""`` = "Gemeente <municipality>".
        passphrase: protects the PKCS#12; ``b""`` gives an unencrypted file (tests only).
        now: aware datetime; validity ``now - 1 h`` .. ``now + 3 years``.
        kdf_rounds: PBKDF2 rounds of the PKCS#12 encryption (AES-256, SHA-256); ``None`` is the
            library's default (strong, ~6 ms to open). Only for a file whose passphrase is stored
            next to it anyway (the demo database), where the rounds protect nothing.
    Returns:
        DER-encoded PKCS#12 bytes.
    Raises:
        ValueError: ``now`` is naive or the CA key/cert PEM cannot be read.
    """
    start = _aware_utc(now) - _BACKDATE
    ca_key = serialization.load_pem_private_key(ca_key_pem, password=None)
    ca_cert = x509.load_pem_x509_certificate(ca_cert_pem)
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([
        x509.NameAttribute(NameOID.COUNTRY_NAME, "NL"),
        x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation or f"Gemeente {municipality}"),
        x509.NameAttribute(NameOID.TITLE, role),
        x509.NameAttribute(NameOID.COMMON_NAME, name),
    ])
    not_after = min(start + SIGNER_VALIDITY, ca_cert.not_valid_after_utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True,
                                     key_encipherment=False, data_encipherment=False,
                                     key_agreement=False, key_cert_sign=False, crl_sign=False,
                                     encipher_only=False, decipher_only=False), critical=True)
        .add_extension(x509.ExtendedKeyUsage([x509.ObjectIdentifier("1.3.6.1.4.1.311.10.3.12")]),
                       critical=False)  # "document signing"
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                       critical=False)
        .sign(ca_key, hashes.SHA256())
    )
    if not passphrase:
        enc = serialization.NoEncryption()
    elif kdf_rounds is None:
        enc = serialization.BestAvailableEncryption(passphrase)
    else:
        enc = (serialization.PrivateFormat.PKCS12.encryption_builder().kdf_rounds(kdf_rounds)
               .key_cert_algorithm(pkcs12.PBES.PBESv2SHA256AndAES256CBC).hmac_hash(hashes.SHA256())
               .build(passphrase))
    return pkcs12.serialize_key_and_certificates(name.encode("utf-8"), key, cert, [ca_cert], enc)


# -- signing --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class SignatureStamp:
    """What the visible signature box shows.

    Attributes:
        signer_name: e.g. "A. de Burgemeester".
        role: e.g. "burgemeester van Venlo".
        municipality: e.g. "Venlo".
        signed_at: aware datetime; shown in Europe/Amsterdam and written as the CMS signing time.
        organisation: the signer's organisation as the stamp names it (:mod:`forms.senders`), e.g.
            "Politie Eenheid Limburg, …" for a police officer; ``""`` means "Gemeente <municipality>".
    """

    signer_name: str
    role: str
    municipality: str
    signed_at: datetime
    organisation: str = ""

    @property
    def organisation_line(self) -> str:
        return self.organisation or f"Gemeente {self.municipality}"


def _wrap(s: str, width: int = 44) -> str:
    return "\n".join(textwrap.wrap(s, width)) or s


class _StampPdf(FPDF):
    """A one-page PDF the size of the signature box, in the documents' own typeface (Liberation Sans)."""

    def set_font(self, family=None, style="", size=0):  # noqa: D102 (fpdf2 API)
        st = "".join(sorted(str(style).upper()))
        if f"{FONT_FAMILY.lower()}{st}" not in self.fonts:
            self.fonts[f"{FONT_FAMILY.lower()}{st}"] = embedded_font.document_font(self, st)
        super().set_font(family, style, size)

    def output(self, *args, **kwargs):  # noqa: D102 (fpdf2 API)
        kwargs.setdefault("output_producer_class", embedded_font.WthOutputProducer)
        return super().output(*args, **kwargs)


def stamp_appearance(stamp: "SignatureStamp", width_pt: float, height_pt: float) -> bytes:
    """The visible signature as a PDF page of ``width_pt`` x ``height_pt`` points: a frame with "Digitaal
    ondertekend door", the name (bold), the role, the organisation and the moment in Dutch — in Liberation
    Sans, the typeface of the document it is placed on (every character the documents print shows)."""
    k = 72.0 / 25.4
    w, h = width_pt / k, height_pt / k
    pdf = _StampPdf(orientation="P", unit="mm", format=(w, h))
    pdf.set_auto_page_break(False)
    pdf.set_margins(2.5, 2, 2.5)
    pdf.set_creation_date(_aware_utc(stamp.signed_at))
    pdf.add_page()
    pdf.set_draw_color(0, 56, 112)
    pdf.set_line_width(0.35)
    pdf.rect(0.3, 0.3, w - 0.6, h - 0.6)
    lines = [("", "Digitaal ondertekend door"), ("B", stamp.signer_name)]
    lines += [("", r) for r in _wrap(stamp.role, 60).split("\n")]
    lines += [("", stamp.organisation_line), ("", f"op {nl_datetime(stamp.signed_at)}")]
    size = 8.5 if len(lines) <= 5 else 7.5
    step = min(4.6, (h - 3) / len(lines))
    pdf.set_y(1.6)
    for style, text in lines:
        pdf.set_font(FONT_FAMILY, style, size)
        pdf.set_x(2.5)
        pdf.cell(w - 5, step, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    return bytes(pdf.output())


class _PdfBytesPage(pdf_content.ImportedPdfPage):
    """pyHanko's imported page, from bytes in memory rather than a file."""

    def __init__(self, data: bytes):
        super().__init__(file_name="", page_ix=0)
        self.data = data

    def render(self) -> bytes:
        w = self._ensure_writer
        xobj = w.import_page_as_xobject(PdfFileReader(BytesIO(self.data)), page_ix=0)
        name = "/ImportStamp"
        self.resources.xobject[name] = xobj
        x1, y1, x2, y2 = xobj.get_object()["/BBox"]
        self.box = BoxConstraints(width=abs(x1 - x2), height=abs(y1 - y2))
        return name.encode("ascii") + b" Do"


# pyHanko sizes the signature placeholder by building a complete trial CMS for every signature
# (about a third of the signing time here). The size depends only on the certificates, the digest
# algorithm and the signed attributes, so it is kept per process for each signer's certificates;
# pyHanko's own estimate (with its 50 % margin) is what is kept.
_SIZE_ESTIMATES: dict[tuple, int] = {}
_SIZE_ESTIMATES_MAX = 256


class _FixedTimePdfSigner(signers.PdfSigner):
    """PdfSigner whose CMS signing time is the stamp's time, not the machine clock, and whose
    signature size estimate is made once per certificate chain per process."""

    def __init__(self, *args, signing_time: datetime, **kwargs):
        super().__init__(*args, **kwargs)
        self._signing_time = signing_time

    def init_signing_session(self, pdf_out, existing_fields_only=False):
        session = super().init_signing_session(pdf_out, existing_fields_only=existing_fields_only)
        session.system_time = self._signing_time
        estimate = session.estimate_signature_container_size
        chain = tuple(c.sha256 for c in [self.signer.signing_cert, *self.signer.cert_registry])
        key = (chain, self.signature_meta.md_algorithm, self.signature_meta.subfilter)

        async def cached_estimate(validation_info, tight=False):
            revinfo = getattr(validation_info, "adobe_revinfo_attr", None)
            if revinfo is not None or session.timestamper is not None:   # sizes that vary per signature
                return await estimate(validation_info, tight=tight)
            k = (*key, tight)
            size = _SIZE_ESTIMATES.get(k)
            if size is None:
                size = await estimate(validation_info, tight=tight)
                if len(_SIZE_ESTIMATES) >= _SIZE_ESTIMATES_MAX:
                    _SIZE_ESTIMATES.clear()
                _SIZE_ESTIMATES[k] = size
            return size

        session.estimate_signature_container_size = cached_estimate
        return session


_XMP_BOX = re.compile(rb'wth:signatureBox="(\d+) (\d+) (\d+) (\d+)"')
_XMP_PAGE = re.compile(rb'wth:signaturePage="(\d+)"')


def _signature_place(reader: PdfFileReader) -> tuple[int, tuple[int, int, int, int]]:
    """(0-based page index, box in points) from the layout's XMP entry; else bottom of last page."""
    pages = int(reader.root["/Pages"]["/Count"])
    try:
        xmp = reader.root["/Metadata"].get_object().data
        box_m, page_m = _XMP_BOX.search(xmp), _XMP_PAGE.search(xmp)
        if box_m and page_m and 1 <= int(page_m.group(1)) <= pages:
            return int(page_m.group(1)) - 1, tuple(int(g) for g in box_m.groups())
    except (KeyError, AttributeError, TypeError):
        pass
    w, h = SIGNATURE_BOX_SIZE_MM
    return pages - 1, mm_box_to_points(MARGIN_MM, PAGE_H_MM - 30 - h, w, h)


def _load_p12(p12: bytes, passphrase: bytes):
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(p12, passphrase or None)
    except ValueError as exc:
        raise SigningError("Het certificaat kon niet worden geopend. Controleer het wachtwoord "
                           "van het certificaat.", field="passphrase") from exc
    except Exception as exc:  # noqa: BLE001 - any other parse failure is an unreadable file
        raise SigningError("Het certificaatbestand is onleesbaar of beschadigd.") from exc
    if key is None or cert is None:
        raise SigningError("Het certificaatbestand bevat geen sleutel of geen certificaat.")
    return key, cert, list(extra or [])


def sign_pdf(pdf: bytes, p12: bytes, passphrase: bytes, stamp: SignatureStamp) -> bytes:
    """Sign a rendered Wth document: PAdES B-B with a visible signature box.

    The box goes where the layout reserved it (XMP ``wth:signatureBox`` on the last page; bottom of
    the last page for other PDFs) and shows "Digitaal ondertekend door", name, role, organisation
    and the date and time in Dutch (Europe/Amsterdam), in the documents' own Liberation Sans
    (:func:`stamp_appearance`). The CMS
    signing time is ``stamp.signed_at``. Signing is an incremental update: the input bytes are an
    exact prefix of the output.

    Args:
        pdf: the unsigned (or already signed) PDF bytes.
        p12: PKCS#12 with the signer's key and certificate (and the CA certificate).
        passphrase: the PKCS#12 passphrase (``b""`` for none).
        stamp: what the visible box shows; ``signed_at`` must be aware.
    Returns:
        The signed PDF bytes.
    Raises:
        SigningError: wrong passphrase, unreadable PKCS#12, a PDF that cannot be signed, or a
            certificate pyHanko refuses (Dutch message for the user).
        ValueError: ``stamp.signed_at`` is naive.
    """
    signed_at = _aware_utc(stamp.signed_at)
    key, cert, extra = _load_p12(p12, passphrase)
    try:
        asn1_cert = asn1_x509.Certificate.load(cert.public_bytes(serialization.Encoding.DER))
        asn1_key = asn1_keys.PrivateKeyInfo.load(key.private_bytes(
            serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption()))
        asn1_extra = [asn1_x509.Certificate.load(c.public_bytes(serialization.Encoding.DER))
                      for c in extra]
        signer = signers.SimpleSigner(signing_cert=asn1_cert, signing_key=asn1_key,
                                      cert_registry=SimpleCertificateStore.from_certs(asn1_extra))
        # Trust the chain in the PKCS#12 itself: this is a sanity check at signing time only;
        # verify_pdf decides trust against the configured roots.
        roots = [c for c in asn1_extra if c.ca] or [asn1_cert]
        vc = ValidationContext(trust_roots=roots, allow_fetching=False,
                               revocation_mode="soft-fail", moment=signed_at)
        writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
        page_index, box = _signature_place(writer.prev)
        existing = sum(1 for _ in fields.enumerate_sig_fields(writer.prev))
        field_name = f"Handtekening{existing + 1}"
        meta = signers.PdfSignatureMetadata(
            field_name=field_name,
            md_algorithm="sha256",
            subfilter=fields.SigSeedSubFilter.PADES,
            name=stamp.signer_name,
            location=stamp.organisation_line,
            reason="Vaststelling besluit Wet tijdelijk huisverbod",
            validation_context=vc,
            signer_key_usage={"non_repudiation"},
        )
        style = StaticStampStyle(background=_PdfBytesPage(stamp_appearance(stamp, box[2] - box[0], box[3] - box[1])),
                                 border_width=0, background_opacity=1.0)
        pdf_signer = _FixedTimePdfSigner(
            meta, signer, stamp_style=style, signing_time=signed_at,
            new_field_spec=fields.SigFieldSpec(sig_field_name=field_name, on_page=page_index,
                                               box=box))
        out = pdf_signer.sign_pdf(writer)
        return out.getvalue()
    except SigningError:
        raise
    except PyHankoSigningError as exc:   # a ValueError subclass: e.g. a certificate not (yet) valid now
        log.warning("PDF signing refused by pyHanko: %s", exc)
        raise SigningError("Uw certificaat kan nu niet worden gebruikt om te ondertekenen (niet of niet meer "
                           "geldig op dit moment). Neem contact op met de beheerder.") from exc
    except ValueError:
        raise
    except Exception as exc:  # noqa: BLE001 - pyHanko raises many types; the user needs one message
        log.exception("PDF signing failed")
        raise SigningError(f"Het document kon niet worden ondertekend: {exc}") from exc


# -- verification ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class VerificationResult:
    """Outcome of :func:`verify_pdf`, ready to show.

    Attributes:
        status: 'geldig', 'ongeldig', 'gewijzigd', 'onbekende_ondertekenaar', 'geen_handtekening'
            or 'onleesbaar'.
        valid: True only for 'geldig'.
        signer_name: CN of the (last) signer's certificate, when a signature could be read.
        signed_at: signing time the signature states (aware), when present.
        message: Dutch sentence for the user.
    """

    status: str
    valid: bool
    signer_name: str | None
    signed_at: datetime | None
    message: str


def _result(status: str, message: str, name: str | None = None,
            when: datetime | None = None) -> VerificationResult:
    return VerificationResult(status=status, valid=status == "geldig", signer_name=name,
                              signed_at=when, message=message)


def _load_roots(trust_roots_pem: list[bytes]) -> list[asn1_x509.Certificate]:
    roots = []
    for pem in trust_roots_pem:
        try:
            for block in re.findall(rb"-----BEGIN CERTIFICATE-----.+?-----END CERTIFICATE-----",
                                    pem, re.S):
                der = x509.load_pem_x509_certificate(block).public_bytes(serialization.Encoding.DER)
                roots.append(asn1_x509.Certificate.load(der))
        except Exception:  # noqa: BLE001 - a bad root is skipped, never trusted
            log.warning("unreadable trust root skipped")
    return roots


def _cn(cert: asn1_x509.Certificate | None) -> str | None:
    if cert is None:
        return None
    try:
        return cert.subject.native.get("common_name")
    except Exception:  # noqa: BLE001
        return None


def verify_pdf(pdf: bytes, trust_roots_pem: list[bytes]) -> VerificationResult:
    """Check every signature in a PDF and say in Dutch whether the document can be relied on.

    Rules (in this order, the first that applies wins):

    - not a PDF, or the file structure cannot be read → 'onleesbaar';
    - no signature → 'geen_handtekening';
    - a signed byte range whose hash no longer matches, or changes after the last signature that
      are not a permitted signature-only update (pyHanko diff analysis), or a signature that does
      not cover its revision → 'gewijzigd';
    - a cryptographically broken signature → 'ongeldig';
    - a certificate that does not chain to one of ``trust_roots_pem`` → 'onbekende_ondertekenaar';
    - any other problem (expired, wrong key usage, DocMDP violation, validation error) → 'ongeldig';
    - otherwise → 'geldig'.

    Certificate validity is checked at the signing time stated in the signature: PAdES B-B has no
    trusted timestamp, so the app's stored SHA-256 and audit trail are the evidence of when a
    document was signed (design.md "Documents and signatures"). Nothing is fetched.

    Args:
        pdf: the PDF bytes as stored.
        trust_roots_pem: PEM certificates of the accepted CAs (several per item allowed).
    Returns:
        A :class:`VerificationResult`; for several signatures the worst outcome, named after the
        last signer when all are good.
    Raises:
        Nothing: every failure becomes a result.
    """
    try:
        return _verify(pdf, trust_roots_pem)
    except Exception:  # noqa: BLE001 - contract: never raise
        log.exception("unexpected error while verifying a PDF")
        return _result("ongeldig", "De handtekening kon niet worden gecontroleerd.")


_ONLEESBAAR = "Het bestand is geen leesbaar PDF-document."
_GEWIJZIGD = "Het document is gewijzigd nadat het is ondertekend. Vertrouw deze versie niet."


def _verify(pdf: bytes, trust_roots_pem: list[bytes]) -> VerificationResult:
    if not isinstance(pdf, (bytes, bytearray)) or b"%PDF-" not in bytes(pdf[:1024]):
        return _result("onleesbaar", _ONLEESBAAR)
    try:
        reader = PdfFileReader(BytesIO(bytes(pdf)), strict=False)
        sigs = list(reader.embedded_regular_signatures)
    except Exception:  # noqa: BLE001 - pyHanko/PdfReadError/struct errors: structure unreadable
        return _result("onleesbaar", _ONLEESBAAR)
    if not sigs:
        try:
            filled = any(value is not None for _, value, _ in fields.enumerate_sig_fields(reader))
        except Exception:  # noqa: BLE001
            filled = True
        if filled:  # a signature value pyHanko cannot use (e.g. a damaged /SubFilter)
            return _result("ongeldig", "Het document bevat een beschadigde handtekening.")
        return _result("geen_handtekening", "Het document is niet digitaal ondertekend.")

    roots = _load_roots(trust_roots_pem)
    outcomes: list[VerificationResult] = []
    for i, sig in enumerate(sigs):
        is_last = i == len(sigs) - 1
        outcomes.append(_check_one(sig, roots, is_last))
    order = ["onleesbaar", "gewijzigd", "ongeldig", "onbekende_ondertekenaar", "geldig"]
    return min(outcomes, key=lambda r: (order.index(r.status), -outcomes.index(r)))


def _contents_pristine(sig) -> bool:
    """The parts of /Contents that the signature itself does not protect must be untouched.

    The hash covers everything except /Contents; inside it, the zero padding after the CMS blob
    and the embedded certificates are not signed. A changed byte there leaves pyHanko's check
    green, but the stored file is no longer the file that was signed: treat it as changed.
    """
    try:
        raw = bytes(sig.sig_object.raw_get("/Contents").original_bytes)
    except Exception:  # noqa: BLE001
        try:
            raw = bytes(sig.sig_object["/Contents"])
        except Exception:  # noqa: BLE001
            return False
    try:
        info = asn1_cms.ContentInfo.load(raw, strict=False)
        der = info.dump()
        if raw[len(der):].strip(b"\x00"):
            return False
        # A lenient parse accepts e.g. a SET tag where DER demands SEQUENCE; the canonical
        # re-encoding must equal the stored bytes exactly.
        if asn1_cms.ContentInfo.load(der).dump(force=True) != der:
            return False
        return _signed_data_canonical(info["content"])
    except Exception:  # noqa: BLE001
        return False


def _signed_data_canonical(sd) -> bool:
    """The unsigned bookkeeping fields of SignedData hold exactly what RFC 5652 prescribes for a
    detached PAdES signature (digest list, versions, no encapsulated content, no stray
    unsigned attributes)."""
    infos = list(sd["signer_infos"])
    if not infos:
        return False
    if {a.dump() for a in sd["digest_algorithms"]} != {i["digest_algorithm"].dump() for i in infos}:
        return False
    encap = sd["encap_content_info"]
    if encap["content_type"].native != "data" or encap["content"].native is not None:
        return False
    for si in infos:
        expected = "v1" if si["sid"].name == "issuer_and_serial_number" else "v3"
        if si["version"].native != expected:
            return False
        unsigned = si["unsigned_attrs"]
        if unsigned.native is not None and any(
                a["type"].native != "signature_time_stamp_token" for a in unsigned):
            return False
    plain = (all(si["version"].native == "v1" for si in infos)
             and all(c.name == "certificate" for c in (sd["certificates"] or [])))
    return sd["version"].native == ("v1" if plain else sd["version"].native) and (
        plain or sd["version"].native in ("v3", "v4", "v5"))


def _embedded_certs_accounted(sig, path) -> bool:
    """Every certificate embedded in the CMS is byte-identical to one on the validated path, or is
    intact (verifiable by one of those or by another embedded certificate).

    Certificates in a CMS blob are not covered by the signature: without this check a damaged
    extra copy of the CA certificate would still read as 'geldig'.
    """
    try:
        embedded = [c.chosen for c in sig.signed_data["certificates"] or []]
        path_certs = list(path.iter_certs(include_root=True)) if path is not None else []
        path_der = {c.dump() for c in path_certs}
        pool = [x509.load_der_x509_certificate(c.dump()) for c in path_certs]
        pool += [x509.load_der_x509_certificate(c.dump()) for c in embedded]
        for cert in embedded:
            der = cert.dump()
            if der in path_der:
                continue
            loaded = x509.load_der_x509_certificate(der)
            if not any(_issued_by(loaded, other) for other in pool):
                return False
    except Exception:  # noqa: BLE001
        return False
    return True


def _issued_by(cert: x509.Certificate, issuer: x509.Certificate) -> bool:
    try:
        cert.verify_directly_issued_by(issuer)
        return True
    except Exception:  # noqa: BLE001
        return False


def _check_one(sig, roots, is_last: bool) -> VerificationResult:
    try:
        cert = sig.signer_cert
    except Exception:  # noqa: BLE001
        cert = None
    name = _cn(cert)
    try:
        when = sig.self_reported_timestamp
    except Exception:  # noqa: BLE001
        when = None
    try:
        sig.compute_integrity_info()
    except Exception:  # noqa: BLE001 - a corrupt byte range or CMS blob
        return _result("gewijzigd", _GEWIJZIGD, name, when)
    if not _contents_pristine(sig):
        return _result("gewijzigd", _GEWIJZIGD, name, when)
    if not roots:
        return _result("onbekende_ondertekenaar", "Er is geen vertrouwde certificaatuitgever "
                       "ingesteld; de ondertekenaar kan niet worden gecontroleerd.", name, when)
    vc = ValidationContext(trust_roots=roots, allow_fetching=False, revocation_mode="soft-fail",
                           moment=when or datetime.now(timezone.utc))
    try:
        st = validate_pdf_signature(sig, signer_validation_context=vc, key_usage_settings=_KEY_USAGE)
    except SignatureValidationError:
        return _result("ongeldig", "De handtekening is ongeldig.", name, when)
    except Exception:  # noqa: BLE001 - e.g. a damaged certificate inside the CMS blob
        log.info("signature could not be validated", exc_info=True)
        return _result("ongeldig", "De handtekening is ongeldig of beschadigd.", name, when)
    name = _cn(st.signing_cert) or name
    when = st.signer_reported_dt or when

    if not st.intact:
        return _result("gewijzigd", _GEWIJZIGD, name, when)
    allowed = ModificationLevel.LTA_UPDATES if is_last else ModificationLevel.FORM_FILLING
    if st.coverage not in (SignatureCoverageLevel.ENTIRE_FILE, SignatureCoverageLevel.ENTIRE_REVISION):
        return _result("gewijzigd", _GEWIJZIGD, name, when)
    if st.coverage != SignatureCoverageLevel.ENTIRE_FILE and (
            st.modification_level is None or st.modification_level > allowed):
        return _result("gewijzigd", _GEWIJZIGD, name, when)
    if not st.valid:
        return _result("ongeldig", "De handtekening is ongeldig: de cryptografische controle "
                       "faalt.", name, when)
    if not st.trusted:
        indic = getattr(st.trust_problem_indic, "name", "")
        if indic in ("NO_CERTIFICATE_CHAIN_FOUND", "NO_CERTIFICATE_CHAIN_FOUND_NO_POE",
                     "CHAIN_CONSTRAINTS_FAILURE"):
            return _result("onbekende_ondertekenaar",
                           "De handtekening is gezet met een certificaat dat niet van een "
                           "vertrouwde uitgever komt.", name, when)
        return _result("ongeldig", "Het certificaat van de ondertekenaar is niet geldig "
                       f"(verlopen, ingetrokken of niet bedoeld voor ondertekenen; {indic}).",
                       name, when)
    if st.docmdp_ok is False:
        return _result("gewijzigd", _GEWIJZIGD, name, when)
    if not st.bottom_line:
        return _result("ongeldig", "De handtekening is ongeldig.", name, when)
    if not _embedded_certs_accounted(sig, st.validation_path):
        return _result("gewijzigd", _GEWIJZIGD, name, when)
    shown = f" op {nl_datetime(when)}" if when else ""
    return _result("geldig", f"Geldige handtekening van {name}{shown}. Het document is niet "
                   "gewijzigd na ondertekening.", name, when)


#: the verdict without who signed or when, for a user who may not read the document's case (issue 11)
_VERDICT_ONLY = {
    "geldig": "De handtekening is geldig en het document is niet gewijzigd na ondertekening.",
    "gewijzigd": _GEWIJZIGD,
    "onbekende_ondertekenaar": "De handtekening is niet gezet met een certificaat van een vertrouwde uitgever.",
    "ongeldig": "De handtekening is ongeldig.",
}


def verdict_only(result: VerificationResult) -> VerificationResult:
    """``result`` without the signer's name, the signing moment or anything quoting them: only the verdict."""
    return _result(result.status, _VERDICT_ONLY.get(result.status, result.message))


def sha256_hex(data: bytes) -> str:
    """SHA-256 of ``data`` as 64 lowercase hex characters (stored beside every signed document)."""
    return hashlib.sha256(data).hexdigest()
