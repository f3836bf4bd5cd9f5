"""Bytes → text: a byte-order mark, then UTF-8 (with U+FFFD for a few stray bytes in otherwise valid UTF-8), then
charset detection (charset-normalizer) before giving up.

Whatever comes out is safe to pass on: no lone surrogates (JSON's "\\ud800" escapes make them; they cannot be
written as UTF-8 nor stored), which ``safe_text`` replaces with U+FFFD.
"""
from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes


class UndecodableError(ValueError):
    pass


_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"), (codecs.BOM_UTF8, "utf-8-sig"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))
_SURROGATES = re.compile(r"[\ud800-\udfff]")
# Detection looks at a sample, not at megabytes: charset-normalizer's cost grows with the input.
_DETECT_SAMPLE = 256 * 1024


def safe_text(text: str) -> str:
    """``text`` with lone surrogates replaced by U+FFFD."""
    return _SURROGATES.sub("\ufffd", text)


def looks_binary(data: bytes) -> bool:
    """NUL bytes or a high share of control characters mean this is not a text file."""
    sample = data[:8192]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 9 or 13 < b < 32)
    return len(sample) > 0 and controls / len(sample) > 0.05


def _utf16_without_bom(data: bytes) -> str | None:
    """UTF-16 text without a byte-order mark: NUL in (nearly) every other byte of the sample."""
    sample = data[:8192]
    if len(sample) < 8:
        return None
    for encoding, zeros in (("utf-16-le", sample[1::2]), ("utf-16-be", sample[0::2])):
        if zeros.count(0) >= 0.9 * len(zeros):
            try:
                text = data[: len(data) - len(data) % 2].decode(encoding)
            except UnicodeDecodeError:
                return None
            return text if "\x00" not in text else None
    return None


_NON_ASCII = re.compile(r"[^\x00-\x7f]")
_REPLACED = re.compile("\ufffd+")


def _nearly_utf8(data: bytes, evidence: int = 4) -> str | None:
    """UTF-8 text with a few stray bytes (a truncated copy, one Latin-1 character pasted in), decoded as UTF-8 with
    U+FFFD for the strays; None when it does not look like that. Valid multi-byte sequences must outnumber the
    invalid places four to one, and these be rare (two, or one in 200 bytes): a Latin-1 or cp1252 text has invalid
    bytes and no valid sequences, so it goes to charset detection, which would otherwise turn every curly quote of
    the UTF-8 text into mojibake ("“" read as Mac-Roman is "‚Äú"). With ``evidence`` 0 (when no other encoding
    fits either) rare invalid bytes are enough."""
    text = data.decode("utf-8", errors="replace")
    # one stray byte inside a character breaks it into a few replaced bytes: count places, not bytes; a longer run
    # of invalid bytes is no stray
    runs = _REPLACED.findall(text)
    replaced = len(runs) - len(_REPLACED.findall(data.decode("utf-8", errors="ignore")))
    valid = len(_NON_ASCII.findall(text)) - text.count("\ufffd")
    if (replaced < 1 or valid < evidence * replaced or replaced > max(2, len(data) // 200)
            or max(map(len, runs)) > 4):
        return None
    return safe_text(text)


def decode_bytes(data: bytes) -> str:
    """Decode one file or line; raise UndecodableError (saying why) when it is binary or fits no encoding."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return safe_text(data.decode(encoding))
            except UnicodeDecodeError:
                nearly = _nearly_utf8(data)  # a stray byte or two that look like a byte-order mark
                if nearly is not None:
                    return nearly
                raise UndecodableError(f"undecodable bytes (a {encoding.upper()} byte-order mark, but not "
                                       f"{encoding.upper()} text)") from None
    if looks_binary(data):
        text = _utf16_without_bom(data)
        if text is not None:
            return safe_text(text)
        raise UndecodableError("binary content, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    nearly = _nearly_utf8(data)
    if nearly is not None:
        return nearly
    sample = data[:_DETECT_SAMPLE]
    best = from_bytes(sample).best()
    if best is None or best.encoding is None:
        rare = _nearly_utf8(data, evidence=0)  # ASCII with a stray byte or two: nothing else fits either
        if rare is not None:
            return rare
        raise UndecodableError(f"undecodable bytes (not UTF-8: {utf8_error.reason} at byte {utf8_error.start}; "
                               f"no other text encoding fits)")
    try:
        return safe_text(data.decode(best.encoding))
    except (UnicodeDecodeError, LookupError):
        # the sample fitted, the rest does not: keep what can be read rather than lose the article
        return safe_text(data.decode(best.encoding, errors="replace"))
