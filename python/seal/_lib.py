"""Loading libseal and declaring the part of its public C API (include/seal/*.h) this package uses.

The structures below mirror the public headers field for field (ctypes lays them out with the
C compiler's alignment rules; tests/test_layout.py checks the offsets that matter against the
library's own behaviour). Nothing here is internal to the library: libseal.so.0 exports exactly
what include/seal/ declares.

Where the library comes from, in order:
  1. the environment variable SEAL_LIBRARY (a path to libseal.so / libseal.so.0);
  2. a build tree next to this package: ../build/release/libseal.so.0 from the repository root
     (the default of scripts/demo.sh and scripts/test.sh);
  3. the installed library: the SONAME libseal.so.0 through the dynamic loader, then
     ctypes.util.find_library("seal").
"""

import ctypes
import ctypes.util
import os
from ctypes import (
    POINTER,
    Structure,
    c_bool,
    c_char,
    c_char_p,
    c_int,
    c_size_t,
    c_uint8,
    c_uint16,
    c_uint32,
    c_uint64,
    c_void_p,
)

SONAME = "libseal.so.0"

MAX_SERVICES = 255
MAX_ID_BYTES = 4096
CLIENT_MAX_SERVERS = 64
CLIENT_URL_MAX = 1024
CLIENT_NAME_MAX = 256
CLIENT_PURE_MAX = 1024
CLIENT_IDENT_MAX = 128
SUI_PUBLIC_KEY_MAX_BYTES = 289
SUI_BECH32_SECRET_KEY_BYTES = 71
G2_PREPARED_LINES = 68

u8p = POINTER(c_uint8)
seal_err = c_int


def _candidates():
    env = os.environ.get("SEAL_LIBRARY")
    if env:
        return [env], True
    out = []
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    for sub in ("build/release", "build"):
        p = os.path.join(root, sub, SONAME)
        if os.path.exists(p):
            out.append(p)
    out.append(SONAME)
    found = ctypes.util.find_library("seal")
    if found:
        out.append(found)
    return out, False


def _load():
    names, explicit = _candidates()
    errors = []
    for name in names:
        try:
            return ctypes.CDLL(name), name
        except OSError as e:
            errors.append(f"{name}: {e}")
            if explicit:
                break
    raise ImportError(
        "seal: cannot load libseal (set SEAL_LIBRARY to the path of libseal.so.0, build the "
        "repository into build/release, or install the library): " + "; ".join(errors)
    )


lib, LIBRARY_PATH = _load()
libc = ctypes.CDLL(None)
libc.free.argtypes = [c_void_p]
libc.free.restype = None


# ---- structures (include/seal/*.h) ------------------------------------------------------------


class SealRng(Structure):  # util.h seal_rng
    pass


RNG_FILL = ctypes.CFUNCTYPE(seal_err, c_void_p, c_void_p, c_size_t)
SealRng._fields_ = [("fill", RNG_FILL), ("ctx", c_void_p)]


class KeyServer(Structure):  # encrypt.h seal_key_server
    _fields_ = [("object_id", c_uint8 * 32), ("public_key", c_uint8 * 96), ("weight", c_uint8)]


class G2Prepared(Structure):  # bls12_381.h seal_g2_prepared (fp2 = 12 x u64)
    _fields_ = [("coeffs", c_uint64 * (G2_PREPARED_LINES * 3 * 12)), ("infinity", c_bool)]


class PreparedKey(Structure):  # encrypt.h seal_prepared_key
    _fields_ = [("public_key", c_uint8 * 96), ("lines", G2Prepared)]


class EncryptParams(Structure):  # encrypt.h seal_encrypt_params
    _fields_ = [
        ("package_id", u8p),
        ("id", u8p),
        ("id_len", c_size_t),
        ("servers", POINTER(KeyServer)),
        ("n_servers", c_size_t),
        ("threshold", c_uint8),
        ("dem", c_int),
        ("aad", u8p),
        ("aad_len", c_size_t),
        ("aad_none", c_bool),
        ("prepared", POINTER(PreparedKey)),
    ]


class UserKey(Structure):  # encrypt.h seal_user_key
    _fields_ = [("object_id", c_uint8 * 32), ("key", c_uint8 * 48)]


