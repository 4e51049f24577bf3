"""The networked story against local servers started here, as scripts/localnet-demo.sh does it:
a local chain (`seal localnet serve`, Sui's gRPC API), three key servers registered on it
(`seal server`, Open mode), Alice's allowlist with Bob on it. Python encrypts 2-of-3 with the
public keys read from the chain, Bob decrypts through the key servers with a session key, Carol
is refused with NoAccess; session keys cross between Python and the CLI in the SDK's format.
Every process started here is stopped (SIGTERM, checked) when the module ends."""

import json
import os
import signal
import socket
import subprocess
import time

import pytest

import seal

READY_TIMEOUT = float(os.environ.get("SEAL_DEMO_READY_TIMEOUT", "30"))
CLI_TIMEOUT = float(os.environ.get("SEAL_DEMO_TIMEOUT", "60"))


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Story:
    def __init__(self, cli, work):
        self.cli = cli
        self.w = work
        self.procs = {}

    def run(self, *args):
        p = subprocess.run([self.cli, *args], capture_output=True, timeout=CLI_TIMEOUT,
                           stdin=subprocess.DEVNULL)
        assert p.returncode == 0, f"seal {args[0]} {args[1] if len(args) > 1 else ''}: " + p.stderr.decode(errors="replace")
        return p.stdout.decode()

    def json(self, *args):
        return json.loads(self.run(*args))

    def start(self, name, *args):
        out = open(self.w / f"{name}.out", "wb")
        err = open(self.w / f"{name}.err", "wb")
        p = subprocess.Popen([self.cli, *args], stdout=out, stderr=err, stdin=subprocess.DEVNULL,
                             start_new_session=True)
        self.procs[name] = p
        deadline = time.monotonic() + READY_TIMEOUT
        while time.monotonic() < deadline:
            for line in (self.w / f"{name}.out").read_text().splitlines():
                if line.startswith("ready "):
                    return line[len("ready "):]
            if p.poll() is not None:
                raise AssertionError(f"{name} exited ({p.returncode}): " + (self.w / f"{name}.err").read_text()[-400:])
            time.sleep(0.05)
        raise AssertionError(f"{name}: no ready line within {READY_TIMEOUT} s")

    def stop_all(self):
        bad = []
        for p in self.procs.values():
            if p.poll() is None:
                p.send_signal(signal.SIGTERM)
        for name, p in self.procs.items():
            try:
                rc = p.wait(timeout=10)
            except subprocess.TimeoutExpired:
                os.killpg(p.pid, signal.SIGKILL)
                p.wait()
                bad.append(f"{name} did not stop on SIGTERM")
                continue
            if rc != 0:
                bad.append(f"{name} exited with {rc}")
        self.procs = {}
        return bad


@pytest.fixture(scope="module")
def story(seal_cli, tmp_path_factory):
    w = tmp_path_factory.mktemp("story")
    s = Story(seal_cli, w)
    try:
        g = s.json("localnet", "init", "--data", str(w / "chain"))
        s.examples = g["examples_package"]
        seal_pkg = g["seal_package"]
        s.chain_url = s.start("localnet", "localnet", "serve", "--data", str(w / "chain"),
                              "--listen", "127.0.0.1:0")
        s.keys = {}
        s.addr = {}
        for who in ("alice", "bob", "carol", "operator"):
            a = s.json("localnet", "account", "new")
            s.addr[who] = a["address"]
            s.keys[who] = a["private_key"]
            (w / f"{who}.key").write_text(a["private_key"] + "\n")
            os.chmod(w / f"{who}.key", 0o600)
        s.ks = []
        for i in range(3):
            msk, pk = seal.keygen()
            (w / f"ks{i}.key").write_text("0x" + msk.hex() + "\n")
            os.chmod(w / f"ks{i}.key", 0o600)
            port = free_port()
            url = f"http://127.0.0.1:{port}"
            r = s.json("localnet", "keyserver", "register", "--chain", s.chain_url, "--key",
                       f"@{w}/operator.key", "--name", f"py-{i}", "--url", url,
                       "--public-key", "0x" + pk.hex())
            oid = r["key_server"]
            (w / f"ks{i}.yaml").write_text(
                f"network: !Devnet\n  seal_package: {seal_pkg}\n"
                f"server_mode: !Open\n  key_server_object_id: {oid}\n"
                f"chain: {s.chain_url}\nlisten: 127.0.0.1:{port}\nmetrics_host_port: \"\"\n"
                f"master_key_file: {w}/ks{i}.key\nthreads: 2\n"
            )
            s.ks.append((oid, pk, url))
        for i in range(3):
            assert s.start(f"server{i}", "server", "--config", str(w / f"ks{i}.yaml")) == s.ks[i][2]
        r = s.json("localnet", "allowlist", "create", "--chain", s.chain_url, "--key",
                   f"@{w}/alice.key", "--name", "py-readers")
        s.allowlist, cap = r["allowlist"], r["cap"]
        s.run("localnet", "allowlist", "add", "--chain", s.chain_url, "--key", f"@{w}/alice.key",
              "--allowlist", s.allowlist, "--cap", cap, "--member", s.addr["bob"])
        s.approve = f"{s.examples}::allowlist::seal_approve"
        yield s
    finally:
        problems = s.stop_all()
    assert not problems, problems


