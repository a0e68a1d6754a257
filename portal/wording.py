"""Words of allauth's screens that we say differently, in plain B1 Dutch.

makemessages picks these msgids up into our own catalogue, which Django reads before allauth's
(LOCALE_PATHS come first), so "Sign In" reads "Inloggen" everywhere, as in our own menu.
"""

from django.utils.translation import gettext_noop

ALLAUTH_WORDING = [
    gettext_noop("Sign In"),
    gettext_noop("Sign Up"),
    gettext_noop("Sign Out"),
    gettext_noop("Enter Sign-In Code"),
    gettext_noop("Sign-In Code"),
    gettext_noop("Send me a sign-in code"),
    gettext_noop("A sign-in code has been sent to %(recipient)s."),
    gettext_noop("Other sign-in options"),
    gettext_noop("Remember Me"),
]
