"""The checks' findings as the mentor reads them: one line per check, in rubric order, each
with the rubric signal it supports and a link to the evidence on GitHub."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.timesince import timesince

from portfolio.models import CheckStatus, RepositoryCheck, RubricSignal


@dataclass(frozen=True)
class Suggestion:
    signal: RubricSignal
    check: str  # "README"
    text: str  # "found, 1,240 words"
    url: str = ""  # the evidence
    found: bool = True


@dataclass(frozen=True)
class ChecksReport:
    """What the review page shows: the run's state and its suggestions."""

    check: RepositoryCheck | None
    suggestions: list[Suggestion]

    @property
    def status(self) -> str:
        return self.check.status if self.check else ""

    @property
    def failed(self) -> bool:
        return self.status == CheckStatus.FAILED


def checks_report(submission, now: datetime | None = None) -> ChecksReport:
    """The report for a submission loaded with select_related("repository_check")."""
    check = getattr(submission, "repository_check", None)
    if check is None or check.status == CheckStatus.PENDING:
        return ChecksReport(check, [])
    context = {"findings": check.findings, "now": now or timezone.now()}
    suggestions = []
    for key, signal, name, describe in CHECKS:
        finding = check.findings.get(key)
        if finding is None:
            continue  # not part of this run: no demo URL, or GitHub could not be read
        if finding.get("found") is False:
            suggestions.append(Suggestion(signal, name, "not found", found=False))
        else:
            text, url, found = describe(finding, **context)
            suggestions.append(Suggestion(signal, name, text, url, found))
    return ChecksReport(check, suggestions)


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


# Each returns (what was found, the evidence's URL, whether it supports the signal).


def _readme(readme, **_):
    return f"found, {_count(readme['words'], 'word')}", readme["url"], True


def _licence(licence, **_):
    text = licence["name"] or f"a file GitHub does not recognise ({licence.get('file') or '?'})"
    return text, licence["url"], True


def _tests(tests, *, findings, **_):
    where = [f"{folder}/" for folder in tests["folders"][:2]]
    files = tests["files"]
    where.append(_count(files, "file") if files else "no test files in it")
    text = f"found ({', '.join(where)})"
    if findings.get("repository", {}).get("tree_truncated"):
        text += "; GitHub listed only part of a very large tree"
    return text, tests["url"], bool(files)


def _ci(ci, **_):
    text = ci["provider"]
    if ci["provider"] == "GitHub Actions":
        text += f" ({_count(ci['workflows'], 'workflow')})"
    return text, ci["url"], True


def _commits(commits, *, findings, **_):
    total, authors = commits["total"], commits["authors"]
    if not total:
        return "none yet", commits["url"], False
    text = f"{total:,}"
    if authors is not None:
        text += f" by {_count(authors, 'author')}"
    if commits["sampled"]:
        share = round(100 * commits["meaningful"] / commits["sampled"])
        of = f" of the latest {commits['latest']}" if commits["latest"] < total else ""
        text += f", {share} %{of} with a meaningful message"
        if commits["sampled"] < commits["latest"]:
            text += " (merges aside)"
    if findings.get("repository", {}).get("fork"):
        text += " (a fork: the original's commits count too)"
    return text, commits["url"], True


def _last_commit(last_commit, *, now, **_):
    date = parse_datetime(last_commit["date"])
    text = f"{timesince(date, now, depth=1)} ago" if date < now else "just now"
    return text, last_commit["url"], True


def _demo(demo, **_):
    if demo["answers"]:
        return f"answers ({demo['status']})", demo["url"], True
    problem = demo["problem"]
    text = problem if problem.startswith("not checked") else f"does not answer: {problem}"
    return text, demo["url"], False


# (finding, the rubric signal it supports, its name, how to say it), in rubric order.
CHECKS = [
    ("readme", RubricSignal.CLEAR_README, "README", _readme),
    ("licence", RubricSignal.ORGANIZED_STRUCTURE, "Licence", _licence),
    ("tests", RubricSignal.TESTS_INCLUDED, "Tests", _tests),
    ("ci", RubricSignal.TESTS_INCLUDED, "CI", _ci),
    ("commits", RubricSignal.MEANINGFUL_COMMITS, "Commits", _commits),
    ("last_commit", RubricSignal.MEANINGFUL_COMMITS, "Last commit", _last_commit),
    ("demo", RubricSignal.DEPLOYMENT, "Live demo", _demo),
]
