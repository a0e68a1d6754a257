#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    # A checkout is a development machine unless told otherwise; production images set
    # DEBUG=false (Dockerfile, docker-compose.yml), gunicorn and Celery never read this file.
    os.environ.setdefault("DEBUG", "true")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
