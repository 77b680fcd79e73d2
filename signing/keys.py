"""Keys and X.509 certificates (``cryptography``): the deployment's root CA, a body's certificate
issued by it, and an office's own PKCS#12 file read and checked before it is stored."""

import datetime as dt
import hashlib
from dataclasses import dataclass

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import NameOID
from django.core.exceptions import ValidationError

CA_YEARS, CERT_YEARS = 20, 5
RSA_BITS = 2048  # poppler, Adobe Reader and pyHanko all verify RSA-2048 with SHA-256


@dataclass
class KeyPair:
    cert: x509.Certificate
    key: rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey
    chain: list[x509.Certificate]


def _name(common: str, org: str) -> x509.Name:
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, org[:64]),
                      x509.NameAttribute(NameOID.COMMON_NAME, common[:64])])


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(microsecond=0)


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=RSA_BITS)


def make_ca(name: str) -> KeyPair:
    key = new_key()
    subject = _name(name, name)
    now = _now()
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=365 * CA_YEARS))
            .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=False, content_commitment=False, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=True,
                                         crl_sign=True, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .sign(key, hashes.SHA256()))
    return KeyPair(cert, key, [])


def issue(ca: KeyPair, common: str) -> KeyPair:
    """A signing certificate for a body, issued by the deployment's CA."""
    key = new_key()
    now = _now()
    cert = (x509.CertificateBuilder().subject_name(_name(common, common)).issuer_name(ca.cert.subject)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(minutes=5)).not_valid_after(now + dt.timedelta(days=365 * CERT_YEARS))
            .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(digital_signature=True, content_commitment=True, key_encipherment=False,
                                         data_encipherment=False, key_agreement=False, key_cert_sign=False,
                                         crl_sign=False, encipher_only=False, decipher_only=False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
            .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca.key.public_key()), critical=False)
            .sign(ca.key, hashes.SHA256()))
    return KeyPair(cert, key, [ca.cert])


def read_pkcs12(data: bytes, password: str) -> KeyPair:
    """An office's own certificate and key; refused with a Chinese reason when it cannot sign."""
    try:
        key, cert, extra = pkcs12.load_key_and_certificates(data, password.encode() or None)
    except ValueError:
        raise ValidationError("无法读取该证书文件：文件不是 PKCS#12（.p12/.pfx）格式，或密码不正确。") from None
    if key is None or cert is None:
        raise ValidationError("证书文件中没有私钥或证书，不能用于签名。")
    if not isinstance(key, (rsa.RSAPrivateKey, ec.EllipticCurvePrivateKey)):
        raise ValidationError("只支持 RSA 或椭圆曲线（ECDSA）密钥的证书。")
    if key.public_key().public_numbers() != cert.public_key().public_numbers():
        raise ValidationError("证书与私钥不匹配。")
    now = _now()
    if not (cert.not_valid_before_utc <= now <= cert.not_valid_after_utc):
        raise ValidationError("证书不在有效期内。")
    try:
        usage = cert.extensions.get_extension_for_class(x509.KeyUsage).value
        if not (usage.digital_signature or usage.content_commitment):
            raise ValidationError("该证书的密钥用途不包括数字签名。")
    except x509.ExtensionNotFound:
        pass
    return KeyPair(cert, key, list(extra or []))


def cert_pem(cert: x509.Certificate) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode()


def chain_pem(certs: list[x509.Certificate]) -> str:
    return "".join(cert_pem(c) for c in certs)


def key_der(key) -> bytes:
    return key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())


def load_cert(pem: str) -> x509.Certificate:
    return x509.load_pem_x509_certificate(pem.encode())


def load_chain(pem: str) -> list[x509.Certificate]:
    return x509.load_pem_x509_certificates(pem.encode()) if pem.strip() else []


def load_key(der: bytes):
    return serialization.load_der_private_key(der, password=None)


def fingerprint(cert: x509.Certificate) -> str:
    return hashlib.sha256(cert.public_bytes(serialization.Encoding.DER)).hexdigest()


def common_name(name: x509.Name) -> str:
    values = name.get_attributes_for_oid(NameOID.COMMON_NAME)
    return str(values[0].value) if values else name.rfc4514_string()
