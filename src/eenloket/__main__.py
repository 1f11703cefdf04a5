"""The ``eenloket`` command: Django's management commands with Eenloket's settings,
plus ``run`` (web server + worker), ``worker``, ``demo`` and ``check``."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "eenloket.conf.settings")
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line([os.path.basename(sys.argv[0]) or "eenloket", *sys.argv[1:]])
    except ImproperlyConfigured as exc:
        # A configuration problem names the variable to fix; a traceback adds nothing.
        print(f"eenloket: {exc}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
