"""Bytes → text: UTF-8 first, then charset detection (charset-normalizer) before giving up."""
from __future__ import annotations

from charset_normalizer import from_bytes


class UndecodableError(ValueError):
    pass


def looks_binary(data: bytes) -> bool:
    """NUL bytes or a high share of control characters mean this is not a text file."""
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return len(sample) > 0 and controls / len(sample) > 0.05


def decode_bytes(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if looks_binary(data):
        raise UndecodableError("binary content, not text")
    best = from_bytes(data).best()
    if best is None:
        raise UndecodableError("undecodable bytes (no text encoding fits)")
    return str(best)