class DecryptParams(Structure):  # encrypt.h seal_decrypt_params
    _fields_ = [
        ("keys", POINTER(UserKey)),
        ("n_keys", c_size_t),
        ("public_keys", POINTER(KeyServer)),
        ("n_public_keys", c_size_t),
        ("flags", ctypes.c_uint),
    ]


# buffers as plain addresses (int) in callbacks: cheaper than POINTER(c_uint8) objects
READ_FN = ctypes.CFUNCTYPE(seal_err, c_void_p, c_void_p, c_size_t, POINTER(c_size_t))
SEEK_FN = ctypes.CFUNCTYPE(seal_err, c_void_p, c_uint64)
WRITE_FN = ctypes.CFUNCTYPE(seal_err, c_void_p, c_void_p, c_size_t)


class Reader(Structure):  # encrypt.h seal_reader
    _fields_ = [("read", READ_FN), ("seek", SEEK_FN), ("ctx", c_void_p)]


class Writer(Structure):  # encrypt.h seal_writer
    _fields_ = [("write", WRITE_FN), ("ctx", c_void_p)]


class Object(Structure):  # object.h seal_object
    _fields_ = [
        ("version", c_uint8),
        ("package_id", c_uint8 * 32),
        ("id", u8p),
        ("id_len", c_size_t),
        ("n_services", c_size_t),
        ("service_ids", (c_uint8 * 32) * MAX_SERVICES),
        ("service_indices", c_uint8 * MAX_SERVICES),
        ("threshold", c_uint8),
        ("ibe_type", c_uint8),
        ("nonce", c_uint8 * 96),
        ("encrypted_shares", (c_uint8 * 32) * MAX_SERVICES),
        ("encrypted_randomness", c_uint8 * 32),
        ("dem", c_int),
        ("blob", u8p),
        ("blob_len", c_size_t),
        ("has_aad", c_bool),
        ("aad", u8p),
        ("aad_len", c_size_t),
        ("mac", c_uint8 * 32),
    ]


class SuiPublicKey(Structure):  # sui_sig.h seal_sui_public_key
    _fields_ = [
        ("scheme", c_int),
        ("len", c_size_t),
        ("bytes", c_uint8 * SUI_PUBLIC_KEY_MAX_BYTES),
    ]


class SuiKeypair(Structure):  # sui_sig.h seal_sui_keypair
    _fields_ = [("scheme", c_int), ("secret", c_uint8 * 32), ("pk", SuiPublicKey)]


class ChainOptions(Structure):  # chain.h seal_chain_options
    _fields_ = [
        ("timeout_ms", c_uint32),
        ("max_retries", c_uint32),
        ("max_in_flight", c_uint32),
        ("api_key_header", c_char_p),
        ("create", c_bool),
        ("grpc_transport", c_int),
    ]


class ClientArg(Structure):  # client.h seal_client_arg
    _fields_ = [
        ("kind", c_int),
        ("pure", c_uint8 * CLIENT_PURE_MAX),
        ("pure_len", c_size_t),
        ("object_id", c_uint8 * 32),
        ("mutable_ref", c_bool),
        ("version", c_uint64),
        ("digest", c_uint8 * 32),
    ]


class ClientCall(Structure):  # client.h seal_client_call
    _fields_ = [
        ("package", c_uint8 * 32),
        ("module", c_char * (CLIENT_IDENT_MAX + 1)),
        ("function", c_char * (CLIENT_IDENT_MAX + 1)),
        ("id", u8p),
        ("id_len", c_size_t),
        ("args", POINTER(ClientArg)),
        ("n_args", c_size_t),
    ]


class ClientServerConfig(Structure):  # client.h seal_client_server_config
    _fields_ = [
        ("object_id", c_uint8 * 32),
        ("weight", c_uint8),
        ("url", c_char_p),
        ("public_key", u8p),
        ("api_key_name", c_char_p),
        ("api_key", c_char_p),
        ("aggregator_url", c_char_p),
    ]


class ClientOptions(Structure):  # client.h seal_client_options
    _fields_ = [
        ("chain", c_void_p),
        ("timeout_ms", c_uint32),
        ("max_retries", c_uint32),
        ("verify_pop", c_bool),
        ("rng", POINTER(SealRng)),
        ("server_settings", POINTER(ClientServerConfig)),
        ("n_server_settings", c_size_t),
        ("require_receipts", c_bool),
    ]


