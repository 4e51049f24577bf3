"""Offline Seal: keys, encryption, decryption and inspection of encrypted objects, in memory and
streamed through files (include/seal/keys.h, encrypt.h, object.h)."""

import ctypes
import os
import tempfile
from dataclasses import dataclass, field
from typing import Optional

from . import _lib
from ._buffers import as_bytes, fixed, hex0x, new_bytes, object_id, view, wipe
from .errors import error_for

DEMS = {"aes-256-gcm": 0, "hmac-256-ctr": 1, "plain": 2}
DEM_NAMES = {0: "Aes256Gcm", 1: "Hmac256Ctr", 2: "Plain"}
ERR_IO = 10


def check(err, what):
    """Raises the exception of a non-zero seal_err, prefixed with what failed."""
    if err != 0:
        text = _lib.strerror(err).decode()
        raise error_for(err, f"{what}: {text}")


# ---- randomness ----------------------------------------------------------------------------


class _Callbacks:
    """Python callbacks handed to C: an exception inside one cannot cross the C frames, so it is
    kept, the callback returns the error code `err`, and _reraise() raises it afterwards."""

    err = ERR_IO

    def __init__(self):
        self.exc = None

    def _guard(self, fn):
        def cb(*a):
            try:
                fn(*a)
                return 0
            except BaseException as e:
                self.exc = e
                return self.err

        return cb


class _Rng(_Callbacks):
    """A seal_rng over a Python callable n -> n bytes (replay of recorded randomness)."""

    err = 8  # SEAL_ERR_RNG

    def __init__(self, fn):
        super().__init__()
        self.fn = fn
        self.cb = _lib.RNG_FILL(self._guard(self._fill))
        self.rng = _lib.SealRng(self.cb, None)

    def _fill(self, _ctx, out, n):
        b = bytes(self.fn(n))
        if len(b) != n:
            raise ValueError(f"rng returned {len(b)} bytes, {n} asked")
        ctypes.memmove(out, b, n)


def _rng_ptr(rng):
    return None if rng is None else ctypes.pointer(rng.rng)


def _reraise(holder):
    if holder is not None and holder.exc is not None:
        e, holder.exc = holder.exc, None
        raise e


class _Out:
    """Where a result goes: a new bytes object of the exact size (out=None), or the caller's
    writable buffer (its first `size` bytes; returned as a memoryview of them)."""

    def __init__(self, out, size, what):
        self.size = size
        if out is None:
            self.obj, self.addr = new_bytes(size)
            self._ctx = None
            return
        self._ctx = view(out, writable=True)
        try:
            self.addr, cap = self._ctx.__enter__()
        except BufferError:
            raise TypeError(f"{what}: out must be a writable buffer (bytearray, ...)") from None
        if cap < size:
            self._ctx.__exit__(None, None, None)
            raise ValueError(f"{what}: out holds {cap} bytes, {size} needed")
        self.obj = memoryview(out).cast("B")[:size]

    def release(self):
        if self._ctx is not None:
            self._ctx.__exit__(None, None, None)
            self._ctx = None

    def result(self):
        self.release()
        return self.obj

    def fail(self):
        wipe(self.addr, self.size)
        self.release()


# ---- keys -----------------------------------------------------------------------------------


def keygen(rng=None):
    """A new key-server master key and its public key: (msk 32 bytes, pk 96 bytes)."""
    r = _Rng(rng) if rng else None
    msk = ctypes.create_string_buffer(32)
    pk = ctypes.create_string_buffer(96)
    err = _lib.keys_generate(msk, pk, _rng_ptr(r))
    _reraise(r)
    check(err, "keygen")
    try:
        return msk.raw, pk.raw
    finally:
        wipe(ctypes.addressof(msk), 32)


def public_key(master_key):
    """The 96-byte public key of a 32-byte master key."""
    msk = fixed(master_key, 32, "master key")
    pk = ctypes.create_string_buffer(96)
    check(_lib.keys_public_key(pk, msk), "public key")
    return pk.raw


