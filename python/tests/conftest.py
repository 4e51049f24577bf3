"""Shared fixtures. The suite runs from ctest (tests/python.cmake sets the variables below) or by
hand from the repository root:

    SEAL_LIBRARY=build/release/libseal.so.0 SEAL_CLI=build/release/seal python3 -m pytest python/tests

SEAL_LIBRARY  the libseal.so.0 under test (else the package's own search: docs/python.md)
SEAL_CLI      the seal command (the CLI round trip and the networked tests need it)
SEAL_PY_LAYOUT  seal-py-layout (prints the C layout of the structures the package mirrors)
SEAL_VECTORS  tests/vectors (default: found from this file)
"""

import json
import os
import pathlib
import sys

import pytest

HERE = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))  # the package from the tree, not an installed copy

import seal  # noqa: E402

VECTORS = pathlib.Path(os.environ.get("SEAL_VECTORS", HERE.parent.parent / "tests" / "vectors"))


def load_vectors(rel):
    with open(VECTORS / rel) as f:
        return json.load(f)


@pytest.fixture(scope="session")
def seal_cli():
    cli = os.environ.get("SEAL_CLI")
    if not cli:
        pytest.skip("SEAL_CLI is not set (the seal command under test)")
    return cli


class ReplayRng:
    """Recorded randomness handed out in order; checks that all of it was used."""

    def __init__(self, data):
        self.data = data
        self.pos = 0

    def __call__(self, n):
        b = self.data[self.pos : self.pos + n]
        if len(b) != n:
            raise AssertionError("more randomness asked than recorded")
        self.pos += n
        return b

    def used_all(self):
        return self.pos == len(self.data)


def recorded_rng(v):
    r = v["randomness"]
    return ReplayRng(
        bytes.fromhex(r["base_key_hex"])
        + bytes.fromhex("".join(r["shamir_coefficients_hex"]))
        + bytes.fromhex(r["ibe_r_seed_hex"])
    )
