"""What seeded people write: names, write-ups, review comments and rubrics. A handful of
variants, so that pages render realistic Markdown without megabytes of unique text."""

from portfolio.models import RubricSignal

FIRST_NAMES = [
    "Ada", "Alan", "Amira", "Bo", "Chen", "Dara", "Elif", "Femi", "Grace", "Hugo", "Ines",
    "Jonas", "Kemal", "Lea", "Mei", "Nils", "Olu", "Priya", "Quinn", "Rosa", "Sami", "Tomás",
    "Uma", "Vera", "Wen", "Yusuf", "Zoé",
]  # fmt: skip
LAST_NAMES = [
    "Abebe", "Berg", "Costa", "Dubois", "Eriksen", "Fischer", "García", "Haddad", "Ito",
    "Jensen", "Kowalski", "Lopez", "Meyer", "Nakamura", "Okafor", "Petrov", "Rossi", "Schmidt",
    "Tanaka", "Usman", "Varga", "Weber", "Yilmaz", "Zhang",
]  # fmt: skip

WRITE_UPS = [
    """## {title}

I built **{title}** step by step, one milestone at a time.

- A command-line entry point with `argparse` and a `--help` that explains every option
- Input validation with clear error messages instead of tracebacks
- Unit tests with `pytest` for the happy path and the edge cases I hit

```python
def main(argv=None):
    args = parse_args(argv)
    return run(args)
```

What I would do next: [packaging it](https://packaging.python.org/) and a CI workflow.
""",
    """# What I built

{title}: a small tool that I now use every week.

1. Read the input and normalise it
2. Do the work in pure functions that are easy to test
3. Print a summary, or write JSON with `--json`

> The hardest part was naming things. The second hardest was the tests.

The repository has a README with screenshots, a `Makefile` and a changelog.
""",
    """### Notes on {title}

*Time spent:* about two weeks of evenings.

| part | status |
|---|---|
| core features | done |
| tests | 38 passing |
| docs | README and docstrings |

I learned to split the code into modules, to log instead of print, and to read tracebacks
calmly. Feedback welcome on the error handling in `cli.py`.
""",
]

COMMENTS = {
    "approve": [
        "Clean work: the tests cover the edge cases, the README says how to run it. **Approved.**",
        "Nicely structured, meaningful commits. Consider adding a CI badge next time.",
        "Good job: readable code, helpful errors, and a demo that works.",
    ],
    "request_changes": [
        "Almost there. Please add tests for the parsing code and explain setup in the README.",
        "The code works, but `main.py` does everything: split it into functions and test them.",
        "Commits like `fix` and `wip` make the history hard to read: squash them, then resubmit.",
    ],
}


def rubric(rng, approved: bool) -> dict:
    """Every signal, met or not: an approval meets most of them, a request for changes fewer."""
    chance = 0.85 if approved else 0.4
    return {signal.value: {"met": rng.random() < chance, "note": ""} for signal in RubricSignal}