def derive_master_key(seed, index):
    """Permissioned mode: the master key of client `index` from a 32-byte seed."""
    out = ctypes.create_string_buffer(32)
    check(_lib.keys_derive_master_key(out, fixed(seed, 32, "seed"), index), "derive key")
    try:
        return out.raw
    finally:
        wipe(ctypes.addressof(out), 32)


def full_id(package_id, id):
    """package_id (32 bytes) || id: the identity a user secret key is extracted for."""
    return object_id(package_id, "package id") + as_bytes(id, "id")


def extract(master_key, package_id, id):
    """The 48-byte user secret key of (package_id, id) under a master key."""
    fid = full_id(package_id, id)
    usk = ctypes.create_string_buffer(48)
    check(_lib.keys_extract(usk, fixed(master_key, 32, "master key"), fid, len(fid)), "extract")
    return usk.raw


def verify_user_key(user_key, public_key, package_id, id):
    """Raises InvalidKey (or a decoding error) unless user_key is the key of (package_id, id)
    for the server of public_key."""
    fid = full_id(package_id, id)
    err = _lib.keys_verify_usk(
        fixed(user_key, 48, "user secret key"), fixed(public_key, 96, "public key"), fid, len(fid)
    )
    check(err, "verify key")


# ---- servers --------------------------------------------------------------------------------


@dataclass(frozen=True)
class KeyServer:
    """A key server as the encryptor sees it: its object id, public key and weight."""

    object_id: bytes
    public_key: bytes
    weight: int = 1

    def __post_init__(self):
        object.__setattr__(self, "object_id", object_id(self.object_id, "key server object id"))
        object.__setattr__(self, "public_key", fixed(self.public_key, 96, "public key"))
        if not 1 <= self.weight <= 255:
            raise ValueError("key server weight: expected 1..255")


def _servers(servers):
    out = []
    for s in servers:
        out.append(s if isinstance(s, KeyServer) else KeyServer(*s))
    if not out:
        raise ValueError("no key servers")
    arr = (_lib.KeyServer * len(out))()
    for i, s in enumerate(out):
        ctypes.memmove(arr[i].object_id, s.object_id, 32)
        ctypes.memmove(arr[i].public_key, s.public_key, 96)
        arr[i].weight = s.weight
    return arr


def _dem(dem):
    try:
        return DEMS[dem]
    except KeyError:
        raise ValueError(f"unknown DEM {dem!r} (aes-256-gcm, hmac-256-ctr or plain)") from None


# ---- encryption -----------------------------------------------------------------------------


