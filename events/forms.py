from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from calls.models import Programme
from coalitions.models import Coalition, LearningGroup
from events.models import (
    AgendaItem,
    Event,
    EventQuestion,
    Harvest,
    Registration,
    Session,
    ThemeTable,
)
from events.services import RESERVED_SLUGS
from portal.files import PDF, FileKind, validate_upload
from portal.models import Role
from reflections.models import Reflection, Theme

MOMENT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EventForm(forms.ModelForm):
    online_url = forms.URLField(
        label=_("Online link"), required=False, assume_scheme="https",
        help_text=_("For an online event or a stream: the link to join."),
    )  # fmt: skip
    invited = forms.CharField(
        label=_("Invited people"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("For the audience “Invited people”: one email address per line. They get "
                    "an email once the event is published."),
    )  # fmt: skip

    class Meta:
        model = Event
        fields = ["kind", "title", "slug", "description", "starts_at", "ends_at", "place",
                  "online_url", "programme", "call", "audience", "coalitions", "learning_groups",
                  "capacity",
                  "registration_deadline", "organisers", "is_published", "ask_organisation",
                  "ask_role", "ask_dietary", "ask_accessibility"]  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 6}),
            "starts_at": MOMENT,
            "ends_at": MOMENT,
            "registration_deadline": MOMENT,
            "audience": forms.RadioSelect,
            "coalitions": forms.CheckboxSelectMultiple,
            "learning_groups": forms.CheckboxSelectMultiple,
            "organisers": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("Leave empty to make one from the title.")
        self.fields["coalitions"].queryset = Coalition.objects.select_related("programme")
        self.fields["learning_groups"].queryset = LearningGroup.objects.select_related(
            "call"
        ).order_by("call__title", "name")
        self.fields["learning_groups"].label_from_instance = lambda group: (
            f"{group.call.title}: {group.name}"
        )
        self.fields["organisers"].queryset = (
            get_user_model()
            .objects.filter(
                Q(groups__name__in=[Role.STAFF, Role.SUPPORT]) | Q(is_superuser=True),
                is_active=True,
            )
            .distinct()
            .order_by("name")
        )
        if self.instance.pk and not self.is_bound:
            self.initial["invited"] = "\n".join(
                self.instance.invitations.values_list("email", flat=True)
            )

    def clean_slug(self):
        slug = self.cleaned_data.get("slug", "")
        if slug in RESERVED_SLUGS:
            raise ValidationError(_("The portal uses this short name itself. Choose another."))
        return slug

    def clean_invited(self):
        emails = [line.strip() for line in self.cleaned_data.get("invited", "").splitlines()]
        emails = [email for email in emails if email]
        for email in emails:
            try:
                validate_email(email)
            except ValidationError:
                raise ValidationError(
                    _("This is not an email address: %(value)s"), params={"value": email}
                ) from None
        return emails

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The end must be after the start."))
        deadline = data.get("registration_deadline")
        if starts and deadline and deadline > starts:
            self.add_error(
                "registration_deadline", _("The registration deadline must be before the start.")
            )
        programme, call = data.get("programme"), data.get("call")
        if data.get("audience") == Event.Audience.APPLICANTS and call is None:
            self.add_error("call", _("Choose the call whose applicants may come."))
        if programme and call and call.programme_id != programme.pk:
            self.add_error("call", _("This call belongs to another programme."))
        coalitions = data.get("coalitions")
        if programme and coalitions and any(c.programme_id != programme.pk for c in coalitions):
            self.add_error("coalitions", _("Choose coalitions of this programme."))
        groups = data.get("learning_groups")
        if data.get("audience") == Event.Audience.LEARNING_GROUPS and not groups:
            self.add_error("learning_groups", _("Choose the learning groups that may come."))
        if programme and groups and any(g.call.programme_id != programme.pk for g in groups):
            self.add_error("learning_groups", _("Choose learning groups of this programme."))
        return data


