"""The lines a track file is made of: headings, fields, list items, comments, fences."""

import re

HEADING = re.compile(r"^(?P<hashes>#{1,6})(?:[ \t]+(?P<text>.*?))?[ \t]*$")
CLOSING_HASHES = re.compile(r"(?:^|[ \t]+)#+$")
FIELD = re.compile(r"^\*\*(?P<label>[^*]+?)(?::\*\*|\*\*:)(?P<value>.*)$")
ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d+[.)])(?:[ \t]+(?P<text>.*))?$")
CHECKBOX = re.compile(r"^\[[ xX]\][ \t]+")
CHECKLIST_LINE = re.compile(r"^[-*+][ \t]+\[[ xX]\]")
CONTINUATION = re.compile(r"^[ \t]{2,}\S")
THEMATIC_BREAK = re.compile(r"^ {0,3}-{3,}[ \t]*$")
FENCE = re.compile(r"^ {0,3}(?P<fence>`{3,}|~{3,})")
LABELED_LEVEL = re.compile(
    r"^(?P<label>[^\W\d_]+ \d+(?:[–-]\d+)?)(?:[ \t]+[—–-]|:)[ \t]+(?P<title>\S.*)$"
)
NUMBERED_TITLE = re.compile(r"^\d+[.)](?:[ \t]+|$)")
COMMENT_OPEN = re.compile(r"^<!--(?P<rest>.*)$")
ONE_LINE_COMMENT = re.compile(r"^<!--(?P<body>.*)-->$")
METADATA = re.compile(r"^(?P<key>[\w-]+)[ \t]*:[ \t]*(?P<value>.*?)$")
# The stable id of a milestone or stretch goal, at the end of its item line.
ITEM_KEY = re.compile(r"[ \t]*<!--[ \t]*id:[ \t]*(?P<key>.*?)[ \t]*-->[ \t]*$")


def split_lines(text: str) -> list[str]:
    return re.split(r"\r\n|\r|\n", text)


def quote(line: str, limit: int = 50) -> str:
    line = line.strip()
    if len(line) > limit:
        cut = line.rfind(" ", 0, limit)
        line = line[: cut if cut > limit // 2 else limit].rstrip() + " …"
    return f"'{line}'"


def heading_text(heading: re.Match[str]) -> str:
    return CLOSING_HASHES.sub("", (heading["text"] or "").strip()).strip()
