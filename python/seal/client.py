"""The networked part: Sui key pairs, session keys, the chain, and fetching keys from key servers
to decrypt under an on-chain access policy (include/seal/client.h, chain.h, sui_sig.h)."""

import ctypes
import json
import os

from . import _lib
from ._buffers import as_bytes, fixed, hex0x, new_bytes, object_id, view, wipe
from .core import Encryptor, KeyServer, _decrypt_stream, check
from .errors import ServerFailure, error_for

SCHEMES = {"ed25519": 0, "secp256k1": 1, "secp256r1": 2}


class SuiKeypair:
    """A Sui account key pair (Ed25519, Secp256k1 or Secp256r1), wiped when garbage-collected."""

    def __init__(self):
        self._kp = _lib.SuiKeypair()

    @classmethod
    def generate(cls, scheme="ed25519"):
        kp = cls()
        check(_lib.sui_keypair_generate(ctypes.byref(kp._kp), SCHEMES[scheme], None), "keypair")
        return kp

    @classmethod
    def from_secret(cls, secret, scheme="ed25519"):
        """From a 32-byte secret (an Ed25519 seed or an ECDSA scalar)."""
        kp = cls()
        sk = fixed(secret, 32, "secret key")
        check(_lib.sui_keypair_from_secret(ctypes.byref(kp._kp), SCHEMES[scheme], sk), "secret key")
        return kp

    @classmethod
    def from_bech32(cls, text):
        """From "suiprivkey1…" (as `sui keytool export` and `seal localnet account new` give)."""
        kp = cls()
        t = text.strip().encode() if isinstance(text, str) else bytes(text).strip()
        check(_lib.sui_keypair_from_bech32(ctypes.byref(kp._kp), t), "suiprivkey")
        return kp

    def to_bech32(self):
        out = ctypes.create_string_buffer(_lib.SUI_BECH32_SECRET_KEY_BYTES)
        check(_lib.sui_keypair_to_bech32(out, ctypes.byref(self._kp)), "suiprivkey")
        try:
            return out.value.decode()
        finally:
            wipe(ctypes.addressof(out), len(out))

    @property
    def address(self):
        """The Sui address, 0x + 64 hex digits."""
        out = ctypes.create_string_buffer(32)
        _lib.sui_keypair_address(out, ctypes.byref(self._kp))
        return hex0x(out.raw)

    def __del__(self):
        if getattr(self, "_kp", None) is not None:
            _lib.sui_keypair_clear(ctypes.byref(self._kp))

    def __repr__(self):
        return f"SuiKeypair(address={self.address})"


class _Handle:
    """Owns a C handle (self._h) freed by close(), at the end of a with-block, or when
    collected."""

    _free = None

    def close(self):
        h = getattr(self, "_h", None)
        if h:
            type(self)._free(h)
            self._h = ctypes.c_void_p()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        self.close()


class Chain(_Handle):
    """A Sui chain: "http(s)://…" (a full node's gRPC API, or `seal localnet serve`),
    "jsonrpc+http(s)://…" (the legacy JSON-RPC) or "embedded:DIR" (a local ledger file)."""

    _free = staticmethod(_lib.chain_close)

    def __init__(self, spec, timeout_ms=10000, max_retries=2, grpc_transport=None):
        o = _lib.ChainOptions()
        o.timeout_ms = timeout_ms
        o.max_retries = max_retries
        if grpc_transport is not None:
            t = ctypes.c_int(0)
            check(_lib.chain_grpc_transport_parse(grpc_transport.encode(), ctypes.byref(t)), "grpc transport")
            o.grpc_transport = t.value
        h = ctypes.c_void_p()
        check(_lib.chain_open(ctypes.byref(h), spec.encode(), ctypes.byref(o)), "chain")
        self._h = h
        self.spec = spec


