"""The open calls on the portal's home page."""

from calls.queries import open_calls
from portal.registry import register_section

register_section(
    "home",
    order=10,
    template="calls/home_open_calls.html",
    context=lambda request: {"open_calls": list(open_calls()[:10])},
)
