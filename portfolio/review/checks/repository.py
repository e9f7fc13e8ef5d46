"""What a repository shows a reviewer, read from GitHub's REST API.

`repository_findings` makes at most seven requests: the repository, its README, the file tree
of the default branch, the latest 100 commits (and the last page of commits, for the total),
and the contributors (and their last page). Each finding is plain JSON, kept on the
submission's RepositoryCheck and turned into sentences by `suggestions.py`."""

import base64
import binascii
import posixpath
import re
from urllib.parse import quote, urlsplit

from portfolio.review.checks.github import GitHub, GitHubUnavailable
from portfolio.review.checks.messages import is_merge, message_says_something, name_words

PER_PAGE = 100
OWNER = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$")
REPOSITORY = re.compile(r"^[A-Za-z0-9._-]{1,100}$")
# github.com/<first>/… pages that are not owners of repositories.
NOT_OWNERS = {
    "about", "apps", "collections", "enterprise", "explore", "features", "login", "marketplace",
    "notifications", "orgs", "organizations", "pricing", "settings", "sponsors", "topics",
}  # fmt: skip
WORD = re.compile(r"[^\W_]+(?:['’.-][^\W_]+)*")


def github_repository(url: str) -> tuple[str, str] | None:
    """(owner, repository) of a github.com repository URL, or None for anything else.

    Accepts what people paste: `www.`, a `.git` suffix, a trailing slash, and deeper pages
    of the repository (`/tree/main/src`, `/blob/…`, `/issues`)."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.")
    if parts.scheme not in ("http", "https") or host != "github.com":
        return None
    segments = [segment for segment in parts.path.split("/") if segment]
    if len(segments) < 2:
        return None
    owner, name = segments[0], segments[1].removesuffix(".git")
    if owner.lower() in NOT_OWNERS or not OWNER.match(owner) or not REPOSITORY.match(name):
        return None
    if name in (".", ".."):
        return None
    return owner, name


def readme_words(text: str) -> int:
    """Words in a README: runs of letters and digits ("don't", "v1.2" and "github.com" are
    one word each); Markdown's punctuation (#, *, |, ```) is not a word."""
    return len(WORD.findall(text))


def repository_findings(github: GitHub, owner: str, name: str) -> dict:
    """Everything the checks found, as JSON. Raises GitHubError when the repository cannot
    be read at all (missing or private, rate limit, GitHub unavailable)."""
    base = f"/repos/{quote(owner)}/{quote(name)}"
    repository = github.get(base).data
    html_url = repository["html_url"]
    branch = repository["default_branch"]
    paths, truncated = _tree(github, base, branch)
    return {
        "repository": {
            "full_name": repository["full_name"],
            "url": html_url,
            "default_branch": branch,
            "fork": bool(repository.get("fork")),
            "tree_truncated": truncated,
        },
        "readme": _readme(github, base),
        "tests": test_finding(paths, _tree_url(html_url, branch)),
        "ci": ci_finding(paths, _tree_url(html_url, branch)),
        "licence": licence_finding(repository.get("license"), paths, html_url, branch),
        **_commits(github, base, html_url, branch),
    }


def _tree_url(html_url: str, branch: str):
    return lambda path, kind="tree": f"{html_url}/{kind}/{quote(branch)}/{quote(path)}"


def _tree(github: GitHub, base: str, branch: str) -> tuple[dict[str, str], bool]:
    """{path: "blob" or "tree"} of the default branch, and whether GitHub cut the list short
    (over 100,000 entries). An empty repository has no tree (409) rather than an empty one."""
    answer = github.get(
        f"{base}/git/trees/{quote(branch, safe='')}", params={"recursive": "1"}, allow=(404, 409)
    )
    if answer.status != 200:
        return {}, False
    return {entry["path"]: entry["type"] for entry in answer.data["tree"]}, answer.data["truncated"]


def _readme(github: GitHub, base: str) -> dict:
    answer = github.get(f"{base}/readme", allow=(404,))
    if answer.status == 404:
        return {"found": False}
    readme = answer.data
    try:
        text = base64.b64decode(readme.get("content", "")).decode("utf-8", "replace")
    except (binascii.Error, ValueError) as error:
        raise GitHubUnavailable("GitHub's README answer could not be decoded") from error
    return {
        "found": True,
        "path": readme["path"],
        "words": readme_words(text),
        "url": readme["html_url"],
    }


TEST_FOLDERS = {"tests", "test", "__tests__", "spec"}
TEST_CONFIG = {"pytest.ini", "conftest.py", "tox.ini", "noxfile.py"}
TEST_FILE = re.compile(r"^(test_.+\.py|.+_test\.py|.+\.(test|spec)\.[jt]sx?)$")


