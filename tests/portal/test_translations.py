import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
from django.conf import settings

LOCALE = Path(settings.BASE_DIR) / "locale"


def test_every_dutch_string_is_translated():
    catalogue = polib.pofile(str(LOCALE / "nl" / "LC_MESSAGES" / "django.po"))
    missing = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not missing, f"untranslated: {missing}"
    assert not fuzzy, f"fuzzy: {fuzzy}"


def test_dutch_translations_keep_their_placeholders():
    catalogue = polib.pofile(str(LOCALE / "nl" / "LC_MESSAGES" / "django.po"))
    import re

    placeholder = re.compile(r"%\(\w+\)[sd]|%[sd]")
    for entry in catalogue.translated_entries():
        if entry.msgid_plural:
            pairs = [
                (entry.msgid, entry.msgstr_plural[0]),
                (entry.msgid_plural, entry.msgstr_plural[1]),
            ]
        else:
            pairs = [(entry.msgid, entry.msgstr)]
        for source, translation in pairs:
            assert sorted(placeholder.findall(source)) == sorted(
                placeholder.findall(translation)
            ), source


def test_english_catalogue_exists_for_the_language_switch():
    assert (LOCALE / "en" / "LC_MESSAGES" / "django.po").exists()


def test_every_string_in_the_code_and_templates_is_in_the_dutch_catalogue(tmp_path):
    """A string added to a template or view without `make messages` would show in English."""
    base = Path(settings.BASE_DIR)
    copy = tmp_path / "repo"
    shutil.copytree(
        base,
        copy,
        ignore=shutil.ignore_patterns(".venv", ".data", ".git", "node_modules", "*.mo"),
    )
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "nl", "--no-obsolete",
         "--ignore=.venv/*", "--ignore=.data/*"],
        cwd=copy, check=True, capture_output=True, env={**os.environ, "DEBUG": "true"},
    )  # fmt: skip
    extracted = {
        entry.msgid for entry in polib.pofile(str(copy / "locale/nl/LC_MESSAGES/django.po"))
    }
    catalogue = {
        entry.msgid
        for entry in polib.pofile(str(LOCALE / "nl" / "LC_MESSAGES" / "django.po"))
        if not entry.obsolete
    }
    assert not extracted - catalogue, f"run `make messages` and translate: {extracted - catalogue}"