class Encryptor:
    """Encrypts for a fixed set of key servers and threshold.

    The servers' public keys are validated (canonical, on the curve, in G2) and prepared for the
    pairing once, here; each encryption then costs no decompression, no subgroup check and a
    cheaper Miller loop. Objects are byte-identical to those of encrypt()."""

    def __init__(self, servers, threshold, dem="aes-256-gcm", prepare=True):
        self._servers = _servers(servers)
        self.threshold = threshold
        self.dem = _dem(dem)
        self._prepared = None
        if prepare:
            n = len(self._servers)
            self._prepared = (_lib.PreparedKey * n)()
            for i in range(n):
                err = _lib.key_server_prepare(
                    ctypes.byref(self._prepared[i]), ctypes.byref(self._servers[i])
                )
                check(err, f"key server {i}")

    def _params(self, package_id, id_, aad):
        p = _lib.EncryptParams()
        p.servers = self._servers
        p.n_servers = len(self._servers)
        if not 1 <= self.threshold <= 255:
            raise ValueError("threshold: expected 1..255")
        p.threshold = self.threshold
        p.dem = self.dem
        p.prepared = self._prepared
        keep = (object_id(package_id, "package id"), as_bytes(id_, "id"), as_bytes(aad, "aad"))
        p.package_id = ctypes.cast(ctypes.c_char_p(keep[0]), _lib.u8p)
        p.id = ctypes.cast(ctypes.c_char_p(keep[1]), _lib.u8p)
        p.id_len = len(keep[1])
        p.aad = ctypes.cast(ctypes.c_char_p(keep[2]), _lib.u8p)
        p.aad_len = len(keep[2])
        return p, keep

    def encrypted_size(self, msg_len, package_id, id, aad=None):
        """The exact size of the object encrypt() makes for a msg_len-byte message."""
        p, _keep = self._params(package_id, id, aad)
        size = _lib.encrypt_size(ctypes.byref(p), msg_len)
        if size == 0:
            raise error_for(1, "encrypt: invalid parameters (threshold, servers, id, size)")
        return size

    def encrypt(self, data, package_id, id, aad=None, rng=None, with_key=False, out=None):
        """Seal object bytes for data (any bytes-like object, read in place); with
        with_key=True, (object, dem_key): the 32-byte key decrypts without key servers.
        out: a writable buffer of at least encrypted_size() bytes to write the object into
        (then a memoryview of it is returned): no allocation per call."""
        p, _keep = self._params(package_id, id, aad)
        r = _Rng(rng) if rng else None
        key = ctypes.create_string_buffer(32)
        with view(data) as (addr, n):
            size = _lib.encrypt_size(ctypes.byref(p), n)
            if size == 0:
                raise error_for(1, "encrypt: invalid parameters (threshold, servers, id, size)")
            o = _Out(out, size, "encrypt")
            got = ctypes.c_size_t(0)
            err = _lib.encrypt(
                o.addr, size, ctypes.byref(got), key, ctypes.byref(p), addr, n, _rng_ptr(r)
            )
        try:
            _reraise(r)
            check(err, "encrypt")
            if got.value != size:
                raise error_for(14, "encrypt: unexpected object size")
            res = o.result()
            return (res, key.raw) if with_key else res
        finally:
            o.release()
            wipe(ctypes.addressof(key), 32)

    def encrypt_file(self, src, dst, package_id, id, aad=None, rng=None):
        """Streams the file src into the Seal object dst in bounded memory (dst is written
        atomically: a temporary file renamed on success). Returns the object's size."""
        p, _keep = self._params(package_id, id, aad)
        r = _Rng(rng) if rng else None
        with open(src, "rb") as f:
            size = os.fstat(f.fileno()).st_size
            with _AtomicOut(dst) as out:
                rd = _FileReader(f)
                wr = _FileWriter(out.file)
                err = _lib.encrypt_stream(
                    ctypes.byref(wr.writer), None, ctypes.byref(p), ctypes.byref(rd.reader),
                    size, _rng_ptr(r),
                )
                _reraise(r)
                _reraise(rd)
                _reraise(wr)
                check(err, "encrypt")
                if rd.total != size:
                    raise error_for(ERR_IO, "encrypt: the input file changed while read")
                out.commit()
                return wr.total


def encrypt(
    data, *, package_id, id, servers, threshold, dem="aes-256-gcm", aad=None, rng=None, out=None
):
    """Encrypts data for `threshold` of `servers` (KeyServer or (object_id, public_key[,
    weight]) tuples) under the identity package_id || id. Returns the object bytes (or, with
    out, a memoryview of the caller's buffer holding it: Encryptor.encrypted_size)."""
    e = Encryptor(servers, threshold, dem, prepare=False)
    return e.encrypt(data, package_id, id, aad, rng, out=out)


def encrypt_with_key(
    data, *, package_id, id, servers, threshold, dem="aes-256-gcm", aad=None, rng=None
):
    """encrypt(), and also the 32-byte DEM key (a secret: it decrypts the object alone)."""
    e = Encryptor(servers, threshold, dem, prepare=False)
    return e.encrypt(data, package_id, id, aad, rng, with_key=True)