def test_finding(paths: dict[str, str], tree_url) -> dict:
    """Test files (test_*.py, *_test.py, *.test.js…) and the folders that hold them."""
    files = [
        path
        for path, kind in paths.items()
        if kind == "blob" and TEST_FILE.match(posixpath.basename(path))
    ]
    test_folders = {
        path for path, kind in paths.items() if kind == "tree" and _is_test_folder(path)
    }
    # The outermost ones: tests/unit inside tests/ is part of tests/.
    folders = sorted(
        path
        for path in test_folders
        if not any(path.startswith(f"{other}/") for other in test_folders)
    )
    config = sorted(path for path in paths if posixpath.basename(path) in TEST_CONFIG)
    found = bool(files or folders)
    evidence = folders[0] if folders else (sorted(files)[0] if files else "")
    kind = "tree" if folders else "blob"
    return {
        "found": found,
        "files": len(files),
        "folders": folders,
        "config": config,
        "url": tree_url(evidence, kind) if found else "",
    }


def _is_test_folder(path: str) -> bool:
    return posixpath.basename(path) in TEST_FOLDERS


OTHER_CI = {
    ".gitlab-ci.yml": "GitLab CI",
    ".travis.yml": "Travis CI",
    ".circleci/config.yml": "CircleCI",
    "azure-pipelines.yml": "Azure Pipelines",
}
WORKFLOW = re.compile(r"^\.github/workflows/[^/]+\.ya?ml$")


def ci_finding(paths: dict[str, str], tree_url) -> dict:
    workflows = [path for path in paths if WORKFLOW.match(path)]
    if workflows:
        return {
            "found": True,
            "provider": "GitHub Actions",
            "workflows": len(workflows),
            "url": tree_url(".github/workflows"),
        }
    for path, provider in OTHER_CI.items():
        if path in paths:
            url = tree_url(path, "blob")
            return {"found": True, "provider": provider, "workflows": 1, "url": url}
    return {"found": False}


LICENCE_FILE = re.compile(r"^(licen[cs]e|copying|unlicense)(\.(md|txt|rst))?$", re.IGNORECASE)


def licence_finding(licence: dict | None, paths: dict[str, str], html_url, branch) -> dict:
    """GitHub's own licence detection (an SPDX name), and the licence file at the root."""
    files = sorted(path for path in paths if LICENCE_FILE.match(path))
    url = _tree_url(html_url, branch)(files[0], "blob") if files else ""
    spdx = (licence or {}).get("spdx_id")
    if spdx and spdx != "NOASSERTION":
        return {"found": True, "name": spdx, "url": url or html_url}
    if files or licence:
        # A licence file GitHub could not match to a known licence.
        return {"found": True, "name": "", "file": files[0] if files else "", "url": url}
    return {"found": False}


def _commits(github: GitHub, base: str, html_url: str, branch: str) -> dict:
    """The latest commits (with the total from the Link header's last page), their authors
    (contributors, counting those without a GitHub account too) and the last commit."""
    answer = github.get(f"{base}/commits", params={"per_page": PER_PAGE}, allow=(409,))
    commits = answer.data or []  # 409: "Git Repository is empty."
    total = _count(github, f"{base}/commits", answer, {})
    sample = [commit for commit in commits if not is_merge(commit)]
    project = name_words(base.rsplit("/", 1)[-1])
    meaningful = sum(
        message_says_something(commit["commit"]["message"], project=project) for commit in sample
    )
    latest = commits[0] if commits else None
    return {
        "commits": {
            "total": total,
            "authors": _authors(github, base),
            "latest": len(commits),
            "sampled": len(sample),
            "meaningful": meaningful,
            "url": f"{html_url}/commits/{quote(branch)}",
        },
        "last_commit": {
            "date": latest["commit"]["committer"]["date"],
            "url": latest["html_url"],
            "message": latest["commit"]["message"].splitlines()[0][:200],
        }
        if latest
        else None,
    }


def _authors(github: GitHub, base: str) -> int | None:
    """Distinct authors. None when GitHub won't list them (it refuses, with 403, for
    repositories whose history is too large)."""
    path, params = f"{base}/contributors", {"anon": "1"}
    answer = github.get(path, params={**params, "per_page": PER_PAGE}, allow=(204, 403))
    if answer.status == 403:
        return None
    return _count(github, path, answer, params)


def _count(github: GitHub, path: str, first, params: dict) -> int:
    """The number of items in a paginated list: a full page per page before the last, plus
    what the last page holds (fetched only when there is more than one page)."""
    last_page = first.last_page()
    if last_page is None or last_page == 1:
        return len(first.data or [])
    last = github.get(path, params={**params, "per_page": PER_PAGE, "page": last_page})
    return (last_page - 1) * PER_PAGE + len(last.data or [])
