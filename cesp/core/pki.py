"""A throw-away certificate authority for the demo and the tests.

Production never uses this module: there, the platform's sealing key and certificate (and the CA that
issued them) come from configuration (``SIGNING_KEY_FILE``, ``SIGNING_CERT_FILE``,
``SIGNING_CA_CERT_FILE``; see ``docs/signature.md``). In the demo, ``python manage.py create_demo_ca``
writes the same files under ``var/pki/`` so that contracts are sealed exactly as in production, only by
a CA nobody else trusts.

Keys are ECDSA P-256 (accepted by ANSSI's RGS and by every PAdES validator); private keys are written
with 0600 permissions, certificates with 0644.
"""

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID, ObjectIdentifier

CA_COMMON_NAME = "CESP Démo — Autorité racine"
SEAL_COMMON_NAME = "Plateforme CESP — cachet"
DEMO_ORGANISATION = "Plateforme CESP (démonstration)"
CA_VALIDITY_DAYS = 3652  # ten years
SEAL_VALIDITY_DAYS = 1826  # five years, inside the CA's lifetime

# RFC 9336 id-kp-documentSigning; cryptography has no constant for it yet.
DOCUMENT_SIGNING = ObjectIdentifier("1.3.6.1.5.5.7.3.36")


@dataclass(frozen=True)
class PkiFiles:
    """Where the demo PKI lives. ``ca_key`` is only needed to issue certificates, never to seal."""

    ca_cert: Path
    ca_key: Path
    cert: Path
    key: Path

    @classmethod
    def from_settings(cls) -> "PkiFiles":
        from django.conf import settings

        ca_cert = Path(settings.SIGNING_CA_CERT_FILE)
        return cls(
            ca_cert=ca_cert,
            ca_key=ca_key_path_for(ca_cert),
            cert=Path(settings.SIGNING_CERT_FILE),
            key=Path(settings.SIGNING_KEY_FILE),
        )

    def all(self) -> tuple[Path, ...]:
        return (self.ca_cert, self.ca_key, self.cert, self.key)


def ca_key_path_for(ca_cert: Path) -> Path:
    """The demo CA's key sits next to its certificate: ``ca.pem`` → ``ca.key.pem``."""
    name = ca_cert.name.removesuffix(".pem").removesuffix(".crt")
    return ca_cert.with_name(f"{name}.key.pem")


@dataclass(frozen=True)
class CreatedPki:
    files: PkiFiles
    created: bool  # False when every file was already there and kept


def _name(common_name: str, organisation: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "FR"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _new_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def issue_ca(
    *,
    common_name: str = CA_COMMON_NAME,
    organisation: str = DEMO_ORGANISATION,
    days: int = CA_VALIDITY_DAYS,
    now: dt.datetime | None = None,
) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    """A self-signed root CA that may only issue end-entity certificates (path length 0)."""
    now = now or dt.datetime.now(dt.UTC)
    key = _new_key()
    name = _name(common_name, organisation)
    public_key = key.public_key()
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=False,
                content_commitment=False,
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=True,
                crl_sign=True,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .sign(key, hashes.SHA256())
    )
    return key, cert


def issue_seal_certificate(
    ca_key: ec.EllipticCurvePrivateKey,
    ca_cert: x509.Certificate,
    *,
    common_name: str = SEAL_COMMON_NAME,
    organisation: str = DEMO_ORGANISATION,
    days: int = SEAL_VALIDITY_DAYS,
    now: dt.datetime | None = None,
) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    """An electronic-seal certificate.

    keyUsage digitalSignature + nonRepudiation, extendedKeyUsage documentSigning + emailProtection.
    """
    now = now or dt.datetime.now(dt.UTC)
    key = _new_key()
    public_key = key.public_key()
    not_after = min(now + dt.timedelta(days=days), ca_cert.not_valid_after_utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(_name(common_name, organisation))
        .issuer_name(ca_cert.subject)
        .public_key(public_key)
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(not_after)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True,
                content_commitment=True,  # nonRepudiation
                key_encipherment=False,
                data_encipherment=False,
                key_agreement=False,
                key_cert_sign=False,
                crl_sign=False,
                encipher_only=False,
                decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(
            x509.ExtendedKeyUsage([DOCUMENT_SIGNING, ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(public_key), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA256())
    )
    return key, cert


def key_to_pem(key: ec.EllipticCurvePrivateKey, passphrase: str | None = None) -> bytes:
    encryption = (
        serialization.BestAvailableEncryption(passphrase.encode())
        if passphrase
        else serialization.NoEncryption()
    )
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, encryption)


def cert_to_pem(cert: x509.Certificate) -> bytes:
    return cert.public_bytes(serialization.Encoding.PEM)


def write_private(path: Path, data: bytes) -> None:
    """Write a secret readable by its owner only (0600) whatever the umask, never readable by others."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    try:
        os.fchmod(fd, 0o600)
        os.write(fd, data)
    finally:
        os.close(fd)


def write_public(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    path.chmod(0o644)


def _load_key(path: Path, passphrase: str | None) -> ec.EllipticCurvePrivateKey:
    return serialization.load_pem_private_key(path.read_bytes(), passphrase.encode() if passphrase else None)


def create_demo_pki(
    files: PkiFiles,
    *,
    passphrase: str | None = None,
    force: bool = False,
    ca_common_name: str = CA_COMMON_NAME,
    seal_common_name: str = SEAL_COMMON_NAME,
    organisation: str = DEMO_ORGANISATION,
) -> CreatedPki:
    """Create the demo CA and the platform's sealing certificate; idempotent.

    Existing files are kept unless ``force``: when the CA and its key exist but the sealing key or
    certificate is missing, a new sealing certificate is issued by the existing CA (documents sealed
    before stay valid). ``passphrase`` encrypts the sealing key (``SIGNING_KEY_PASSPHRASE``).
    """
    if not force and all(path.exists() for path in files.all()):
        # Keep everything, but a key left world-readable by hand is put back to 0600.
        for path in (files.key, files.ca_key):
            path.chmod(0o600)
        return CreatedPki(files=files, created=False)

    if force or not (files.ca_cert.exists() and files.ca_key.exists()):
        ca_key, ca_cert = issue_ca(common_name=ca_common_name, organisation=organisation)
        write_private(files.ca_key, key_to_pem(ca_key))
        write_public(files.ca_cert, cert_to_pem(ca_cert))
    else:
        ca_key = _load_key(files.ca_key, None)
        ca_cert = x509.load_pem_x509_certificate(files.ca_cert.read_bytes())

    key, cert = issue_seal_certificate(
        ca_key, ca_cert, common_name=seal_common_name, organisation=organisation
    )
    write_private(files.key, key_to_pem(key, passphrase))
    write_public(files.cert, cert_to_pem(cert))
    return CreatedPki(files=files, created=True)
