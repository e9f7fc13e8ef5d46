"""The GitHub client: what it sends, and what each of GitHub's failures becomes. The answers
are recordings (tests/portfolio/fixtures/github/); the network is tests/network.py."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import timezone

from portfolio.review.checks.github import (
    API_VERSION,
    GitHub,
    GitHubUnavailable,
    RateLimited,
    RepositoryNotFound,
)
from tests.network import recording

CLICK = "https://api.github.com/repos/pallets/click"


def get(path="/repos/pallets/click", **kwargs):
    with GitHub() as github:
        return github.get(path, **kwargs)


def test_it_asks_for_githubs_json_in_the_api_version_it_was_written_for(network):
    network.github("pallets__click")

    answer = get()

    sent = network.requests[0]
    assert sent.headers["Accept"] == "application/vnd.github+json"
    assert sent.headers["X-GitHub-Api-Version"] == API_VERSION == "2022-11-28"
    assert "Authorization" not in sent.headers
    assert answer.data["full_name"] == "pallets/click"


def test_it_sends_the_token_from_the_environment_when_there_is_one(network, settings):
    settings.GITHUB_TOKEN = "github_pat_example"
    network.github("pallets__click")

    get()

    assert network.requests[0].headers["Authorization"] == "Bearer github_pat_example"


def test_it_reads_the_last_page_from_the_link_header(network):
    network.github("pallets__click")

    first = get("/repos/pallets/click/commits", params={"per_page": 100})

    assert len(first.data) == 100
    assert first.last_page() == 34
    assert first.links["next"].endswith("page=2")


def test_a_list_on_one_page_has_no_last_page(network):
    network.github("karpathy__micrograd")

    answer = get("/repos/karpathy/micrograd/commits", params={"per_page": 100})

    assert len(answer.data) == 24
    assert answer.last_page() is None


def test_the_primary_rate_limit_says_when_it_lifts(network):
    network.fail(CLICK, "rate_limit_403")

    with pytest.raises(RateLimited) as raised:
        get()

    assert raised.value.retry_at == datetime(2026, 12, 1, 14, 5, tzinfo=UTC)
    assert raised.value.reason == "GitHub's rate limit was reached"


def test_a_429_with_no_requests_remaining_is_the_rate_limit_too(network):
    network.fail(CLICK, "rate_limit_429")

    with pytest.raises(RateLimited) as raised:
        get()

    assert raised.value.retry_at == datetime(2026, 12, 1, 14, 5, tzinfo=UTC)


def test_a_secondary_rate_limit_waits_for_retry_after(network):
    network.fail(CLICK, "secondary_rate_limit_403")
    before = timezone.now()

    with pytest.raises(RateLimited) as raised:
        get()

    assert before + timedelta(seconds=120) <= raised.value.retry_at
    assert raised.value.retry_at <= timezone.now() + timedelta(seconds=120)


def test_a_secondary_rate_limit_without_retry_after_waits_a_minute(network):
    network.fail(CLICK, "secondary_rate_limit_no_retry_after_403")

    with pytest.raises(RateLimited) as raised:
        get()

    wait = raised.value.retry_at - timezone.now()
    assert timedelta(seconds=55) < wait <= timedelta(minutes=1)


def test_a_rate_limit_is_an_error_even_where_a_403_is_an_answer(network):
    network.fail(f"{CLICK}/contributors", "rate_limit_403")

    with pytest.raises(RateLimited):
        get("/repos/pallets/click/contributors", allow=(403,))


def test_a_missing_or_private_repository_is_not_found(network):
    network.fail(CLICK, "not_found_404")

    with pytest.raises(RepositoryNotFound) as raised:
        get()

    assert "missing or private" in raised.value.reason


def test_a_403_that_is_no_rate_limit_says_what_github_said(network):
    network.fail(CLICK, "forbidden_403")

    with pytest.raises(GitHubUnavailable) as raised:
        get()

    assert raised.value.reason == "GitHub refused the request (403: Repository access blocked)"
    assert raised.value.retry_at is None


@pytest.mark.parametrize(
    "failure, reason",
    [
        ("server_error_502", "GitHub answered with a server error (502)"),
        ("unavailable_503", "GitHub answered with a server error (503)"),
        ("timeout", "GitHub did not answer in time"),
        ("connection_error", "GitHub could not be reached"),
        ("bad_json_200", "GitHub's answer was not valid JSON"),
    ],
)
def test_github_being_unavailable_is_said_in_words(network, failure, reason):
    network.fail(CLICK, failure)

    with pytest.raises(GitHubUnavailable) as raised:
        get()

    assert raised.value.reason == reason


def test_nothing_reaches_the_network_in_tests():
    with pytest.raises(GitHubUnavailable, match="could not be reached"):
        get()


def test_allowed_statuses_are_answers_without_a_body(network):
    network.answer(f"{CLICK}/contributors", recording("_failures/no_content_204"))
    network.fail(f"{CLICK}/commits", "empty_repository_409")

    assert get("/repos/pallets/click/contributors", allow=(204,)).data is None
    assert get("/repos/pallets/click/commits", allow=(409,)).status == 409