def encrypt_file(src, dst, *, package_id, id, servers, threshold, dem="aes-256-gcm", aad=None):
    """Streams file src into the object file dst (atomic). Returns the object's size."""
    e = Encryptor(servers, threshold, dem, prepare=False)
    return e.encrypt_file(src, dst, package_id, id, aad)


# ---- decryption -----------------------------------------------------------------------------


def _user_keys(keys):
    items = keys.items() if hasattr(keys, "items") else keys
    pairs = [(object_id(k, "key server object id"), fixed(v, 48, "user secret key")) for k, v in items]
    arr = (_lib.UserKey * max(1, len(pairs)))()
    for i, (oid, usk) in enumerate(pairs):
        ctypes.memmove(arr[i].object_id, oid, 32)
        ctypes.memmove(arr[i].key, usk, 48)
    return arr, len(pairs)


def _public_keys(public_keys):
    if public_keys is None:
        return None, 0
    if hasattr(public_keys, "items"):
        public_keys = [KeyServer(k, v) for k, v in public_keys.items()]
    arr = _servers(public_keys)
    return arr, len(arr)


class _DecryptParams:
    def __init__(self, keys, public_keys, accept_le_randomness=False):
        self.keys, nk = _user_keys(keys)
        self.pks, npk = _public_keys(public_keys)
        self.p = _lib.DecryptParams(self.keys, nk, self.pks, npk, 1 if accept_le_randomness else 0)

    def wipe(self):
        wipe(ctypes.addressof(self.keys), ctypes.sizeof(self.keys))


def _decode(addr, n, what, point_check=True):
    """Decodes an object; point_check=False skips the nonce's decompression and subgroup check
    (for sizes only, where seal_decrypt decodes and checks the object again)."""
    o = _lib.Object()
    dec = _lib.object_decode if point_check else _lib.object_decode_no_point_check
    check(dec(ctypes.byref(o), addr, n), what)
    return o


def decrypted_size(obj):
    """The plaintext size of an encrypted object (32 for Plain: its DEM key)."""
    with view(obj) as (addr, n):
        return _lib.object_plaintext_size(ctypes.byref(_decode(addr, n, "decrypt", False)))


def decrypt(obj, keys, public_keys=None, accept_le_randomness=False, out=None):
    """Decrypts an encrypted object (bytes-like, read in place) with user secret keys
    ({object_id: usk} or (object_id, usk) pairs) covering the threshold. With public_keys
    (every service's KeyServer, or {object_id: public_key}) every share is also checked for
    consistency, as the SDK's checkShareConsistency. Raises DecryptionFailed for any
    cryptographic failure, NotEnoughShares, InvalidEncoding, ... and releases no plaintext.
    out: a writable buffer of at least decrypted_size(obj) bytes to decrypt into (then a
    memoryview of it is returned): no allocation per call; it is wiped on failure."""
    dp = _DecryptParams(keys, public_keys, accept_le_randomness)
    try:
        with view(obj) as (addr, n):
            size = _lib.object_plaintext_size(ctypes.byref(_decode(addr, n, "decrypt", False)))
            o = _Out(out, size, "decrypt")
            got = ctypes.c_size_t(0)
            err = _lib.decrypt(o.addr, size, ctypes.byref(got), addr, n, ctypes.byref(dp.p))
        if err == 0 and got.value != size:
            err = 14
        if err != 0:
            o.fail()
        check(err, "decrypt")
        return o.result()
    finally:
        dp.wipe()


def decrypt_with_key(obj, dem_key, out=None):
    """Decrypts an object with its 32-byte DEM key (the key encrypt_with_key returned)."""
    key = fixed(dem_key, 32, "DEM key")
    with view(obj) as (addr, n):
        ob = _decode(addr, n, "decrypt")
        size = _lib.object_plaintext_size(ctypes.byref(ob))
        o = _Out(out, size, "decrypt")
        got = ctypes.c_size_t(0)
        err = _lib.decrypt_with_key(o.addr, size, ctypes.byref(got), ctypes.byref(ob), key)
    if err != 0:
        o.fail()
    check(err, "decrypt")
    return o.result()


