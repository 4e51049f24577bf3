"""Seal for Python: threshold identity-based encryption whose keys are released by key servers
when a Sui access policy allows it, over libseal (the C library of this repository) through its
public ABI with ctypes.

    import seal
    obj = seal.encrypt(data, package_id=pkg, id=inner_id, servers=servers, threshold=2)
    info = seal.inspect(obj)
    plain = seal.decrypt(obj, {server_id: user_key, ...})

Networked: seal.Chain, seal.Session (the SDK's session keys), seal.Client (fetch keys from key
servers and decrypt under a policy). Errors are seal.SealError subclasses named after the
library's error codes (seal.NoAccess, seal.DecryptionFailed, ...). See docs/python.md.
"""

from . import errors as _errors
from ._lib import LIBRARY_PATH
from .client import Chain, Client, Session, SuiKeypair
from .core import (
    Encryptor,
    KeyServer,
    ObjectInfo,
    decrypt,
    decrypt_file,
    decrypt_with_key,
    decrypted_size,
    derive_master_key,
    encrypt,
    encrypt_file,
    encrypt_with_key,
    extract,
    full_id,
    inspect,
    inspect_file,
    keygen,
    public_key,
    verify_user_key,
)
from .errors import *  # noqa: F401,F403  (the exception classes)

__version__ = "0.1.0"

__all__ = [
    "LIBRARY_PATH",
    "Chain",
    "Client",
    "Session",
    "SuiKeypair",
    "Encryptor",
    "KeyServer",
    "ObjectInfo",
    "decrypt",
    "decrypt_file",
    "decrypt_with_key",
    "decrypted_size",
    "derive_master_key",
    "encrypt",
    "encrypt_file",
    "encrypt_with_key",
    "extract",
    "full_id",
    "inspect",
    "inspect_file",
    "keygen",
    "public_key",
    "verify_user_key",
] + _errors.__all__
