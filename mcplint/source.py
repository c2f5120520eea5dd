"""Reading: bytes to text, losslessly.

UTF-8 is the norm. A UTF-8 BOM stays in the text as U+FEFF at offset 0 (the `byte-order-mark`
rule reports it; removing it is a text edit). UTF-16 (Notepad's "Unicode") is decoded and flagged.
Invalid UTF-8 bytes are kept with `surrogateescape`, so writing the text back restores them
exactly: a fix elsewhere in the file never destroys bytes mcplint could not read.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

# The characters `surrogateescape` stands undecodable bytes in for (and any lone surrogate):
# they cannot be written to a UTF-8 stream as they are.
UNDECODABLE = re.compile("[\ud800-\udfff]")


@dataclass(frozen=True)
class EncodingProblem:
    kind: str  # "utf-16" | "invalid-utf-8"
    offset: int  # in the decoded text
    message: str
    fixable: bool = False  # re-encoding as UTF-8 keeps every character


@dataclass(frozen=True)
class Source:
    text: str
    encoding: str  # "utf-8", "utf-16-le" or "utf-16-be": how to write the text back
    problem: EncodingProblem | None = None


def encode(text: str, encoding: str) -> bytes:
    """The bytes of `text` (undecodable bytes restored). Raises UnicodeEncodeError for text the
    encoding cannot hold (a lone surrogate outside U+DC80-U+DCFF in UTF-8): use `encode_exact`
    when the text may hold one."""
    if encoding == "utf-8":
        return text.encode("utf-8", "surrogateescape")
    return text.encode(encoding, "surrogatepass")


def encode_exact(text: str, encoding: str) -> bytes | None:
    """The bytes of `text` in `encoding` when they decode back (`decode_as`) to exactly `text`;
    None when the encoding cannot hold it losslessly. Never raises."""
    try:
        data = encode(text, encoding)
    except UnicodeError:
        return None
    return data if decode_as(data, encoding).text == text else None


def decode(data: bytes) -> Source:
    """Decode a config file's bytes, deciding their encoding. Never raises."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and not data.startswith(
        codecs.BOM_UTF32_LE
    ):
        encoding = "utf-16-le" if data.startswith(codecs.BOM_UTF16_LE) else "utf-16-be"
        return _utf16(data, encoding)
    guess = _utf16_without_bom(data)
    if guess:
        return _utf16(data, guess)
    return _utf8(data)


def decode_as(data: bytes, encoding: str) -> Source:
    """Decode bytes in an encoding decided before (the fix loop decides once per file, from the
    original bytes: a fix must not flip the detection). Never raises."""
    if encoding == "utf-8":
        return _utf8(data)
    return _utf16(data, encoding)


def _utf8(data: bytes) -> Source:
    try:
        return Source(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError as exc:
        text = data.decode("utf-8", "surrogateescape")
        offset = len(data[: exc.start].decode("utf-8", "surrogateescape"))
        byte = data[exc.start]
        return Source(
            text,
            "utf-8",
            EncodingProblem(
                "invalid-utf-8",
                offset,
                f"invalid UTF-8: byte 0x{byte:02X} at byte offset {exc.start} is not UTF-8 "
                "(the file may be saved in a legacy encoding such as Windows-1252)",
            ),
        )


def _utf16(data: bytes, encoding: str) -> Source:
    whole = len(data) % 2 == 0
    text = data[: len(data) - (not whole)].decode(encoding, "surrogatepass")
    how = "with a byte-order mark" if text.startswith("\ufeff") else "without a byte-order mark"
    message = (
        f"the file is UTF-16 ({encoding.upper()}, {how}; Notepad's 'Unicode'): "
        "clients read config files as UTF-8"
    )
    if not whole:  # a truncated last byte: re-encoding would drop it, so there is no fix
        message += "; its last byte is a truncated character"
        text += "\ufffd"
    # An unpaired surrogate code unit has no UTF-8 form: re-encoding would lose it.
    lone = UNDECODABLE.search(text)
    if lone is not None:
        message += f"; it holds an unpaired surrogate (U+{ord(lone.group()):04X})"
    fixable = whole and lone is None
    return Source(text, encoding, EncodingProblem("utf-16", 0, message, fixable=fixable))


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when the bytes look like BOM-less UTF-16 JSON or TOML.

    Conservative: besides the zero bytes of ASCII-ish UTF-16, the decoded start must look like a
    config file (it starts with a bracket, a quote, a comment or a key; it is printable and
    mostly ASCII), so that mixed ASCII/UTF-16 bytes are not taken for UTF-16 (they would read as
    CJK characters, and re-encoding them would write mojibake)."""
    sample = data[:200]
    if len(sample) < 4:
        return None
    sample = sample[: len(sample) - len(sample) % 2]
    even_zeros = sample[0::2].count(0)
    odd_zeros = sample[1::2].count(0)
    half = len(sample) // 2
    # ASCII-ish UTF-16: most units have a zero high byte; a few (U+4E00, U+D800) a zero low one
    if odd_zeros > half * 0.6 and even_zeros <= half * 0.1:
        guess = "utf-16-le"
    elif even_zeros > half * 0.6 and odd_zeros <= half * 0.1:
        guess = "utf-16-be"
    else:
        return None
    start = sample.decode(guess, "surrogatepass")
    if start and "\ud800" <= start[-1] <= "\udbff":
        start = start[:-1]  # the sample may end inside a surrogate pair
    if not _looks_like_config(start):
        return None
    return guess


def _looks_like_config(start: str) -> bool:
    body = start.lstrip(" \t\r\n")
    if not body or not (body[0] in "{[\"'/#" or (body[0].isascii() and body[0].isalpha())):
        return False
    if any((ch < " " and ch not in "\t\r\n") or "\x7f" <= ch < "\xa0" for ch in start):
        return False  # control characters: no text file holds them
    return sum(ch.isascii() for ch in start) >= 0.8 * len(start)
