"""The `samordna` console script: Django's manage.py under the project's name."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samordna.settings")
    if sys.argv[1:2] == ["demo"]:
        # The demo runs on this machine only, over plain HTTP, with a throwaway key;
        # settings are read before the command starts, so it is set here.
        os.environ.setdefault("SAMORDNA_DEBUG", "1")
        os.environ.setdefault("SAMORDNA_DEMO_BANNER", "1")
        # Loading writes dozens of audit log lines: they would bury the printed logins.
        os.environ.setdefault("LOG_LEVEL", "WARNING")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
