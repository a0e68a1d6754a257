"""`make loadtest`: locust on loopback against gunicorn (see docs/reliability.md)."""