def decrypt_file(src, dst, keys, public_keys=None, accept_le_randomness=False):
    """Streams the object file src to the plaintext file dst in bounded memory: the object is
    parsed and authenticated before any plaintext is written, and dst appears (atomically) only
    when everything checked. Returns the plaintext size."""
    dp = _DecryptParams(keys, public_keys, accept_le_randomness)
    try:
        return _decrypt_stream(src, dst, dp.p)
    finally:
        dp.wipe()


def _decrypt_stream(src, dst, params):
    with open(src, "rb") as f:
        with _AtomicOut(dst) as out:
            rd = _FileReader(f)
            wr = _FileWriter(out.file)
            n = ctypes.c_uint64(0)
            err = _lib.decrypt_stream(
                ctypes.byref(wr.writer), ctypes.byref(n), ctypes.byref(rd.reader),
                ctypes.byref(params),
            )
            _reraise(rd)
            _reraise(wr)
            check(err, "decrypt")
            out.commit()
            return n.value


# ---- inspection -----------------------------------------------------------------------------


@dataclass
class ObjectInfo:
    """The fields of an encrypted object (what `seal inspect` prints)."""

    version: int
    package_id: str  # 0x-hex
    id: bytes
    services: list  # [(object_id 0x-hex, share index)]
    threshold: int
    nonce: bytes
    encrypted_shares: list  # [bytes 32]
    encrypted_randomness: bytes
    dem: str  # "Aes256Gcm", "Hmac256Ctr", "Plain"
    ciphertext_len: int  # blob length (AES-GCM: ciphertext + 16-byte tag)
    aad: Optional[bytes]  # None: Option::None
    mac: Optional[bytes]  # HMAC-CTR only
    size: int  # the object's encoded size
    blob: Optional[memoryview] = field(default=None, repr=False)  # in-memory inspect only

    @property
    def full_id(self):
        return bytes.fromhex(self.package_id[2:]) + self.id

    def to_dict(self):
        """The JSON document `seal inspect` prints (in memory: the blob included)."""
        ct = {"type": self.dem}
        if self.dem != "Plain":
            ct["blob"] = hex0x(self.blob) if self.blob is not None else None
            ct["aad"] = hex0x(self.aad) if self.aad is not None else None
            if self.mac is not None:
                ct["mac"] = hex0x(self.mac)
        return {
            "version": self.version,
            "package_id": self.package_id,
            "id": hex0x(self.id),
            "services": [{"object_id": o, "index": i} for o, i in self.services],
            "threshold": self.threshold,
            "encrypted_shares": {
                "type": "BonehFranklinBLS12381",
                "nonce": hex0x(self.nonce),
                "encrypted_shares": [hex0x(s) for s in self.encrypted_shares],
                "encrypted_randomness": hex0x(self.encrypted_randomness),
            },
            "ciphertext": ct,
            "size": self.size,
        }


def _info(o, size, base_addr=None, mv=None):
    n = o.n_services
    blob = None
    if mv is not None and o.blob:
        off = ctypes.cast(o.blob, ctypes.c_void_p).value - base_addr
        blob = mv[off : off + o.blob_len]
    aad = None
    if o.has_aad:
        if mv is not None:
            off = ctypes.cast(o.aad, ctypes.c_void_p).value - base_addr if o.aad_len else 0
            aad = bytes(mv[off : off + o.aad_len])
        else:
            aad = b""  # inspect_file reads it from the file
    return ObjectInfo(
        version=o.version,
        package_id=hex0x(o.package_id),
        id=ctypes.string_at(o.id, o.id_len) if o.id_len else b"",
        services=[(hex0x(o.service_ids[i]), o.service_indices[i]) for i in range(n)],
        threshold=o.threshold,
        nonce=bytes(o.nonce),
        encrypted_shares=[bytes(o.encrypted_shares[i]) for i in range(n)],
        encrypted_randomness=bytes(o.encrypted_randomness),
        dem=DEM_NAMES.get(o.dem, "unknown"),
        ciphertext_len=o.blob_len,
        aad=aad,
        mac=bytes(o.mac) if o.dem == 1 else None,
        size=size,
        blob=blob,
    )


