"""What most review tests start from: the Markdown → HTML Converter project and the learner's
submission of it, waiting for a mentor, and a project of another track. A test file may define
its own."""

import pytest

from curriculum.models import Project
from tests.portfolio.review_helpers import markdown_project, submit


@pytest.fixture
def project(db):
    return markdown_project()


@pytest.fixture
def submission(learner, project):
    return submit(learner, project)


@pytest.fixture
def other_project():
    return Project.objects.filter(track__slug="portfolio-projects").order_by("pk").first()