class ClientServerInfo(Structure):  # client.h seal_client_server_info
    _fields_ = [
        ("object_id", c_uint8 * 32),
        ("weight", c_uint8),
        ("name", c_char * CLIENT_NAME_MAX),
        ("url", c_char * CLIENT_URL_MAX),
        ("public_key", c_uint8 * 96),
        ("committee", c_bool),
    ]


class ClientServerError(Structure):  # client.h seal_client_server_error
    _fields_ = [
        ("object_id", c_uint8 * 32),
        ("err", c_int),
        ("http_status", ctypes.c_uint),
        ("kind", c_char * 48),
        ("message", c_char * 256),
    ]


# ---- functions ---------------------------------------------------------------------------------


def _fn(name, restype, *argtypes):
    f = getattr(lib, name)
    f.restype = restype
    f.argtypes = list(argtypes)
    return f


P = c_void_p  # buffers are passed as addresses (zero copy, see _buffers.py)
pp = POINTER(c_void_p)
sizep = POINTER(c_size_t)

strerror = _fn("seal_strerror", c_char_p, c_int)
memzero = _fn("seal_memzero", None, P, c_size_t)

keys_generate = _fn("seal_keys_generate", seal_err, P, P, POINTER(SealRng))
keys_public_key = _fn("seal_keys_public_key", seal_err, P, P)
keys_derive_master_key = _fn("seal_keys_derive_master_key", seal_err, P, P, c_uint64)
keys_extract = _fn("seal_keys_extract", seal_err, P, P, P, c_size_t)
keys_verify_usk = _fn("seal_keys_verify_user_secret_key", seal_err, P, P, P, c_size_t)

key_server_prepare = _fn(
    "seal_key_server_prepare", seal_err, POINTER(PreparedKey), POINTER(KeyServer)
)
encrypt_size = _fn("seal_encrypt_size", c_size_t, POINTER(EncryptParams), c_uint64)
encrypt = _fn(
    "seal_encrypt",
    seal_err,
    P,
    c_size_t,
    sizep,
    P,
    POINTER(EncryptParams),
    P,
    c_size_t,
    POINTER(SealRng),
)
encrypt_stream = _fn(
    "seal_encrypt_stream",
    seal_err,
    POINTER(Writer),
    P,
    POINTER(EncryptParams),
    POINTER(Reader),
    c_uint64,
    POINTER(SealRng),
)
object_decode = _fn("seal_object_decode", seal_err, POINTER(Object), P, c_size_t)
object_decode_no_point_check = _fn(
    "seal_object_decode_no_point_check", seal_err, POINTER(Object), P, c_size_t
)
object_decode_stream = _fn(
    "seal_object_decode_stream", seal_err, POINTER(Object), P, POINTER(Reader)
)
object_plaintext_size = _fn("seal_object_plaintext_size", c_size_t, POINTER(Object))
decrypt_dem_key = _fn(
    "seal_decrypt_dem_key", seal_err, P, POINTER(Object), POINTER(DecryptParams)
)
decrypt_with_key = _fn(
    "seal_decrypt_with_key", seal_err, P, c_size_t, sizep, POINTER(Object), P
)
decrypt = _fn(
    "seal_decrypt", seal_err, P, c_size_t, sizep, P, c_size_t, POINTER(DecryptParams)
)
decrypt_stream = _fn(
    "seal_decrypt_stream",
    seal_err,
    POINTER(Writer),
    POINTER(c_uint64),
    POINTER(Reader),
    POINTER(DecryptParams),
)

sui_keypair_from_bech32 = _fn("seal_sui_keypair_from_bech32", seal_err, POINTER(SuiKeypair), c_char_p)
sui_keypair_to_bech32 = _fn("seal_sui_keypair_to_bech32", seal_err, P, POINTER(SuiKeypair))
sui_keypair_generate = _fn(
    "seal_sui_keypair_generate", seal_err, POINTER(SuiKeypair), c_int, POINTER(SealRng)
)
sui_keypair_from_secret = _fn(
    "seal_sui_keypair_from_secret", seal_err, POINTER(SuiKeypair), c_int, P
)
sui_keypair_clear = _fn("seal_sui_keypair_clear", None, POINTER(SuiKeypair))
sui_keypair_address = _fn("seal_sui_keypair_address", None, P, POINTER(SuiKeypair))

