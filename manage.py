#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "redcross_portal.settings")
    # A fresh checkout with neither SECRET_KEY nor DATABASE_URL is the embedded development set-up
    # (SQLite, as scripts/run.sh): run it in development mode instead of refusing. A deployment
    # sets both, and then a missing key still stops every command (settings.py).
    if not os.environ.get("SECRET_KEY") and not os.environ.get("DATABASE_URL"):
        os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
