"""Exceptions: one class per library error code (include/seal/error.h).

Each class is named after its code the way the `seal` command reports it (SEAL_ERR_NO_ACCESS ->
NoAccess, the key servers' own name for a denial; SEAL_ERR_DECRYPTION -> DecryptionFailed, ...),
and also derives from the built-in exception a Python caller would catch for that kind of
failure (ValueError for bad input, OSError for I/O, TimeoutError, MemoryError, PermissionError
for a denial). Every instance carries:
  code     the numeric seal_err value (stable, never renumbered)
  err_name the C name ("SEAL_ERR_NO_ACCESS")
  servers  for key-server failures: one ServerFailure per server that failed (its object id,
           error kind such as "NoAccess" or "InvalidCertificate", HTTP status and message)
Messages never contain secrets or raw input bytes.
"""

from dataclasses import dataclass


class SealError(Exception):
    """Base class of every error this package raises for a library failure."""

    code = -1
    err_name = "SEAL_ERR_UNKNOWN"

    def __init__(self, message=None, servers=()):
        self.servers = tuple(servers)
        super().__init__(message or self.__class__.__doc__)


@dataclass(frozen=True)
class ServerFailure:
    """What one key server answered (or failed to) in the last fetch."""

    object_id: str  # 0x-hex
    kind: str  # "NoAccess", "InvalidCertificate", "Timeout", "ConnectionFailed", ...
    http_status: int  # 0 when there was no HTTP answer
    message: str
    code: int  # the seal_err this failure maps to


def _cls(name, code, c_name, doc, *bases):
    return type(name, (SealError,) + bases, {"code": code, "err_name": c_name, "__doc__": doc})


# (class name, code, C name, one-line description, built-in bases)
_TABLE = [
    ("InvalidArgument", 1, "SEAL_ERR_INVALID_ARGUMENT", "invalid argument", (ValueError,)),
    ("InvalidEncoding", 2, "SEAL_ERR_INVALID_ENCODING", "invalid encoding", (ValueError,)),
    ("NotCanonical", 3, "SEAL_ERR_NOT_CANONICAL", "non-canonical value", (ValueError,)),
    ("NotOnCurve", 4, "SEAL_ERR_NOT_ON_CURVE", "point not on curve", (ValueError,)),
    (
        "NotInSubgroup",
        5,
        "SEAL_ERR_NOT_IN_SUBGROUP",
        "point not in the prime-order subgroup",
        (ValueError,),
    ),
    ("Identity", 6, "SEAL_ERR_IDENTITY", "point at infinity not allowed", (ValueError,)),
    ("DecryptionFailed", 7, "SEAL_ERR_DECRYPTION", "decryption failed", ()),
    ("RngFailure", 8, "SEAL_ERR_RNG", "random number generator failure", ()),
    ("NoMemory", 9, "SEAL_ERR_NO_MEMORY", "out of memory", (MemoryError,)),
    ("IoError", 10, "SEAL_ERR_IO", "input/output error", (OSError,)),
    ("Unsupported", 11, "SEAL_ERR_UNSUPPORTED", "unsupported", ()),
    ("LimitExceeded", 12, "SEAL_ERR_LIMIT", "input exceeds a limit", (ValueError,)),
    ("InvalidKey", 13, "SEAL_ERR_INVALID_KEY", "invalid key", ()),
    ("InternalError", 14, "SEAL_ERR_INTERNAL", "internal error", ()),
    (
        "NotEnoughShares",
        15,
        "SEAL_ERR_NOT_ENOUGH_SHARES",
        "not enough keys for the threshold",
        (),
    ),
    ("CryptoLibError", 16, "SEAL_ERR_CRYPTO_LIB", "cryptographic library failure", ()),
    ("InvalidSignature", 17, "SEAL_ERR_INVALID_SIGNATURE", "invalid signature", ()),
    (
        "UnsupportedSignatureScheme",
        18,
        "SEAL_ERR_UNSUPPORTED_SIGNATURE_SCHEME",
        "unsupported signature scheme",
        (),
    ),
    (
        "NoAccess",
        19,
        "SEAL_ERR_NO_ACCESS",
        "access denied by the key servers",
        (PermissionError,),
    ),
    ("KeyServerError", 20, "SEAL_ERR_KEY_SERVER", "key server error", ()),
    ("Expired", 21, "SEAL_ERR_EXPIRED", "session key expired", ()),
    ("Timeout", 22, "SEAL_ERR_TIMEOUT", "timed out", (TimeoutError,)),
]

BY_CODE = {}
for _name, _code, _c_name, _doc, _bases in _TABLE:
    _c = _cls(_name, _code, _c_name, _doc, *_bases)
    _c.__module__ = "seal"
    globals()[_name] = _c
    BY_CODE[_code] = _c
del _name, _code, _c_name, _doc, _bases, _c

__all__ = ["SealError", "ServerFailure"] + [t[0] for t in _TABLE]


def error_for(code, message=None, servers=()):
    """The exception instance for a seal_err code."""
    cls = BY_CODE.get(code)
    if cls is None:
        e = SealError(message or f"unknown error code {code}", servers)
        e.code = code
        return e
    return cls(message, servers)
