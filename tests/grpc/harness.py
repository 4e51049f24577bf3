"""Helpers shared by the gRPC test scripts of `seal localnet serve` (native.py, hostile.py):
check lines and the final count, starting and stopping the server."""

import re
import shutil
import signal
import subprocess
import sys

counts = {"passed": 0, "failed": 0}


def check(label, cond, detail=""):
    if cond:
        counts["passed"] += 1
        print(f"ok   {label}")
    else:
        counts["failed"] += 1
        print(f"FAIL {label}{': ' + str(detail)[:300] if detail else ''}")


def start_server(seal, data, *extra):
    """`seal localnet serve --data data --listen 127.0.0.1:0 extra...`: (process, host, port)."""
    proc = subprocess.Popen([seal, "localnet", "serve", "--data", data, "--listen", "127.0.0.1:0", *extra], stdout=subprocess.PIPE, text=True)
    line = proc.stdout.readline()
    m = re.match(r"ready http://(127\.0\.0\.1):(\d+)", line)
    if not m:
        proc.kill()
        raise RuntimeError(f"no ready line: {line!r}")
    print(f"# {m.group(1)}:{m.group(2)}")
    return proc, m.group(1), int(m.group(2))


def stop_server(proc):
    """SIGTERM: the server must exit 0."""
    proc.send_signal(signal.SIGTERM)
    check("SIGTERM: exit status 0", proc.wait(timeout=30) == 0)


def finish(error, server, work):
    """Counts an exception of the test itself, kills a server still running, removes work, prints
    "N passed, N failed" and exits 1 if anything failed."""
    if error is not None:
        counts["failed"] += 1
        print(f"FAIL {type(error).__name__}: {error}")
    if server is not None and server.poll() is None:
        server.kill()
    shutil.rmtree(work, ignore_errors=True)
    print(f"{counts['passed']} passed, {counts['failed']} failed")
    sys.exit(1 if counts["failed"] else 0)