class Session(_Handle):
    """A session key: a short-lived Ed25519 key the user certifies once by signing a personal
    message; key servers then accept requests signed by it for the session's package."""

    _free = staticmethod(_lib.session_free)

    def __init__(self, handle):
        self._h = handle

    @classmethod
    def create(cls, user, package_id, ttl_min=10, mvr_name=None, creation_time_ms=0):
        """A new session for `user` (a SuiKeypair, or its "suiprivkey1…" text), signed by it.
        package_id is the package's first version; ttl_min in 1..30."""
        kp = user if isinstance(user, SuiKeypair) else SuiKeypair.from_bech32(user)
        h = ctypes.c_void_p()
        err = _lib.session_create(
            ctypes.byref(h), ctypes.byref(kp._kp), object_id(package_id, "package id"),
            mvr_name.encode() if mvr_name else None, ttl_min, creation_time_ms, None,
        )
        check(err, "session")
        return cls(h)

    @classmethod
    def import_json(cls, text):
        """From the SDK's ExportedSessionKey JSON (SessionKey.export() / `seal session create`)."""
        b = text.encode() if isinstance(text, str) else bytes(text)
        h = ctypes.c_void_p()
        check(_lib.session_import(ctypes.byref(h), b, len(b)), "session import")
        return cls(h)

    @classmethod
    def load(cls, path):
        h = ctypes.c_void_p()
        check(_lib.session_load(ctypes.byref(h), os.fsencode(path)), "session load")
        return cls(h)

    def export_json(self):
        """The SDK's ExportedSessionKey as JSON text. It holds the session's SECRET key."""
        p = ctypes.c_void_p()
        n = ctypes.c_size_t(0)
        check(_lib.session_export(self._h, ctypes.byref(p), ctypes.byref(n)), "session export")
        try:
            return ctypes.string_at(p, n.value).decode()
        finally:
            _lib.client_secret_free(p, n.value)

    def export(self):
        """export_json() parsed: a dict with the SDK's field names (address, packageId, …)."""
        return json.loads(self.export_json())

    def save(self, path):
        """Writes the export to path (mode 0600, atomically)."""
        check(_lib.session_save(self._h, os.fsencode(path)), "session save")

    @property
    def address(self):
        out = ctypes.create_string_buffer(32)
        _lib.session_address(self._h, out)
        return hex0x(out.raw)

    @property
    def package_id(self):
        out = ctypes.create_string_buffer(32)
        _lib.session_package_id(self._h, out)
        return hex0x(out.raw)

    @property
    def creation_time_ms(self):
        return _lib.session_creation_time_ms(self._h)

    @property
    def ttl_min(self):
        return _lib.session_ttl_min(self._h)

    @property
    def mvr_name(self):
        n = _lib.session_mvr_name(self._h)
        return n.decode() if n else None

    @property
    def personal_message(self):
        """The text the user signed."""
        out = ctypes.create_string_buffer(1024)
        n = ctypes.c_size_t(0)
        check(_lib.session_personal_message(self._h, out, len(out), ctypes.byref(n)), "session")
        return out.raw[: n.value].decode()

    def is_expired(self, now_ms=0):
        return bool(_lib.session_is_expired(self._h, now_ms))


class _Call:
    """A seal_approve* call: "0xPKG::module::seal_approve…" and its arguments as the CLI's
    --arg takes them ("object:0x…", "u64:5", "address:0x…", "clock", "pure:HEX", …)."""

    def __init__(self, approve, args=(), id=b""):
        self.call = _lib.ClientCall()
        check(_lib.client_call_target_parse(ctypes.byref(self.call), approve.encode()), "approve")
        self.args = (_lib.ClientArg * max(1, len(args)))()
        for i, a in enumerate(args):
            check(_lib.client_arg_parse(ctypes.byref(self.args[i]), a.encode()), f"argument {a!r}")
        self.call.args = self.args
        self.call.n_args = len(args)
        self.id = as_bytes(id, "id")
        self.call.id = ctypes.cast(ctypes.c_char_p(self.id), _lib.u8p)
        self.call.id_len = len(self.id)


