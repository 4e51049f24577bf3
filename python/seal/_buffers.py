"""Zero-copy access to Python buffers and fresh bytes objects for C to fill.

Inputs: any object with the buffer protocol (bytes, bytearray, memoryview, mmap, array) is
passed to C by address, without a copy, through PyObject_GetBuffer (read-only buffers such as
bytes and read-only mmaps included, which ctypes' from_buffer refuses). The buffer is held (and
so cannot be resized or freed) until the call returns.

Outputs: results are built as a bytes object of the exact size, allocated uninitialised and
filled by the library in place (PyBytes_FromStringAndSize(NULL, n), the way C extensions build
bytes), so a 64 MiB plaintext is written once and never copied afterwards.
"""

import contextlib
import ctypes
from ctypes import c_char_p, c_int, c_ssize_t, c_void_p, py_object

from . import _lib


class _PyBuffer(ctypes.Structure):  # CPython's Py_buffer (stable layout since 3.3)
    _fields_ = [
        ("buf", c_void_p),
        ("obj", c_void_p),
        ("len", c_ssize_t),
        ("itemsize", c_ssize_t),
        ("readonly", c_int),
        ("ndim", c_int),
        ("format", c_char_p),
        ("shape", c_void_p),
        ("strides", c_void_p),
        ("suboffsets", c_void_p),
        ("internal", c_void_p),
    ]


_api = ctypes.pythonapi
_api.PyObject_GetBuffer.argtypes = [py_object, ctypes.POINTER(_PyBuffer), c_int]
_api.PyObject_GetBuffer.restype = c_int
_api.PyBuffer_Release.argtypes = [ctypes.POINTER(_PyBuffer)]
_api.PyBuffer_Release.restype = None
_api.PyBytes_FromStringAndSize.argtypes = [c_void_p, c_ssize_t]
_api.PyBytes_FromStringAndSize.restype = py_object
_api.PyBytes_AsString.argtypes = [py_object]
_api.PyBytes_AsString.restype = c_void_p

_PyBUF_SIMPLE = 0
_PyBUF_WRITABLE = 1


@contextlib.contextmanager
def view(data, writable=False):
    """(address, length) of a contiguous buffer for the duration of the with-block.

    None and b"" give (None, 0). str is refused: Seal works on bytes."""
    if data is None:
        yield None, 0
        return
    if isinstance(data, str):
        raise TypeError("expected a bytes-like object, not str (encode it first)")
    pb = _PyBuffer()
    # PyObject_GetBuffer raises the Python exception itself (TypeError, BufferError) on failure
    _api.PyObject_GetBuffer(data, ctypes.byref(pb), _PyBUF_WRITABLE if writable else _PyBUF_SIMPLE)
    try:
        yield (pb.buf if pb.len else None), pb.len
    finally:
        _api.PyBuffer_Release(ctypes.byref(pb))


def new_bytes(n):
    """A new bytes object of n uninitialised bytes and its address (to be filled before use)."""
    b = _api.PyBytes_FromStringAndSize(None, n)
    return b, _api.PyBytes_AsString(b)


def fixed(data, n, what):
    """data as exactly n bytes (bytes-like, or hex text with an optional 0x prefix)."""
    b = as_bytes(data, what)
    if len(b) != n:
        raise ValueError(f"{what}: expected {n} bytes, got {len(b)}")
    return b


def as_bytes(data, what):
    """bytes-like or hex text ("0x…" or plain) as bytes (small values only: ids, keys)."""
    if isinstance(data, str):
        s = data[2:] if data[:2] in ("0x", "0X") else data
        try:
            return bytes.fromhex(s)
        except ValueError:
            raise ValueError(f"{what}: not hex text") from None
    if data is None:
        return b""
    return bytes(memoryview(data))


def object_id(data, what="object id"):
    """A 32-byte Sui object id or address: bytes, or hex text, short forms ("0x6") allowed."""
    if isinstance(data, str):
        s = data[2:] if data[:2] in ("0x", "0X") else data
        if not 1 <= len(s) <= 64:
            raise ValueError(f"{what}: expected 0x and up to 64 hex digits")
        return fixed(s.rjust(64, "0"), 32, what)
    return fixed(data, 32, what)


def hex0x(b):
    return "0x" + bytes(b).hex()


def wipe(addr, n):
    if addr and n:
        _lib.memzero(addr, n)
