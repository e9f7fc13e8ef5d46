"""A small client for GitHub's REST API: the few read-only endpoints the checks use.

Every failure becomes one of three exceptions with a sentence a mentor can read: the rate limit
(and when to try again), a repository that is missing or private (GitHub answers 404 for both
when it won't show a private repository), and GitHub being unavailable (timeout, no connection,
a server error, an answer that is not JSON)."""

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import httpx
from django.conf import settings
from django.utils import timezone

API_URL = "https://api.github.com"
# The version whose responses the checks were written against; GitHub supports it until at
# least March 2028 (two years after the next version, 2026-03-10).
API_VERSION = "2022-11-28"
TIMEOUT = httpx.Timeout(10.0, connect=5.0)


class GitHubError(Exception):
    """The checks could not read the repository; `reason` says why, for the mentor."""

    reason = "GitHub could not be read"

    def __init__(self, reason: str = "", *, retry_at: datetime | None = None):
        self.reason = reason or self.reason
        self.retry_at = retry_at
        super().__init__(self.reason)


class RateLimited(GitHubError):
    reason = "GitHub's rate limit was reached"


class RepositoryNotFound(GitHubError):
    reason = "GitHub has no public repository at this address (it is missing or private)"


class GitHubUnavailable(GitHubError):
    reason = "GitHub could not be reached"


@dataclass(frozen=True)
class Answer:
    """A successful answer: its status (200, or 204/404/409 where the caller allows them),
    decoded JSON (None when there is no body) and the Link header's pages."""

    status: int
    data: object
    links: dict[str, str]

    def last_page(self) -> int | None:
        """The number of the last page of a paginated list, or None when it is all here."""
        last = self.links.get("last")
        if not last:
            return None
        return int(parse_qs(urlsplit(last).query).get("page", ["1"])[0])


class GitHub:
    """Reads public repositories. `token` (GITHUB_TOKEN) raises the rate limit from 60 to
    5,000 requests an hour; without one the checks still work for a few submissions an hour."""

    def __init__(self, *, token: str | None = None):
        token = settings.GITHUB_TOKEN if token is None else token
        headers = {
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": API_VERSION,
            "User-Agent": "Roadmap-repository-checks",
        }
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self.http = httpx.Client(
            base_url=API_URL,
            headers=headers,
            timeout=TIMEOUT,
            # GitHub answers 301 for a renamed or transferred repository.
            follow_redirects=True,
            max_redirects=3,
            transport=httpx.HTTPTransport(retries=1),
        )

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.http.close()

    def get(self, path: str, *, params=None, allow=()) -> Answer:
        """GET `path`; statuses in `allow` (besides 200) are answers, not errors."""
        try:
            response = self.http.get(path, params=params)
        except httpx.TimeoutException as error:
            raise GitHubUnavailable("GitHub did not answer in time") from error
        except httpx.HTTPError as error:
            raise GitHubUnavailable("GitHub could not be reached") from error
        if response.status_code != 200:
            error = _error_for(response)
            # A rate limit is never an answer, even from an endpoint whose 403 is one.
            if isinstance(error, RateLimited) or response.status_code not in allow:
                raise error
        if response.status_code != 200 or not response.content:
            return Answer(response.status_code, None, _links(response))
        try:
            data = response.json()
        except ValueError as error:
            raise GitHubUnavailable("GitHub's answer was not valid JSON") from error
        return Answer(response.status_code, data, _links(response))


def _error_for(response: httpx.Response) -> GitHubError:
    status = response.status_code
    if status in (403, 429):
        retry_at = _retry_at(response.headers)
        if retry_at is not None:
            return RateLimited(retry_at=retry_at)
        if "rate limit" in _message(response).lower():
            # A secondary limit without a retry-after: GitHub asks for at least a minute.
            return RateLimited(retry_at=timezone.now() + timedelta(minutes=1))
    if status == 404:
        return RepositoryNotFound()
    if status >= 500:
        return GitHubUnavailable(f"GitHub answered with a server error ({status})")
    return GitHubUnavailable(f"GitHub refused the request ({status}: {_message(response)})")


def _retry_at(headers) -> datetime | None:
    """When a rate-limited request may be tried again, or None if the answer is no rate limit.

    GitHub's primary limit says `x-ratelimit-remaining: 0` and the reset time (UTC epoch
    seconds) in `x-ratelimit-reset`; a secondary limit sends `retry-after` in seconds."""
    retry_after = headers.get("retry-after", "")
    if retry_after.isdigit():
        return timezone.now() + timedelta(seconds=int(retry_after))
    if headers.get("x-ratelimit-remaining") == "0":
        reset = headers.get("x-ratelimit-reset", "")
        if reset.isdigit():
            return datetime.fromtimestamp(int(reset), tz=UTC)
        return timezone.now() + timedelta(hours=1)
    return None


def _message(response: httpx.Response) -> str:
    try:
        message = response.json().get("message", "")
    except (ValueError, AttributeError):
        message = ""
    return str(message)[:200] or response.reason_phrase


LINK = re.compile(r'<([^>]+)>;\s*rel="([^"]+)"')


def _links(response: httpx.Response) -> dict[str, str]:
    """The Link header as {rel: url}: GitHub's pagination (next, last, first, prev)."""
    return {rel: url for url, rel in LINK.findall(response.headers.get("link", ""))}