class Client(_Handle):
    """Fetches user secret keys from t-of-n key servers (verifying each against its server's
    public key) and decrypts objects under an on-chain policy. Key servers are named by their
    KeyServer object ids and resolved on `chain` (URL, public key), or given as
    {object_id: weight} / [(object_id, weight)]. Not thread safe: one thread at a time."""

    _free = staticmethod(_lib.client_free)

    def __init__(self, chain, servers=None, obj=None, timeout_ms=10000, max_retries=2,
                 verify_pop=False, urls=None):
        self.chain = chain  # kept alive: the client borrows it
        o = _lib.ClientOptions()
        o.chain = chain._h.value if chain is not None else None
        o.timeout_ms = timeout_ms
        o.max_retries = max_retries
        o.verify_pop = verify_pop
        self._keep = []
        settings = self._settings(urls or {})
        if settings is not None:
            o.server_settings = settings
            o.n_server_settings = len(settings)
        h = ctypes.c_void_p()
        if obj is not None:
            with view(obj) as (addr, n):
                err = _lib.client_new_for_object(ctypes.byref(h), ctypes.byref(o), addr, n)
        else:
            if servers is None:
                raise ValueError("give servers or obj")
            items = list(servers.items() if hasattr(servers, "items") else servers)
            arr = (_lib.ClientServerConfig * len(items))()
            for i, it in enumerate(items):
                oid, weight = (it, 1) if isinstance(it, (str, bytes)) else it
                ctypes.memmove(arr[i].object_id, object_id(oid, "key server"), 32)
                arr[i].weight = weight
                url = (urls or {}).get(oid)
                if url:
                    b = url.encode()
                    self._keep.append(b)
                    arr[i].url = b
            err = _lib.client_new(ctypes.byref(h), ctypes.byref(o), arr, len(items))
        if err != 0:
            why = _lib.client_creation_error().decode(errors="replace")
            text = _lib.strerror(err).decode()
            raise error_for(err, f"client: {why or text}")
        self._h = h

    def _settings(self, urls):
        if not urls:
            return None
        arr = (_lib.ClientServerConfig * len(urls))()
        for i, (oid, url) in enumerate(urls.items()):
            ctypes.memmove(arr[i].object_id, object_id(oid, "key server"), 32)
            b = url.encode()
            self._keep.append(b)
            arr[i].url = b
        self._keep.append(arr)
        return arr

    @classmethod
    def for_object(cls, chain, obj, **kw):
        """A client for the key servers an encrypted object names (resolved on chain)."""
        return cls(chain, obj=obj, **kw)

    # -- the servers --

    def servers(self):
        """[{object_id, name, url, weight, public_key, committee}] as resolved."""
        out = []
        for i in range(_lib.client_server_count(self._h)):
            info = _lib.ClientServerInfo()
            check(_lib.client_server_get(self._h, i, ctypes.byref(info)), "client")
            out.append(
                {
                    "object_id": hex0x(info.object_id),
                    "name": info.name.decode(errors="replace"),
                    "url": info.url.decode(errors="replace"),
                    "weight": info.weight,
                    "public_key": bytes(info.public_key),
                    "committee": bool(info.committee),
                }
            )
        return out

    def key_servers(self):
        """The servers as KeyServer values (object id, public key, weight), for encryption."""
        return [KeyServer(s["object_id"], s["public_key"], s["weight"]) for s in self.servers()]

    def encryptor(self, threshold, dem="aes-256-gcm"):
        """An Encryptor for these servers (public keys from the chain, prepared once)."""
        return Encryptor(self.key_servers(), threshold, dem)

    def encrypt(self, data, *, package_id, id, threshold, dem="aes-256-gcm", aad=None):
        return self.encryptor(threshold, dem).encrypt(data, package_id, id, aad)

    # -- fetching and decrypting --

    def _failures(self):
        out = []
        for i in range(_lib.client_error_count(self._h)):
            e = _lib.client_error_get(self._h, i).contents
            out.append(
                ServerFailure(
                    object_id=hex0x(e.object_id),
                    kind=e.kind.decode(errors="replace"),
                    http_status=e.http_status,
                    message=e.message.decode(errors="replace"),
                    code=e.err,
                )
            )
        return out

    def _check(self, err, what):
        if err != 0:
            last = (_lib.client_last_error(self._h) or b"").decode(errors="replace")
            text = _lib.strerror(err).decode()
            raise error_for(err, f"{what}: {text}" + (f": {last}" if last else ""), self._failures())

    def fetch_keys(self, session, approve, args=(), ids=(), threshold=1):
        """Fetches and verifies the keys of `ids` (inner ids under the session's package) from
        enough servers to reach `threshold` weight; `approve` is "0xPKG::module::seal_approve…"
        and args its further arguments. Returns {id: {server object id: usk}}."""
        calls = [_Call(approve, args, i) for i in ids]
        arr = (_lib.ClientCall * len(calls))(*[c.call for c in calls])
        err = _lib.client_fetch_keys(self._h, session._h, arr, len(calls), threshold, 0)
        self._check(err, "fetch keys")
        pkg = bytes.fromhex(session.package_id[2:])
        return {bytes(c.id): self.cached_keys(pkg + c.id) for c in calls}

    def cached_keys(self, full_id):
        """The verified keys held for full_id: {server object id 0x-hex: usk bytes}."""
        fid = bytes(full_id)
        arr = (_lib.UserKey * _lib.CLIENT_MAX_SERVERS)()
        n = _lib.client_cached_keys(self._h, fid, len(fid), arr, len(arr))
        try:
            return {hex0x(arr[i].object_id): bytes(arr[i].key) for i in range(n)}
        finally:
            wipe(ctypes.addressof(arr), ctypes.sizeof(arr))

    def decrypt(self, obj, session, approve, args=()):
        """Fetches the keys of obj's id (the policy `approve`(id, *args) decides, on the key
        servers) and decrypts with every check, including share consistency. Raises NoAccess
        when the servers deny access, Expired, Timeout, KeyServerError (each server's outcome
        in .servers), DecryptionFailed."""
        call = _Call(approve, args)
        p = ctypes.c_void_p()
        n = ctypes.c_size_t(0)
        with view(obj) as (addr, size):
            err = _lib.client_decrypt_with_policy(
                self._h, session._h, addr, size, ctypes.byref(call.call), ctypes.byref(p),
                ctypes.byref(n), 0,
            )
        self._check(err, "decrypt")
        try:
            out, out_addr = new_bytes(n.value)
            ctypes.memmove(out_addr, p, n.value)
            return out
        finally:
            wipe(p.value, n.value)
            _lib.libc.free(p)

    def decrypt_file(self, src, dst, session, approve, args=()):
        """decrypt() of an object file into dst, streamed in bounded memory (atomic; nothing is
        written unless the object authenticates). Returns the plaintext size."""
        from .core import _DecryptParams, inspect_file

        info = inspect_file(src)
        fid = info.full_id
        call = _Call(approve, args, info.id)
        threshold = info.threshold
        err = _lib.client_fetch_keys(self._h, session._h, ctypes.byref(call.call), 1, threshold, 0)
        self._check(err, "decrypt")
        keys = self.cached_keys(fid)
        dp = _DecryptParams(keys, self.key_servers())
        try:
            return _decrypt_stream(src, dst, dp.p)
        finally:
            dp.wipe()


__all__ = ["SuiKeypair", "Chain", "Session", "Client", "ServerFailure"]
