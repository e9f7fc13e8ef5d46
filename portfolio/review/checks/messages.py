"""Whether a commit message says something.

"update", "fix", "wip", "+new update" or GitHub's own "Update README.md" tell a reader of the
history nothing; "Fix the TOC when a heading repeats" does. The rule is deliberately simple:
a message says something when its first line has at least two words and some word in it is
more than a vague verb, filler, a file name or the project's own name ("+new tictactoe" in
TicTacToe-Python says as little as "+new")."""

import re

# Words that alone say nothing about what changed.
_VAGUE = """
    a an the and or of to for in on at it its this that some more few minor small little
    update updates updated updating fix fixes fixed fixing change changes changed edit edits
    edited wip commit commits initial first final last new latest stuff things misc tweak
    tweaks tweaked cleanup clean code file files work working done save saved again version
    test testing tmp temp try trying upload uploaded via add added create created delete
    deleted remove removed rename renamed modify modified improve improvements refactor
    progress push pushed
"""
VAGUE_WORDS = frozenset(_VAGUE.split())
WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
# A file name in a message ("README.md", "main.py") names what changed, not how or why.
FILE_NAME = re.compile(r"^[\w.-]+\.[A-Za-z0-9]{1,5}$")


def name_words(name: str) -> frozenset[str]:
    """The words of a repository's name, lowercased: "TicTacToe-Python" gives tic, tac, toe,
    python, and tictactoe (people write it either way)."""
    parts = re.split(r"[\W_]+", name)
    words = {word.lower() for part in parts for word in CAMEL_CASE.findall(part)}
    return frozenset(words | {part.lower() for part in parts if part})


CAMEL_CASE = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")


def message_says_something(message: str, *, project: frozenset[str] = frozenset()) -> bool:
    """True when the commit message's first line says what changed, beyond vague words and
    the `project`'s name (see name_words)."""
    subject = message.strip().splitlines()[0] if message.strip() else ""
    tokens = [token for token in subject.split() if not FILE_NAME.match(token.strip(".,:;!?"))]
    words = [word.lower() for word in WORD.findall(" ".join(tokens))]
    named_files = len(subject.split()) - len(tokens)
    if len(words) + named_files < 2:
        return False
    return any(word not in VAGUE_WORDS and word not in project for word in words)


def is_merge(commit: dict) -> bool:
    """Merge commits carry generated messages ("Merge pull request #5 from …"): they are
    left out of the share, neither meaningful nor not."""
    return len(commit.get("parents") or []) > 1
