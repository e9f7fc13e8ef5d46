"""What a learner's public portfolio shows: approved work only, grouped per track, and the
skills that work demonstrates. Three queries, whatever the number of projects."""

from collections import Counter
from dataclasses import dataclass

from django.db.models import Prefetch

from curriculum.models import Project, Skill, Track
from portfolio.models import Submission


@dataclass
class TrackWork:
    track: Track
    submissions: list[Submission]
    skills: list[tuple[Skill, int]]  # (skill, how many of these projects demonstrate it)


@dataclass
class ApprovedWork:
    tracks: list[TrackWork]
    skills: list[tuple[Skill, int]]  # across every track

    @property
    def project_count(self) -> int:
        return sum(len(group.submissions) for group in self.tracks)

    @property
    def first_screenshot(self):
        """The image that represents the portfolio when it is shared, if there is one."""
        for group in self.tracks:
            for submission in group.submissions:
                for shot in submission.screenshots.all():
                    return shot
        return None


def _skill_counts(submissions) -> list[tuple[Skill, int]]:
    """Most demonstrated first, then by name."""
    counts = Counter(skill for submission in submissions for skill in submission.skills)
    return sorted(counts.items(), key=lambda item: (-item[1], item[0].name.casefold()))


# What neither the portfolio nor the résumé (portfolio.credentials.portable) shows: the
# mentor's comment (only what was met goes public) and long texts of the joined catalog rows.
PUBLIC_DEFERS = [
    "review__comment",
    "review__comment_html",
    "project__difficulty_note",
    "project__tech_stack",
    *(
        f"project__{part}__{field}"
        for part in ("track", "level")
        for field in ("description", "description_html")
    ),
]


def approved_work(user) -> ApprovedWork:
    """The user's approved submissions on published projects (the latest approved iteration
    per project), each with project, track, level, review, screenshots and skills in source
    order (`skills`); grouped per track in catalog order.

    Queries: submissions with project, track, level and review; their screenshots; their
    projects' skills.
    """
    submissions = (
        Submission.objects.filter(user=user, project__in=Project.objects.published())
        .latest_approved()
        .select_related("project__track", "project__level", "review")
        .defer(*PUBLIC_DEFERS)
        .prefetch_related(
            "screenshots",
            Prefetch("project__skills", queryset=Skill.objects.order_by("projectskill__position")),
        )
        .order_by(
            "project__track__position",
            "project__track__title",
            "project__level__position",
            "project__position",
        )
    )
    grouped: dict[Track, list[Submission]] = {}
    for submission in submissions:
        # Only what was met goes public, never the mentor's notes or comment.
        review = getattr(submission, "review", None)  # absent: an error the page survives
        submission.met_signals = review.met_signals if review else []
        # Each .all() of the prefetched skills makes a new queryset; the page needs the list
        # three times per submission.
        submission.skills = list(submission.project.skills.all())
        grouped.setdefault(submission.project.track, []).append(submission)
    tracks = [TrackWork(track, items, _skill_counts(items)) for track, items in grouped.items()]
    every_submission = [submission for group in tracks for submission in group.submissions]
    return ApprovedWork(tracks=tracks, skills=_skill_counts(every_submission))
