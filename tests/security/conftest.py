"""Fixtures borrowed from the apps whose forms and files these tests attack."""

from tests.filings.conftest import complete_filing, submitted_filing  # noqa: F401
