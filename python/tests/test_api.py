"""The package's own behaviour: structure layouts against the C headers, exceptions, buffer
types read in place, file streaming (atomic, nothing left on failure), the Encryptor."""

import array
import ctypes
import json
import mmap
import os
import subprocess

import pytest

import seal
from seal import _lib

from conftest import ReplayRng, load_vectors

PKG = "0x" + "11" * 32
MIRRORS = {
    "seal_rng": _lib.SealRng,
    "seal_key_server": _lib.KeyServer,
    "seal_prepared_key": _lib.PreparedKey,
    "seal_encrypt_params": _lib.EncryptParams,
    "seal_user_key": _lib.UserKey,
    "seal_decrypt_params": _lib.DecryptParams,
    "seal_reader": _lib.Reader,
    "seal_writer": _lib.Writer,
    "seal_object": _lib.Object,
    "seal_sui_keypair": _lib.SuiKeypair,
    "seal_chain_options": _lib.ChainOptions,
    "seal_client_arg": _lib.ClientArg,
    "seal_client_call": _lib.ClientCall,
    "seal_client_server_config": _lib.ClientServerConfig,
    "seal_client_options": _lib.ClientOptions,
    "seal_client_server_info": _lib.ClientServerInfo,
    "seal_client_server_error": _lib.ClientServerError,
}


def test_layouts_match_the_c_headers():
    tool = os.environ.get("SEAL_PY_LAYOUT")
    if not tool:
        pytest.skip("SEAL_PY_LAYOUT is not set (built by ctest: seal-py-layout)")
    c = json.loads(subprocess.run([tool], check=True, capture_output=True, text=True).stdout)
    assert set(c) == set(MIRRORS)
    for name, cls in MIRRORS.items():
        assert ctypes.sizeof(cls) == c[name]["size"], name
        for f, off in c[name].items():
            if f != "size":
                assert getattr(cls, f).offset == off, f"{name}.{f}"


@pytest.fixture(scope="module")
def three():
    """Three key servers (fresh keys) and a helper that gives the keys of an id."""
    ks = [seal.keygen() for _ in range(3)]
    servers = [seal.KeyServer(bytes([i + 1]) * 32, pk) for i, (_, pk) in enumerate(ks)]

    def keys(pkg, id_, which=(0, 1, 2)):
        return {servers[i].object_id: seal.extract(ks[i][0], pkg, id_) for i in which}

    return servers, keys


def test_errors_are_named_and_typed():
    assert seal.NoAccess.code == 19 and issubclass(seal.NoAccess, PermissionError)
    assert seal.DecryptionFailed.err_name == "SEAL_ERR_DECRYPTION"
    assert issubclass(seal.InvalidEncoding, ValueError) and issubclass(seal.Timeout, TimeoutError)
    assert issubclass(seal.IoError, OSError) and issubclass(seal.KeyServerError, seal.SealError)
    with pytest.raises(seal.NotCanonical):
        seal.public_key(b"\xff" * 32)
    with pytest.raises(seal.InvalidEncoding) as e:
        seal.inspect(b"\x00\x01")
    assert str(e.value) == "inspect: invalid encoding"
    with pytest.raises(ValueError):
        seal.KeyServer(b"\x01" * 31, b"\x00" * 96)
    with pytest.raises(TypeError):
        seal.decrypt("not bytes", {})


