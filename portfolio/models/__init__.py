"""The learner's side: what they ticked, where they stand, the evidence they send and the
reviews it gets. Every row belongs to one user; views only ever read and write
`request.user`'s rows (mentors read submissions through the review package's rules).
"""

from portfolio.models.attempts import EarlierProgress, EarlierTick, TrackReset
from portfolio.models.checks import CheckStatus, LinkKind, PortfolioLink, RepositoryCheck
from portfolio.models.cohorts import Cohort, CohortMembership
from portfolio.models.conversation import (
    CLOSING_KINDS,
    Helpfulness,
    Message,
    MessageKind,
    ReviewRating,
)
from portfolio.models.credentials import (
    Credential,
    CredentialKind,
    CredentialQuerySet,
    SigningKey,
)
from portfolio.models.evidence import (
    CLAIM_EXPIRES_AFTER,
    SCREENSHOTS_DIRECTORY,
    Screenshot,
    ScreenshotQuerySet,
    Submission,
    SubmissionQuerySet,
    SubmissionStatus,
    screenshot_path,
)
from portfolio.models.notifications import DailyNotice, Notification
from portfolio.models.progress import (
    TRANSITIONS,
    InvalidTransition,
    MilestoneCheck,
    ProjectEvent,
    ProjectProgress,
    ProjectProgressQuerySet,
    ProjectStatus,
    TrackStart,
)
from portfolio.models.review import (
    VERDICT_OUTCOME_WORDS,
    QueueVersion,
    Review,
    RubricSignal,
    Verdict,
)
from portfolio.models.time import ProjectTimeStats, TimeEntry

__all__ = [
    "CLAIM_EXPIRES_AFTER",
    "CLOSING_KINDS",
    "SCREENSHOTS_DIRECTORY",
    "TRANSITIONS",
    "VERDICT_OUTCOME_WORDS",
    "CheckStatus",
    "Cohort",
    "CohortMembership",
    "Credential",
    "CredentialKind",
    "CredentialQuerySet",
    "DailyNotice",
    "EarlierProgress",
    "EarlierTick",
    "Helpfulness",
    "InvalidTransition",
    "LinkKind",
    "Message",
    "MessageKind",
    "MilestoneCheck",
    "Notification",
    "PortfolioLink",
    "ProjectEvent",
    "ProjectProgress",
    "ProjectProgressQuerySet",
    "ProjectStatus",
    "ProjectTimeStats",
    "QueueVersion",
    "RepositoryCheck",
    "Review",
    "ReviewRating",
    "RubricSignal",
    "Screenshot",
    "ScreenshotQuerySet",
    "SigningKey",
    "Submission",
    "SubmissionQuerySet",
    "SubmissionStatus",
    "TimeEntry",
    "TrackReset",
    "TrackStart",
    "Verdict",
    "screenshot_path",
]
