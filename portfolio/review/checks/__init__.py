"""Automatic checks of a submission's evidence: its GitHub repository read through GitHub's
REST API, and whether its links answer. The results are suggestions for the mentor; nothing
here ever blocks a submission."""