def test_round_trip_every_dem_and_buffer_type(three, tmp_path):
    servers, keys = three
    msg = os.urandom(100_000)
    k = keys(PKG, b"doc-1", (0, 2))
    for dem in ("aes-256-gcm", "hmac-256-ctr"):
        obj = seal.encrypt(msg, package_id=PKG, id=b"doc-1", servers=servers, threshold=2, dem=dem,
                           aad=b"header")
        assert isinstance(obj, bytes)
        info = seal.inspect(obj)
        assert info.aad == b"header" and info.id == b"doc-1" and info.threshold == 2
        assert seal.decrypt(obj, k) == msg
        assert seal.decrypt(obj, k, public_keys=servers) == msg
        # bytearray, memoryview slices, array, mmap: read in place
        assert seal.decrypt(bytearray(obj), k) == msg
        assert seal.decrypt(memoryview(b"xx" + obj)[2:], k) == msg
        p = tmp_path / "o.seal"
        p.write_bytes(obj)
        with open(p, "rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as m:
            assert seal.decrypt(m, k) == msg
            assert seal.inspect(m).ciphertext_len == info.ciphertext_len
    a = array.array("I", range(1000))
    obj = seal.encrypt(a, package_id=PKG, id=b"", servers=servers, threshold=1)
    assert seal.decrypt(obj, keys(PKG, b"", (1,))) == a.tobytes()
    plain = seal.encrypt_with_key(b"", package_id=PKG, id=b"k", servers=servers, threshold=3, dem="plain")
    assert seal.decrypt(plain[0], keys(PKG, b"k")) == plain[1]


def test_results_into_caller_buffers(three):
    servers, keys = three
    msg = os.urandom(5000)
    e = seal.Encryptor(servers, threshold=2)
    size = e.encrypted_size(len(msg), PKG, b"o", aad=b"h")
    buf = bytearray(size + 7)
    obj = e.encrypt(msg, PKG, b"o", aad=b"h", out=buf)
    assert isinstance(obj, memoryview) and len(obj) == size and obj.obj is not None
    assert seal.decrypted_size(obj) == len(msg)
    pt = bytearray(len(msg))
    got = seal.decrypt(obj, keys(PKG, b"o"), out=pt)
    assert got == msg and bytes(pt) == msg
    with pytest.raises(ValueError):
        seal.decrypt(obj, keys(PKG, b"o"), out=bytearray(len(msg) - 1))
    with pytest.raises(TypeError):
        seal.decrypt(obj, keys(PKG, b"o"), out=bytes(len(msg)))  # read-only
    # a failed decryption leaves the caller's buffer wiped
    bad = bytearray(obj)
    bad[-5] ^= 1
    pt[:] = b"\xaa" * len(pt)
    with pytest.raises(seal.DecryptionFailed):
        seal.decrypt(bad, keys(PKG, b"o"), out=pt)
    assert bytes(pt) == bytes(len(pt))
    obj2, key = seal.encrypt_with_key(msg, package_id=PKG, id=b"o", servers=servers, threshold=1)
    assert seal.decrypt_with_key(obj2, key, out=pt) == msg


def test_threads(three):
    """The GIL is released during each C call: encryptions and decryptions from several threads
    at once give correct results (sessions and the offline functions are thread safe)."""
    from concurrent.futures import ThreadPoolExecutor

    servers, keys = three
    k = keys(PKG, b"t")
    e = seal.Encryptor(servers, threshold=2)

    def job(i):
        msg = os.urandom(1000 + i)
        return seal.decrypt(e.encrypt(msg, PKG, b"t"), k, public_keys=servers) == msg

    with ThreadPoolExecutor(4) as pool:
        assert all(pool.map(job, range(16)))


def test_decrypt_failures(three):
    servers, keys = three
    obj = bytearray(seal.encrypt(b"secret", package_id=PKG, id=b"x", servers=servers, threshold=2))
    with pytest.raises(seal.NotEnoughShares):
        seal.decrypt(obj, keys(PKG, b"x", (1,)))
    with pytest.raises(seal.DecryptionFailed):
        seal.decrypt(obj, keys(PKG, b"y", (0, 1)))  # keys of another id
    obj[-5] ^= 1  # in the GCM tag (the object ends with the tag, then Some(empty aad))
    with pytest.raises(seal.DecryptionFailed):
        seal.decrypt(obj, keys(PKG, b"x"))
    with pytest.raises(seal.InvalidEncoding):
        seal.decrypt(bytes(obj) + b"\0", keys(PKG, b"x"))


def test_encryptor_is_byte_identical_to_encrypt(three):
    servers, keys = three
    seed = os.urandom(32 + 32 * 2 + 48)
    a = seal.encrypt(b"m" * 1000, package_id=PKG, id=b"i", servers=servers, threshold=3, rng=ReplayRng(seed))
    e = seal.Encryptor(servers, threshold=3)
    b = e.encrypt(b"m" * 1000, PKG, b"i", rng=ReplayRng(seed))
    assert a == b
    assert seal.decrypt(e.encrypt(b"again", PKG, b"i"), keys(PKG, b"i")) == b"again"
    with pytest.raises(seal.InvalidEncoding):
        seal.Encryptor([(b"\x01" * 32, b"\x00" * 96)], threshold=1)


def test_file_streaming(three, tmp_path):
    servers, keys = three
    src = tmp_path / "big.bin"
    data = os.urandom(3 * 1024 * 1024 + 17)
    src.write_bytes(data)
    size = seal.encrypt_file(src, tmp_path / "big.seal", package_id=PKG, id=b"f", servers=servers,
                             threshold=2, aad=b"a")
    obj = (tmp_path / "big.seal").read_bytes()
    assert size == len(obj)
    assert seal.decrypt(obj, keys(PKG, b"f")) == data  # the same format as in memory
    info = seal.inspect_file(tmp_path / "big.seal")
    assert info.size == len(obj) and info.blob is None and info.aad == b"a"
    n = seal.decrypt_file(tmp_path / "big.seal", tmp_path / "out.bin", keys(PKG, b"f"), servers)
    assert n == len(data) and (tmp_path / "out.bin").read_bytes() == data
    assert oct((tmp_path / "out.bin").stat().st_mode & 0o777) == "0o600"
    # a corrupted object: an error, and neither the output nor a temporary file is left
    bad = bytearray(obj)
    bad[len(bad) // 2] ^= 0x40
    (tmp_path / "bad.seal").write_bytes(bad)
    before = set(os.listdir(tmp_path))
    with pytest.raises(seal.DecryptionFailed):
        seal.decrypt_file(tmp_path / "bad.seal", tmp_path / "bad.out", keys(PKG, b"f"))
    assert set(os.listdir(tmp_path)) == before
    with pytest.raises(FileNotFoundError):
        seal.decrypt_file(tmp_path / "missing.seal", tmp_path / "x", keys(PKG, b"f"))


def test_library_is_the_one_under_test():
    want = os.environ.get("SEAL_LIBRARY")
    if want:
        assert seal.LIBRARY_PATH == want
    assert seal.full_id(PKG, b"\x01") == b"\x11" * 32 + b"\x01"
