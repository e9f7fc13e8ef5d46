"""The repository checks on recordings of real repositories (see
tests/portfolio/fixtures/github/README.md), their failure paths, and the rules they use."""

import pytest

from portfolio.review.checks.github import GitHub, GitHubError, RateLimited
from portfolio.review.checks.messages import message_says_something, name_words
from portfolio.review.checks.repository import (
    github_repository,
    readme_words,
    repository_findings,
)
from tests.network import recording

CLICK = "https://api.github.com/repos/pallets/click"


def findings(network, fixture, full_name):
    network.github(fixture)
    with GitHub() as github:
        return repository_findings(github, *full_name.split("/"))


# Which URLs are GitHub repositories


@pytest.mark.parametrize(
    "url",
    [
        "https://github.com/pallets/click",
        "https://github.com/pallets/click/",
        "https://github.com/pallets/click.git",
        "http://www.github.com/pallets/click",
        "https://GitHub.com/pallets/click/tree/main/src/click",
        "https://github.com/pallets/click/blob/main/README.md#usage",
        "https://github.com/pallets/click/issues?q=is%3Aopen",
        "  https://github.com/pallets/click  ",
    ],
)
def test_github_repository_urls_are_read_however_they_are_pasted(url):
    assert github_repository(url) == ("pallets", "click")


def test_dots_and_dashes_in_names_are_kept():
    url = "https://github.com/Amirulrosli/TicTacToe-Python"
    assert github_repository(url) == ("Amirulrosli", "TicTacToe-Python")
    assert github_repository("https://github.com/o/my.site.git") == ("o", "my.site")


@pytest.mark.parametrize(
    "url",
    [
        "https://gitlab.com/pallets/click",
        "https://bitbucket.org/pallets/click",
        "https://gist.github.com/pallets/0123456789abcdef",
        "https://github.com/pallets",
        "https://github.com/",
        "https://github.com/orgs/pallets/repositories",
        "https://github.com/topics/python",
        "https://github.com.evil.example/pallets/click",
        "https://evil.example/github.com/pallets/click",
        "ftp://github.com/pallets/click",
        "https://github.com/pal_lets/click",
        "https://github.com/pallets/..",
        "not a url",
    ],
)
def test_anything_else_is_not_a_github_repository(url):
    assert github_repository(url) is None


# The rules


@pytest.mark.parametrize(
    "message",
    [
        "update",
        "Fix",
        "wip",
        "commit",
        "changes",
        "Initial commit",
        "first commit",
        "minor fixes",
        "Update README.md",
        "Add files via upload",
        "Create main.py",
        "haha",
        "v2.34.2",
        "",
        "+new update",
    ],
)
def test_messages_that_say_nothing(message):
    assert not message_says_something(message)


@pytest.mark.parametrize(
    "message",
    [
        "Fix the TOC when a heading repeats",
        "fix typo in readme",
        "Add support of `pathlib.Path` to `edit`",
        "Close the pager temp file before unlinking it\n\nOn Windows the file stays locked.",
        "Update all GitHub actions, fix thread locking",
        "+add new comment",
        "   \n\nFix the parser",  # like git, the summary is the first line with text
    ],
)
def test_messages_that_say_something(message):
    assert message_says_something(message)


def test_the_projects_own_name_says_nothing_about_a_change():
    project = name_words("TicTacToe-Python")

    assert project >= {"tic", "tac", "toe", "tictactoe", "python"}
    assert not message_says_something("+new tictactoe", project=project)
    assert not message_says_something("+tic tac toe new", project=project)
    assert message_says_something("+new tictactoe", project=name_words("md2html"))


def test_readme_words_count_words_not_markdown():
    text = (
        "# Click\n\n```sh\n$ pip install -U click\n```\n\n"
        "| a | b |\n|---|---|\n**Don't** see v8.1 at github.com"
    )

    assert readme_words(text) == len(
        [
            "Click",
            "sh",
            "pip",
            "install",
            "U",
            "click",
            "a",
            "b",
            "Don't",
            "see",
            "v8.1",
            "at",
            "github.com",
        ]
    )
    assert readme_words("") == 0


# Real repositories


def test_click_a_large_project_with_tests_ci_and_a_licence(network):
    found = findings(network, "pallets__click", "pallets/click")

    assert found["repository"]["default_branch"] == "main"
    assert found["readme"] == {
        "found": True,
        "path": "README.md",
        "words": 243,
        "url": "https://github.com/pallets/click/blob/main/README.md",
    }
    # git ls-tree of the snapshot: 34 files named test_*.py, all under tests/
    assert found["tests"]["files"] == 34
    assert found["tests"]["folders"] == ["tests"]
    assert "tests/conftest.py" in found["tests"]["config"]
    assert found["tests"]["url"] == "https://github.com/pallets/click/tree/main/tests"
    # lock, nightly, pre-commit, publish, tests, zizmor
    assert found["ci"] == {
        "found": True,
        "provider": "GitHub Actions",
        "workflows": 6,
        "url": "https://github.com/pallets/click/tree/main/.github/workflows",
    }
    assert found["licence"] == {
        "found": True,
        "name": "BSD-3-Clause",
        "url": "https://github.com/pallets/click/blob/main/LICENSE.txt",
    }
    # 33 full pages and 29 commits on page 34; 471 author addresses; 51 of the latest 100
    # are merges, and every one of the other 49 messages says something.
    assert found["commits"] == {
        "total": 3329,
        "authors": 471,
        "latest": 100,
        "sampled": 49,
        "meaningful": 49,
        "url": "https://github.com/pallets/click/commits/main",
    }
    assert found["last_commit"]["date"] == "2026-08-20T16:12:10Z"
    assert found["last_commit"]["url"].endswith("/commit/2c8cd3ac958a7eb316d67f2d316c27086c4c0369")


