# The admin registers what each sub-package puts there.
from portfolio.credentials import admin as credentials_admin  # noqa: F401