chain_open = _fn("seal_chain_open", seal_err, pp, c_char_p, POINTER(ChainOptions))
chain_close = _fn("seal_chain_close", None, c_void_p)
chain_grpc_transport_parse = _fn(
    "seal_chain_grpc_transport_parse", seal_err, c_char_p, POINTER(c_int)
)

session_create = _fn(
    "seal_session_create",
    seal_err,
    pp,
    POINTER(SuiKeypair),
    P,
    c_char_p,
    c_uint16,
    c_uint64,
    POINTER(SealRng),
)
session_export = _fn("seal_session_export", seal_err, c_void_p, POINTER(c_void_p), sizep)
session_import = _fn("seal_session_import", seal_err, pp, c_char_p, c_size_t)
session_save = _fn("seal_session_save", seal_err, c_void_p, c_char_p)
session_load = _fn("seal_session_load", seal_err, pp, c_char_p)
session_free = _fn("seal_session_free", None, c_void_p)
session_is_signed = _fn("seal_session_is_signed", c_bool, c_void_p)
session_is_expired = _fn("seal_session_is_expired", c_bool, c_void_p, c_uint64)
session_address = _fn("seal_session_address", None, c_void_p, P)
session_package_id = _fn("seal_session_package_id", None, c_void_p, P)
session_public_key = _fn("seal_session_public_key", None, c_void_p, P)
session_creation_time_ms = _fn("seal_session_creation_time_ms", c_uint64, c_void_p)
session_ttl_min = _fn("seal_session_ttl_min", c_uint16, c_void_p)
session_mvr_name = _fn("seal_session_mvr_name", c_char_p, c_void_p)
session_personal_message = _fn(
    "seal_session_personal_message", seal_err, c_void_p, P, c_size_t, sizep
)
client_secret_free = _fn("seal_client_secret_free", None, c_void_p, c_size_t)

client_arg_parse = _fn("seal_client_arg_parse", seal_err, POINTER(ClientArg), c_char_p)
client_call_target_parse = _fn(
    "seal_client_call_target_parse", seal_err, POINTER(ClientCall), c_char_p
)
client_new = _fn(
    "seal_client_new",
    seal_err,
    pp,
    POINTER(ClientOptions),
    POINTER(ClientServerConfig),
    c_size_t,
)
client_new_for_object = _fn(
    "seal_client_new_for_object", seal_err, pp, POINTER(ClientOptions), P, c_size_t
)
client_creation_error = _fn("seal_client_creation_error", c_char_p)
client_free = _fn("seal_client_free", None, c_void_p)
client_server_count = _fn("seal_client_server_count", c_size_t, c_void_p)
client_server_get = _fn(
    "seal_client_server_get", seal_err, c_void_p, c_size_t, POINTER(ClientServerInfo)
)
client_key_servers = _fn(
    "seal_client_key_servers", seal_err, c_void_p, POINTER(KeyServer), c_size_t, sizep
)
client_prepared_keys = _fn(
    "seal_client_prepared_keys", seal_err, c_void_p, POINTER(PreparedKey), c_size_t, sizep
)
client_fetch_keys = _fn(
    "seal_client_fetch_keys",
    seal_err,
    c_void_p,
    c_void_p,
    POINTER(ClientCall),
    c_size_t,
    ctypes.c_uint,
    c_uint64,
)
client_cached_keys = _fn(
    "seal_client_cached_keys", c_size_t, c_void_p, P, c_size_t, POINTER(UserKey), c_size_t
)
client_decrypt_with_policy = _fn(
    "seal_client_decrypt_with_policy",
    seal_err,
    c_void_p,
    c_void_p,
    P,
    c_size_t,
    POINTER(ClientCall),
    POINTER(c_void_p),
    sizep,
    c_uint64,
)
client_error_count = _fn("seal_client_error_count", c_size_t, c_void_p)
client_error_get = _fn(
    "seal_client_error_get", POINTER(ClientServerError), c_void_p, c_size_t
)
client_last_error = _fn("seal_client_last_error", c_char_p, c_void_p)