def test_requests_release_commits_say_nothing(network):
    found = findings(network, "psf__requests", "psf/requests")

    assert found["readme"]["words"] == 348
    assert found["tests"]["files"] == 9
    assert found["ci"]["workflows"] == 8
    assert found["licence"]["name"] == "Apache-2.0"
    assert found["licence"]["url"] == "https://github.com/psf/requests/blob/main/LICENSE"
    # 64 full pages and 89 on page 65; 4 merges in the latest 100, and six of the other 96
    # are bare release numbers ("v2.34.2", "v2.34.0.dev1", …).
    assert found["commits"]["total"] == 6489
    assert found["commits"]["authors"] == 804
    assert (found["commits"]["sampled"], found["commits"]["meaningful"]) == (96, 90)


def test_micrograd_a_small_hobby_project_without_ci(network):
    found = findings(network, "karpathy__micrograd", "karpathy/micrograd")

    assert found["repository"]["default_branch"] == "master"
    assert found["readme"]["words"] == 386
    assert found["tests"] == {
        "found": True,
        "files": 1,
        "folders": ["test"],
        "config": [],
        "url": "https://github.com/karpathy/micrograd/tree/master/test",
    }
    assert found["ci"] == {"found": False}
    assert found["licence"]["name"] == "MIT"
    # One page, no Link header: 24 commits by Andrej Karpathy and one pull request's author;
    # the merge of that pull request is left out, and "haha" says nothing.
    assert found["commits"]["total"] == 24
    assert found["commits"]["authors"] == 2
    assert (found["commits"]["sampled"], found["commits"]["meaningful"]) == (23, 22)
    assert found["last_commit"]["date"] == "2020-04-18T19:15:25Z"


def test_a_learners_repository_without_readme_tests_or_licence(network):
    found = findings(network, "Amirulrosli__TicTacToe-Python", "Amirulrosli/TicTacToe-Python")

    assert found["readme"] == {"found": False}
    assert found["tests"]["found"] is False
    assert found["ci"] == {"found": False}
    assert found["licence"] == {"found": False}
    # "+tictactoe", "+new update", "+tic tac toe new"…: only "+add new comment" says something.
    assert found["commits"]["total"] == 10
    assert found["commits"]["authors"] == 1
    assert (found["commits"]["sampled"], found["commits"]["meaningful"]) == (10, 1)
    assert found["last_commit"]["message"] == "+new tictactoe"


# When parts of GitHub's answer are missing


def test_an_empty_repository_has_no_commits_and_no_tree(network):
    network.github("pallets__click")
    network.fail(f"{CLICK}/git/trees/main?recursive=1", "empty_repository_409")
    network.fail(f"{CLICK}/commits?per_page=100", "empty_repository_409")
    network.fail(f"{CLICK}/readme", "not_found_404")
    network.answer(
        f"{CLICK}/contributors?anon=1&per_page=100", recording("_failures/no_content_204")
    )

    with GitHub() as github:
        found = repository_findings(github, "pallets", "click")

    assert found["readme"] == {"found": False}
    assert found["tests"]["found"] is False
    assert found["ci"] == {"found": False}
    assert found["commits"]["total"] == 0
    assert found["commits"]["authors"] == 0
    assert found["last_commit"] is None


def test_a_history_too_large_to_list_contributors_leaves_authors_unknown(network):
    network.github("pallets__click")
    network.fail(f"{CLICK}/contributors?anon=1&per_page=100", "contributors_too_large_403")

    with GitHub() as github:
        found = repository_findings(github, "pallets", "click")

    assert found["commits"]["authors"] is None
    assert found["commits"]["total"] == 3329


def test_a_licence_file_github_does_not_recognise(network):
    network.github("karpathy__micrograd")
    answer = recording("karpathy__micrograd/repository")
    answer["body"]["license"] = {"key": "other", "spdx_id": "NOASSERTION", "name": "Other"}
    network.answer(answer["request"]["url"], answer)

    with GitHub() as github:
        found = repository_findings(github, "karpathy", "micrograd")

    assert found["licence"] == {
        "found": True,
        "name": "",
        "file": "LICENSE",
        "url": "https://github.com/karpathy/micrograd/blob/master/LICENSE",
    }


@pytest.mark.parametrize(
    "endpoint",
    [
        "",
        "/readme",
        "/git/trees/main?recursive=1",
        "/commits?per_page=100",
        "/commits?per_page=100&page=34",
        "/contributors?anon=1&per_page=100",
        "/contributors?anon=1&per_page=100&page=5",
    ],
)
def test_a_rate_limit_on_any_request_stops_the_checks(network, endpoint):
    network.github("pallets__click")
    network.fail(f"{CLICK}{endpoint}", "rate_limit_403")

    with GitHub() as github, pytest.raises(RateLimited):
        repository_findings(github, "pallets", "click")


@pytest.mark.parametrize("failure", ["server_error_502", "timeout", "bad_json_200"])
def test_github_failing_half_way_stops_the_checks(network, failure):
    network.github("pallets__click")
    network.fail(f"{CLICK}/commits?per_page=100", failure)

    with GitHub() as github, pytest.raises(GitHubError):
        repository_findings(github, "pallets", "click")
