"""Track files as bytes: the size cap, and decoding that names the line of a bad byte."""

from __future__ import annotations

from pathlib import Path

from curriculum.catalog_format.data import CatalogFormatError, Problem, TrackData
from curriculum.catalog_format.parse import parse_track

MAX_TRACK_FILE_BYTES = 1024 * 1024


def check_size(size: int, source: str) -> None:
    if size > MAX_TRACK_FILE_BYTES:
        megabytes = size / MAX_TRACK_FILE_BYTES
        raise CatalogFormatError(
            [
                Problem(
                    source,
                    None,
                    f"the file is {megabytes:.1f} MB; a track file may be at most 1 MB "
                    "(split it into several tracks)",
                )
            ]
        )


def decode_track(raw: bytes, source: str) -> str:
    """UTF-8 text, or an error naming the line and column of the first byte that isn't."""
    check_size(len(raw), source)
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        column = error.start - (raw.rfind(b"\n", 0, error.start) + 1) + 1
        message = (
            f"expected UTF-8 text, found the byte 0x{raw[error.start]:02X} at column {column} "
            "(save the file as UTF-8)"
        )
        raise CatalogFormatError([Problem(source, line, message)]) from None


def parse_track_bytes(raw: bytes, source: str) -> TrackData:
    return parse_track(decode_track(raw, source), source=source)


def parse_track_file(path: Path | str) -> TrackData:
    path = Path(path)
    check_size(path.stat().st_size, str(path))
    return parse_track_bytes(path.read_bytes(), source=str(path))