class QuestionForm(forms.ModelForm):
    """An empty extra question is simply not added, so the text is not marked as required."""

    class Meta:
        model = EventQuestion
        fields = ["text", "required"]
        labels = {"text": _("Free question"), "required": _("Required")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["text"].required = False

    def clean(self):
        data = super().clean()
        if (
            not data.get("text")
            and not data.get("DELETE")
            and (data.get("required") or self.instance.pk)
        ):
            self.add_error("text", _("Write the question, or remove it."))
        return data


QuestionFormSet = forms.inlineformset_factory(
    Event, EventQuestion, form=QuestionForm, extra=2, can_delete=True
)


class RegistrationForm(forms.Form):
    """The questions of one event's registration form; answers are stored by key."""

    def __init__(self, *args, event, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        labels = Registration.STANDARD_QUESTIONS
        if event.ask_organisation:
            organisations = list(user.organisations.all()) if user and user.is_authenticated else []
            self.fields["organisation"] = forms.CharField(
                label=labels["organisation"], max_length=200,
                initial=", ".join(o.name for o in organisations),
            )  # fmt: skip
        if event.ask_role:
            self.fields["role"] = forms.CharField(
                label=_("Your role"), max_length=200,
                help_text=_("For example: volunteer, neighbourhood worker, civil servant."),
            )  # fmt: skip
        if event.ask_dietary:
            self.fields["dietary"] = forms.CharField(
                label=labels["dietary"], max_length=300, required=False,
                help_text=_(
                    "For example vegetarian, or an allergy. Leave empty if there are none."
                ),
            )  # fmt: skip
        if event.ask_accessibility:
            self.fields["accessibility"] = forms.CharField(
                label=_("What do you need to take part?"), max_length=300, required=False,
                help_text=_("For example a step-free entrance, a hearing loop or a sign language "
                            "interpreter. Leave empty if there is nothing."),
            )  # fmt: skip
        for question in event.questions.all():
            self.fields[question.key] = forms.CharField(
                label=question.text, required=question.required, max_length=1000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )  # fmt: skip

    def answers(self) -> dict:
        return {key: value.strip() for key, value in self.cleaned_data.items() if value.strip()}


# --- The programme: sessions and theme tables ----------------------------------------------
POWERPOINT = FileKind(
    _("PowerPoint or presentation"),
    frozenset({
        "application/vnd.ms-powerpoint",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "application/vnd.oasis.opendocument.presentation",
    }),
)  # fmt: skip
SLIDES = (PDF, POWERPOINT)


class SessionForm(forms.ModelForm):
    slides = forms.FileField(
        label=_("Slides"), required=False, help_text=_("PDF or PowerPoint. Replaces the old file.")
    )
    remove_slides = forms.BooleanField(label=_("Remove the slides"), required=False)

    class Meta:
        model = Session
        fields = ["starts_at", "ends_at", "title", "speaker", "description", "slides_public"]
        widgets = {
            "starts_at": MOMENT,
            "ends_at": MOMENT,
            "description": forms.Textarea(attrs={"rows": 2}),
        }

    def clean_slides(self):
        upload = self.cleaned_data.get("slides")
        if upload:
            validate_upload(upload, SLIDES)
        return upload

    def clean(self):
        data = super().clean()
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The end must be after the start."))
        return data


# An untouched extra row is skipped (Django's formsets do not validate it).
SessionFormSet = forms.inlineformset_factory(
    Event, Session, form=SessionForm, extra=2, can_delete=True
)


class ThemeTableForm(forms.ModelForm):
    class Meta:
        model = ThemeTable
        fields = ["name", "order", "host", "host_name", "questions", "participants",
                  "participant_names"]  # fmt: skip
        widgets = {
            "questions": forms.Textarea(attrs={"rows": 3}),
            "participant_names": forms.Textarea(attrs={"rows": 2}),
            "participants": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, people=None, **kwargs):
        super().__init__(*args, **kwargs)
        if people is not None:
            self.fields["host"].queryset = people
            self.fields["participants"].queryset = people
        self.fields["participants"].help_text = _(
            "Registered people. Hold Ctrl (or Cmd) to choose more than one."
        )


class BaseThemeTableFormSet(forms.BaseInlineFormSet):
    def __init__(self, *args, people=None, **kwargs):
        self.people = people
        super().__init__(*args, **kwargs)

    def clean(self):
        """A table with a written harvest is not removed: the harvest would go with it."""
        super().clean()
        removed = [form.instance.pk for form in self.deleted_forms if form.instance.pk]
        written = Harvest.objects.filter(table__in=removed).exclude(text="")
        names = [harvest.table.name for harvest in written.select_related("table")]
        if names:
            raise ValidationError(
                _("These tables have a harvest and cannot be removed: %(names)s."),
                params={"names": ", ".join(names)},
            )

    def get_form_kwargs(self, index):
        return {**super().get_form_kwargs(index), "people": self.people}

    @property
    def empty_form(self):
        form = super().empty_form
        if self.people is not None:
            form.fields["host"].queryset = self.people
            form.fields["participants"].queryset = self.people
        return form


ThemeTableFormSet = forms.inlineformset_factory(
    Event, ThemeTable, form=ThemeTableForm, formset=BaseThemeTableFormSet, extra=3,
    can_delete=True,
)  # fmt: skip


def people_for_tables(event):
    """Who can host or sit at a table: the event's registered people, its organisers, staff and
    the support team."""
    registered = Registration.objects.filter(event=event, state=Registration.State.REGISTERED)
    return (
        get_user_model()
        .objects.filter(
            Q(pk__in=registered.values("user"))
            | Q(pk__in=event.organisers.values("pk"))
            | Q(groups__name__in=[Role.STAFF, Role.SUPPORT]),
            is_active=True,
        )
        .distinct()
        .order_by("name", "email")
    )


# --- Harvest -------------------------------------------------------------------------------
class HarvestForm(forms.Form):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)
    text = forms.CharField(
        label=_("Harvest"), required=False, widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("What did the table find, learn or want to do next? Use Markdown: a line "
                    "starting with “- ” is a list item, **bold** is bold."),
    )  # fmt: skip
    themes = forms.ModelMultipleChoiceField(
        label=_("Themes"), required=False, queryset=Theme.objects.filter(approved=True),
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    is_public = forms.BooleanField(
        label=_("Public: everyone may read this harvest"), required=False,
        help_text=_("Only for a public event. Otherwise participants and staff read it."),
    )  # fmt: skip


# --- Knowledge agenda ----------------------------------------------------------------------
class AgendaItemForm(forms.ModelForm):
    class Meta:
        model = AgendaItem
        fields = ["programme", "event", "kind", "text", "owner", "owner_name", "status",
                  "follow_up_on", "source_reflection", "source_table",
                  "source_harvest"]  # fmt: skip
        widgets = {
            "kind": forms.RadioSelect,
            "text": forms.Textarea(attrs={"rows": 3}),
            "follow_up_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "source_table": forms.HiddenInput,
            "source_harvest": forms.HiddenInput,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.order_by("name")
        self.fields["event"].queryset = Event.objects.select_related("programme").order_by(
            "-starts_at"
        )
        self.fields["event"].help_text = _("Empty for an item from a table or harvest: its event.")
        self.fields["owner"].queryset = (
            get_user_model().objects.filter(is_active=True).order_by("name", "email")
        )
        # Reflections staff may read: shared with the fund, or public.
        self.fields["source_reflection"].queryset = (
            Reflection.objects.filter(is_draft=False, visibility__in=["fund", "public"])
            .select_related("coalition")
            .order_by("-date", "-id")
        )
        self.fields["source_reflection"].label_from_instance = lambda reflection: (
            f"{reflection.coalition.name}: {reflection.title} ({reflection.date:%d-%m-%Y})"
        )
        self.fields["source_reflection"].help_text = _(
            "Does this item come from a reflection? Choose it here."
        )

    def clean(self):
        data = super().clean()
        programme = data.get("programme")
        source = data.get("source_table") or data.get("source_harvest")
        event = data.get("event") or (source.event if source else None)
        if programme and event and event.programme_id != programme.pk:
            self.add_error("event", _("This event belongs to another programme."))
        reflection = data.get("source_reflection")
        if programme and reflection and reflection.coalition.programme_id != programme.pk:
            self.add_error("source_reflection", _("This reflection belongs to another programme."))
        return data


class AgendaStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=AgendaItem.Status.choices)


class AgendaFilterForm(forms.Form):
    programme = forms.ModelChoiceField(
        label=_("Programme"), required=False, queryset=Programme.objects.order_by("name"),
        empty_label=_("All programmes"),
    )  # fmt: skip
    status = forms.ChoiceField(
        label=_("Status"), required=False,
        choices=[("", _("Every status")), *AgendaItem.Status.choices],
    )  # fmt: skip
    owner = forms.ModelChoiceField(
        label=_("Owner"), required=False, empty_label=_("Everyone"),
        queryset=get_user_model().objects.none(),
    )  # fmt: skip
    source = forms.ChoiceField(
        label=_("Comes from"), required=False,
        choices=[("", _("Anywhere")), *AgendaItem.Source.choices],
    )  # fmt: skip

    def __init__(self, *args, programmes=None, owners=None, **kwargs):
        super().__init__(*args, **kwargs)
        if programmes is not None:
            self.fields["programme"].queryset = programmes
        if owners is not None:
            self.fields["owner"].queryset = owners
