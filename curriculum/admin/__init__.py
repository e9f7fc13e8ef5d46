"""The catalog in the admin, where mentors and admins edit it.

Mentors archive instead of deleting (they have no delete permission): learners' data points at
catalog rows. `positions` holds what every page shares, `tracks` the tracks and levels with the
track file's import and export, `projects` the projects, milestones, guidance and skills.
"""

from curriculum.admin import projects, tracks  # noqa: F401  (registers the model admins)
