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
    if encoding == "utf-8":
        return text.encode("utf-8", "surrogateescape")
    return text.encode(encoding, "surrogatepass")


def decode(data: bytes) -> Source:
    """Decode a config file's bytes. Never raises."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) and not data.startswith(
        codecs.BOM_UTF32_LE
    ):
        encoding = "utf-16-le" if data.startswith(codecs.BOM_UTF16_LE) else "utf-16-be"
        return _utf16(data, encoding, "with a byte-order mark")
    guess = _utf16_without_bom(data)
    if guess:
        return _utf16(data, guess, "without a byte-order mark")
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


def _utf16(data: bytes, encoding: str, how: str) -> Source:
    whole = len(data) % 2 == 0
    text = data[: len(data) - (not whole)].decode(encoding, "surrogatepass")
    message = (
        f"the file is UTF-16 ({encoding.upper()}, {how}; Notepad's 'Unicode'): "
        "clients read config files as UTF-8"
    )
    if not whole:  # a truncated last byte: re-encoding would drop it, so there is no fix
        message += "; its last byte is a truncated character"
        text += "\ufffd"
    return Source(text, encoding, EncodingProblem("utf-16", 0, message, fixable=whole))


def _utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when the bytes look like BOM-less UTF-16 ASCII-ish text."""
    sample = data[:200]
    if len(sample) < 4:
        return None
    sample = sample[: len(sample) - len(sample) % 2]
    even_zeros = sample[0::2].count(0)
    odd_zeros = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_zeros > half * 0.6 and even_zeros == 0:
        return "utf-16-le"
    if even_zeros > half * 0.6 and odd_zeros == 0:
        return "utf-16-be"
    return None
