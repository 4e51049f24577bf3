"""Round trips with the seal command: objects the CLI writes decrypt in Python and the other way
round, keys agree, and `seal inspect` prints what seal.inspect() returns."""

import json
import os
import subprocess

import pytest

import seal

PKG = "0x" + "ab" * 32
ID = "c0ffee" * 5


def run(cli, *args, input=None):
    p = subprocess.run([cli, *args], capture_output=True, input=input, timeout=120)
    assert p.returncode == 0, p.stderr.decode(errors="replace")
    return p.stdout.decode()


@pytest.fixture(scope="module")
def servers(seal_cli):
    out = []
    for i in range(3):
        text = run(seal_cli, "keygen")
        msk = next(l.split(": ")[1] for l in text.splitlines() if l.startswith("Master key: "))
        pk = next(l.split(": ")[1] for l in text.splitlines() if l.startswith("Public key: "))
        assert seal.public_key(msk).hex() == pk[2:]
        out.append(("0x%064x" % (0x5EA1 + i), msk, pk))
    return out


def usk_cli(cli, msk):
    return run(cli, "extract", "--master-key", msk, "--package-id", PKG, "--id", ID).strip()


@pytest.mark.parametrize("dem", ["aes-256-gcm", "hmac-256-ctr"])
def test_cli_encrypt_python_decrypt(seal_cli, servers, tmp_path, dem):
    msg = os.urandom(200_000)
    (tmp_path / "m").write_bytes(msg)
    args = ["encrypt", "--package-id", PKG, "--id", ID, "--threshold", "2", "--dem", dem,
            "--aad", "0102", "--in", str(tmp_path / "m"), "--out", str(tmp_path / "m.seal")]
    for oid, _, pk in servers:
        args += ["--server", f"{oid}:{pk}"]
    run(seal_cli, *args)
    obj = (tmp_path / "m.seal").read_bytes()
    keys = {}
    for oid, msk, _ in servers[1:]:
        usk = usk_cli(seal_cli, msk)
        assert usk[2:] == seal.extract(msk, PKG, ID).hex()
        keys[oid] = usk
    pks = [(oid, pk) for oid, _, pk in servers]
    assert seal.decrypt(obj, keys, public_keys=pks) == msg
    assert seal.decrypt_file(tmp_path / "m.seal", tmp_path / "py.out", keys, pks) == len(msg)
    assert (tmp_path / "py.out").read_bytes() == msg
    cli_view = json.loads(run(seal_cli, "inspect", str(tmp_path / "m.seal")))
    assert seal.inspect(obj).to_dict() == cli_view
    file_view = seal.inspect_file(tmp_path / "m.seal").to_dict()
    file_view["ciphertext"]["blob"] = cli_view["ciphertext"]["blob"]
    assert file_view == cli_view


def test_python_encrypt_cli_decrypt(seal_cli, servers, tmp_path):
    msg = os.urandom(70_000)
    ks = [seal.KeyServer(oid, pk, 2 if i == 0 else 1) for i, (oid, _, pk) in enumerate(servers)]
    obj = seal.encrypt(msg, package_id=PKG, id=bytes.fromhex(ID), servers=ks, threshold=3)
    (tmp_path / "p.seal").write_bytes(obj)
    args = ["decrypt", "--in", str(tmp_path / "p.seal"), "--out", str(tmp_path / "p.out")]
    for oid, msk, pk in servers[:2]:  # weight 2 + 1 = the threshold
        args += ["--key", f"{oid}:{usk_cli(seal_cli, msk)}", "--public-key", f"{oid}:{pk}"]
    args += ["--public-key", f"{servers[2][0]}:{servers[2][2]}"]
    run(seal_cli, *args)
    assert (tmp_path / "p.out").read_bytes() == msg
    # below the threshold the CLI refuses as Python does
    oid, msk, _ = servers[1]
    bad = ["decrypt", "--in", str(tmp_path / "p.seal"), "--out", str(tmp_path / "q.out"),
           "--key", f"{oid}:{usk_cli(seal_cli, msk)}"]
    p = subprocess.run([seal_cli, *bad], capture_output=True, timeout=120)
    assert p.returncode == 1 and not (tmp_path / "q.out").exists()
    with pytest.raises(seal.NotEnoughShares):
        seal.decrypt(obj, {oid: usk_cli(seal_cli, msk)})
