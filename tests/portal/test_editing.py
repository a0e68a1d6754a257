"""The editor's conflict rule (portal/editing.py), on its own and on the real database."""

import pytest

from portal.editing import EditorRequest, apply_edits, is_conflict, revisions_of
from tests.factories import OrganisationFactory, UserFactory


@pytest.mark.parametrize(
    ("stored", "stored_editor", "base", "editor", "conflict"),
    [
        (0, "", 0, "a", False),  # nobody wrote it yet
        (3, "b", 3, "a", False),  # the editor holds the newest revision
        (4, "a", 3, "a", False),  # its own save whose answer was lost: never a conflict
        (4, "b", 3, "a", True),  # another tab or person wrote in between
        (4, "", 3, "", True),  # unknown editors are never "the same"
        (2, "b", 5, "a", False),  # a base ahead of the store (restored page): no conflict
    ],
)
def test_a_save_is_a_conflict_only_when_someone_else_stored_a_newer_value(
    stored, stored_editor, base, editor, conflict
):
    assert (
        is_conflict(
            stored_revision=stored, stored_editor=stored_editor, base_revision=base, editor=editor
        )
        is conflict
    )


@pytest.mark.django_db
def test_apply_edits_raises_revisions_per_field_and_reports_who_stored_the_newer_one():
    target = OrganisationFactory()  # any model: the revisions live beside it
    henk, sanne = UserFactory(name="Henk"), UserFactory(name="Sanne")
    first = apply_edits(
        target=target, edits={"a": "1", "b": "x"}, current={},
        request=EditorRequest(editor="henk-tab"), actor=henk,
    )  # fmt: skip
    assert first.accepted == {"a": "1", "b": "x"} and first.revisions == {"a": 1, "b": 1}
    # Sanne's page was opened before: field a conflicts, field c (new) is saved.
    second = apply_edits(
        target=target, edits={"a": "2", "c": "y"}, current={"a": "1"},
        request=EditorRequest(editor="sanne-tab", bases={"a": 0, "c": 0}), actor=sanne,
    )  # fmt: skip
    assert second.accepted == {"c": "y"}
    assert second.conflicts["a"].by == henk and second.conflicts["a"].revision == 1
    assert second.revisions["a"] == 0  # the conflict does not hand over the newer revision
    # The same value as stored is never a conflict: the editor simply takes the revision.
    same = apply_edits(
        target=target, edits={"a": "1"}, current={"a": "1"},
        request=EditorRequest(editor="sanne-tab", bases={"a": 0}), actor=sanne,
    )  # fmt: skip
    assert not same.conflicts and same.revisions == {"a": 1}
    assert revisions_of(target, ["a", "b", "c", "d"]) == {"a": 1, "b": 1, "c": 1, "d": 0}
