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
    now = now or timezone.now()
    findings = check.findings
    rows = [
        _readme(findings.get("readme")),
        _licence(findings.get("licence")),
        _tests(findings.get("tests")),
        _ci(findings.get("ci")),
        _commits(findings.get("commits"), findings.get("repository")),
        _last_commit(findings.get("last_commit"), now),
        _demo(findings.get("demo")),
    ]
    return ChecksReport(check, [row for row in rows if row is not None])


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"


def _readme(readme):
    if readme is None:
        return None
    if not readme["found"]:
        return Suggestion(RubricSignal.CLEAR_README, "README", "not found", found=False)
    text = f"found, {_count(readme['words'], 'word')}"
    return Suggestion(RubricSignal.CLEAR_README, "README", text, readme["url"])


def _licence(licence):
    if licence is None:
        return None
    if not licence["found"]:
        return Suggestion(RubricSignal.ORGANIZED_STRUCTURE, "Licence", "not found", found=False)
    text = licence["name"] or f"a file GitHub does not recognise ({licence.get('file') or '?'})"
    return Suggestion(RubricSignal.ORGANIZED_STRUCTURE, "Licence", text, licence["url"])


def _tests(tests):
    if tests is None:
        return None
    if not tests["found"]:
        return Suggestion(RubricSignal.TESTS_INCLUDED, "Tests", "not found", found=False)
    where = [f"{folder}/" for folder in tests["folders"][:2]]
    files = tests["files"]
    where.append(_count(files, "file") if files else "no test files in it")
    text = f"found ({', '.join(where)})"
    return Suggestion(RubricSignal.TESTS_INCLUDED, "Tests", text, tests["url"], bool(files))


def _ci(ci):
    if ci is None:
        return None
    if not ci["found"]:
        return Suggestion(RubricSignal.TESTS_INCLUDED, "CI", "not found", found=False)
    text = ci["provider"]
    if ci["provider"] == "GitHub Actions":
        text += f" ({_count(ci['workflows'], 'workflow')})"
    return Suggestion(RubricSignal.TESTS_INCLUDED, "CI", text, ci["url"])


def _commits(commits, repository):
    if commits is None:
        return None
    total, authors = commits["total"], commits["authors"]
    if not total:
        return Suggestion(
            RubricSignal.MEANINGFUL_COMMITS, "Commits", "none yet", commits["url"], False
        )
    text = f"{total:,}"
    if authors is not None:
        text += f" by {_count(authors, 'author')}"
    if commits["sampled"]:
        share = round(100 * commits["meaningful"] / commits["sampled"])
        of = f" of the latest {commits['latest']}" if commits["latest"] < total else ""
        text += f", {share} %{of} with a meaningful message"
        if commits["sampled"] < commits["latest"]:
            text += " (merges aside)"
    if repository and repository.get("fork"):
        text += " (a fork: the original's commits count too)"
    return Suggestion(RubricSignal.MEANINGFUL_COMMITS, "Commits", text, commits["url"])


def _last_commit(last_commit, now):
    if last_commit is None:
        return None
    date = parse_datetime(last_commit["date"])
    text = f"{timesince(date, now, depth=1)} ago" if date < now else "just now"
    return Suggestion(RubricSignal.MEANINGFUL_COMMITS, "Last commit", text, last_commit["url"])


def _demo(demo):
    if demo is None:
        return None
    if demo["answers"]:
        text = f"answers ({demo['status']})"
    else:
        text = (
            demo["problem"]
            if demo["problem"].startswith("not checked")
            else (f"does not answer: {demo['problem']}")
        )
    return Suggestion(RubricSignal.DEPLOYMENT, "Live demo", text, demo["url"], demo["answers"])