def inspect(obj):
    """Decodes and validates an encrypted object (as strictly as decryption does) and returns
    its fields. The blob is a memoryview into obj (no copy)."""
    with view(obj) as (addr, n):
        return _info(_decode(addr, n, "inspect"), n, addr, memoryview(obj).cast("B"))


def inspect_file(path):
    """inspect() of an object file, reading its header only (any size, bounded memory)."""
    with open(path, "rb") as f:
        rd = _FileReader(f)
        o = _lib.Object()
        id_buf = ctypes.create_string_buffer(_lib.MAX_ID_BYTES)
        err = _lib.object_decode_stream(ctypes.byref(o), id_buf, ctypes.byref(rd.reader))
        _reraise(rd)
        check(err, "inspect")
        size = os.fstat(f.fileno()).st_size
        info = _info(o, size)
        if o.has_aad and o.aad_len:
            # the aad is the object's last field but the HMAC-CTR mac
            f.seek(size - o.aad_len - (32 if o.dem == 1 else 0))
            info.aad = f.read(o.aad_len)
        return info


# ---- files ----------------------------------------------------------------------------------


class _FileReader(_Callbacks):
    """A seal_reader over a binary file object: reads straight into the library's buffer."""

    def __init__(self, f):
        super().__init__()
        self.f = f
        self.total = 0
        self._read = _lib.READ_FN(self._guard(self._read_into))
        self._seek = _lib.SEEK_FN(self._guard(self._seek_to))
        self.reader = _lib.Reader(self._read, self._seek, None)

    def _read_into(self, _ctx, buf, n, got):
        mv = memoryview((ctypes.c_char * n).from_address(buf)).cast("B")
        total = 0
        while total < n:
            k = self.f.readinto(mv[total:])
            if not k:
                break
            total += k
        got[0] = total
        self.total += total

    def _seek_to(self, _ctx, offset):
        self.f.seek(offset)
        self.total = offset


class _FileWriter(_Callbacks):
    """A seal_writer appending to a binary file object (from the library's buffer, no copy)."""

    def __init__(self, f):
        super().__init__()
        self.f = f
        self.total = 0
        self._write = _lib.WRITE_FN(self._guard(self._append))
        self.writer = _lib.Writer(self._write, None)

    def _append(self, _ctx, buf, n):
        if n:
            self.f.write(memoryview((ctypes.c_char * n).from_address(buf)).cast("B"))
            self.total += n


class _AtomicOut:
    """dst written through a temporary file in its folder, renamed over dst by commit();
    removed on any failure (a failed decryption leaves no file)."""

    def __init__(self, dst):
        self.dst = os.fspath(dst)
        self.file = None
        self._tmp = None
        self._done = False

    def __enter__(self):
        d = os.path.dirname(os.path.abspath(self.dst))
        fd, self._tmp = tempfile.mkstemp(prefix=".seal-", suffix=".tmp", dir=d)
        self.file = os.fdopen(fd, "wb", buffering=1 << 20)
        return self

    def commit(self):
        self.file.flush()
        os.fsync(self.file.fileno())
        self.file.close()
        os.replace(self._tmp, self.dst)
        self._done = True

    def __exit__(self, *exc):
        if not self._done:
            try:
                self.file.close()
            finally:
                os.unlink(self._tmp)
        return False