def test_bob_decrypts_carol_is_refused(story, tmp_path):
    s = story
    chain = seal.Chain(s.chain_url)
    client = seal.Client(chain, servers=[k[0] for k in s.ks])
    info = client.servers()
    assert [i["url"] for i in info] == [k[2] for k in s.ks]  # resolved on chain
    assert [i["public_key"] for i in info] == [k[1] for k in s.ks]
    msg = b"The harbour plans, version 7: the north pier moves 40 m east."
    inner = bytes.fromhex(s.allowlist[2:]) + os.urandom(8)  # the allowlist policy's id prefix
    obj = client.encrypt(msg, package_id=s.examples, id=inner, threshold=2)
    assert seal.inspect(obj).threshold == 2

    bob = seal.Session.create(s.keys["bob"], s.examples, ttl_min=10)
    assert bob.address == s.addr["bob"] and not bob.is_expired()
    reader = seal.Client.for_object(chain, obj)
    assert reader.decrypt(obj, bob, s.approve, [f"object:{s.allowlist}"]) == msg

    keys = reader.fetch_keys(bob, s.approve, [f"object:{s.allowlist}"], ids=[inner], threshold=2)
    assert len(keys[inner]) >= 2
    assert seal.decrypt(obj, keys[inner], public_keys=client.key_servers()) == msg

    carol = seal.Session.create(seal.SuiKeypair.from_bech32(s.keys["carol"]), s.examples)
    fresh = seal.Client.for_object(chain, obj)
    with pytest.raises(seal.NoAccess) as e:
        fresh.decrypt(obj, carol, s.approve, [f"object:{s.allowlist}"])
    assert "NoAccess" in str(e.value)
    assert e.value.servers and all(f.kind == "NoAccess" for f in e.value.servers)
    assert {f.object_id for f in e.value.servers} <= {k[0] for k in s.ks}

    # streamed through files, fetching for the object read from disk
    (tmp_path / "plans.seal").write_bytes(obj)
    n = fresh.decrypt_file(tmp_path / "plans.seal", tmp_path / "plans.txt", bob, s.approve,
                           [f"object:{s.allowlist}"])
    assert n == len(msg) and (tmp_path / "plans.txt").read_bytes() == msg
    with pytest.raises(seal.NoAccess):
        seal.Client.for_object(chain, obj).decrypt_file(
            tmp_path / "plans.seal", tmp_path / "carol.txt", carol, s.approve,
            [f"object:{s.allowlist}"])
    assert not (tmp_path / "carol.txt").exists()
    for c in (client, reader, fresh):
        c.close()
    chain.close()


def test_pop_json_rpc_and_expiry(story):
    """The servers' proofs of possession checked (verify_pop), the chain read over the legacy
    JSON-RPC, and an expired session refused before any request."""
    s = story
    inner = bytes.fromhex(s.allowlist[2:]) + b"pop"
    with seal.Chain("jsonrpc+" + s.chain_url) as chain:
        client = seal.Client(chain, servers={k[0]: 1 for k in s.ks}, verify_pop=True)
        obj = client.encrypt(b"over JSON-RPC", package_id=s.examples, id=inner, threshold=3)
        bob = seal.Session.create(s.keys["bob"], s.examples)
        assert client.decrypt(obj, bob, s.approve, [f"object:{s.allowlist}"]) == b"over JSON-RPC"
        old = seal.Session.create(s.keys["bob"], s.examples, ttl_min=1,
                                  creation_time_ms=int(time.time() * 1000) - 120_000)
        assert old.is_expired()
        with pytest.raises(seal.Expired):
            seal.Client.for_object(chain, obj).decrypt(obj, old, s.approve, [f"object:{s.allowlist}"])
        client.close()


def test_sessions_cross_between_python_and_the_cli(story, tmp_path):
    s = story
    inner = bytes.fromhex(s.allowlist[2:]) + b"cli"
    args = ["encrypt", "--chain", s.chain_url, "--threshold", "2", "--package", s.examples,
            "--id", inner.hex(), "--in", "-", "--out", str(tmp_path / "c.seal")]
    for oid, _, _ in s.ks:
        args += ["--key-server", oid]
    p = subprocess.run([s.cli, *args], input=b"from the CLI", capture_output=True, timeout=CLI_TIMEOUT)
    assert p.returncode == 0, p.stderr
    # a session made by the CLI, used by Python
    s.run("session", "create", "--key", f"@{s.w}/bob.key", "--package", s.examples,
          "--out", str(tmp_path / "cli.session"))
    bob = seal.Session.load(tmp_path / "cli.session")
    with seal.Chain(s.chain_url) as chain:
        obj = (tmp_path / "c.seal").read_bytes()
        got = seal.Client.for_object(chain, obj).decrypt(obj, bob, s.approve, [f"object:{s.allowlist}"])
        assert got == b"from the CLI"
    # a session made by Python (saved in the SDK's format), used by the CLI
    seal.Session.create(s.keys["bob"], s.examples).save(tmp_path / "py.session")
    assert oct(os.stat(tmp_path / "py.session").st_mode & 0o777) == "0o600"
    exported = json.loads((tmp_path / "py.session").read_text())
    assert exported["address"] == s.addr["bob"] and exported["sessionKey"].startswith("suiprivkey1")
    s.run("decrypt", "--session", str(tmp_path / "py.session"), "--chain", s.chain_url,
          "--approve", s.approve, "--arg", f"object:{s.allowlist}",
          "--in", str(tmp_path / "c.seal"), "--out", str(tmp_path / "c.txt"))
    assert (tmp_path / "c.txt").read_bytes() == b"from the CLI"
