"""Undo encoding damage in track files: UTF-8 text that was decoded with a single-byte code page."""

from __future__ import annotations

import codecs
import re

import ftfy
from ftfy.badness import is_bad

# ---------------------------------------------------------------------------------------------
# Mojibake repair

# Only the fixes that undo encoding damage; everything that would change correct text
# (quotes, dashes, line breaks, HTML entities, Unicode normalisation, widths, ligatures,
# control characters) is off. The two "guessing" UTF-8 fixers are off too: they read a
# space as a lost 0xA0 byte, which swallows real spaces and invents the wrong emoji.
# explain=True is deliberate: with explain=False, ftfy 6.3 runs its encoding fixer with
# the default options, ignoring restore_byte_a0 and decode_inconsistent_utf8 set here.
_FTFY_CONFIG = ftfy.TextFixerConfig(
    unescape_html=False,
    remove_terminal_escapes=False,
    fix_encoding=True,
    restore_byte_a0=False,
    replace_lossy_sequences=False,
    decode_inconsistent_utf8=False,
    fix_c1_controls=True,
    fix_latin_ligatures=False,
    fix_character_width=False,
    uncurl_quotes=False,
    fix_line_breaks=False,
    fix_surrogates=True,
    remove_control_chars=False,
    normalization=None,
    explain=True,
)

# The single-byte code pages ftfy knows how to undo, in ftfy's order of preference.
_CODE_PAGES = (
    "latin-1",
    "windows-1252",
    "windows-1251",
    "windows-1250",
    "windows-1253",
    "windows-1254",
    "windows-1257",
    "iso-8859-2",
    "mac-roman",
    "cp437",
)
_NON_ASCII_RUN = re.compile(r"[^\x00-\x7f]{2,}")


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 text that was decoded with a single-byte code page ("â€”" -> "—").

    ftfy repairs whole lines it can decode. What it leaves are runs mixed with text whose
    bytes were lost: a code page such as windows-1254 has no character for bytes like 0x8F
    or 0x9D, so they vanished and the emoji they belonged to cannot be decoded whole. Those
    runs are re-encoded with the code page that produced them and decoded as UTF-8; the
    complete characters come back and the cut-off remainders (beyond recovery) are dropped.
    """
    text = ftfy.fix_text(text, _FTFY_CONFIG)
    return _NON_ASCII_RUN.sub(_repair_run, text)


def _repair_run(match: re.Match[str]) -> str:
    run = match.group()
    if not is_bad(run):
        return run
    best_text, best_consumed = run, 0
    for code_page in _CODE_PAGES:
        repaired, consumed = _redecode(run, code_page)
        if consumed > best_consumed:
            best_text, best_consumed = repaired, consumed
    return best_text


def _redecode(run: str, code_page: str) -> tuple[str, int]:
    """Re-decode `run` as UTF-8 bytes shown through `code_page`.

    Returns the new text and how many characters of `run` took part in UTF-8 sequences.
    Characters that do not belong to a sequence are kept as they are.
    """
    raw = [_single_byte(character, code_page) for character in run]
    pieces: list[str] = []
    consumed = 0
    position = 0
    while position < len(run):
        length, decoded = _utf8_sequence_at(raw, position)
        if length:
            pieces.append(decoded)
            consumed += length
            position += length
        else:
            pieces.append(run[position])
            position += 1
    return "".join(pieces), consumed


def _single_byte(character: str, code_page: str) -> int | None:
    try:
        encoded = character.encode(code_page)
    except UnicodeEncodeError:
        return None
    return encoded[0] if len(encoded) == 1 else None


def _utf8_sequence_at(raw: list[int | None], position: int) -> tuple[int, str]:
    """Length and text of the UTF-8 sequence starting at `position` (0 if there is none).

    A sequence cut short (a lead byte and at least one continuation byte, then no more)
    counts with an empty text: its missing bytes are lost.
    """
    expected = _utf8_length(raw[position])
    if expected < 2:
        return 0, ""
    decoder = codecs.getincrementaldecoder("utf-8")()
    for offset in range(expected):
        byte = raw[position + offset] if position + offset < len(raw) else None
        if byte is None:
            return (offset, "") if offset >= 2 else (0, "")
        try:
            decoded = decoder.decode(bytes([byte]))
        except UnicodeDecodeError:
            return (offset, "") if offset >= 2 else (0, "")
        if decoded:
            return offset + 1, decoded
    return 0, ""


def _utf8_length(byte: int | None) -> int:
    if byte is None or byte < 0xC2 or byte > 0xF4:
        return 0
    if byte < 0xE0:
        return 2
    if byte < 0xF0:
        return 3
    return 4
