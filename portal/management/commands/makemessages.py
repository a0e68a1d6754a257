"""makemessages without fuzzy matching: a guessed translation is worse than none.

msgmerge's fuzzy guesses looked right to the catalogue ("Send invitation" became
"Kennisinstelling"); without them a new string is plainly untranslated and the test says so.
"""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
