from django import forms
from django.utils.translation import gettext_lazy as _

from reflections.models import Element, Framework, Reflection, Theme

SCALE = [("", _("Not applicable")), *[(str(n), str(n)) for n in range(1, 6)]]


class ReflectionForm(forms.ModelForm):
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    new_theme = forms.CharField(
        label=_("Propose a new theme"), required=False, max_length=100,
        help_text=_("Missing a theme? Name it here. The fund decides whether it joins the list."),
    )  # fmt: skip
    podcast_url = forms.URLField(
        label=_("Link to a podcast"), required=False, assume_scheme="https"
    )
    audio = forms.FileField(
        label=_("Podcast or audio file"), required=False,
        help_text=_("MP3, M4A, OGG or WAV. Or give a link above."),
    )  # fmt: skip

    class Meta:
        model = Reflection
        fields = ["kind", "date", "pitstop", "title", "flow", "friction", "learned",
                  "next_steps", "other_factors", "themes", "podcast_url", "visibility"]  # fmt: skip
        widgets = {
            "date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "themes": forms.CheckboxSelectMultiple,
            "visibility": forms.RadioSelect,
            **{name: forms.Textarea(attrs={"rows": 4}) for name in
               ["flow", "friction", "learned", "next_steps", "other_factors"]},
        }  # fmt: skip

    def __init__(self, *args, coalition, elements, ratings=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["pitstop"].queryset = coalition.pitstops.all()
        self.fields["themes"].queryset = Theme.objects.filter(approved=True)
        self.elements = list(elements)
        ratings = ratings or {}
        for element in self.elements:
            score, why = ratings.get(element.pk, (None, ""))
            self.fields[f"rating_{element.pk}"] = forms.ChoiceField(
                label=element.name, help_text=element.explanation, choices=SCALE,
                required=False, widget=forms.RadioSelect,
                initial="" if score is None else str(score),
            )  # fmt: skip
            self.fields[f"why_{element.pk}"] = forms.CharField(
                label=_("Why? (%(element)s)") % {"element": element.name}, required=False,
                max_length=500, initial=why,
            )  # fmt: skip

    def ratings(self) -> dict:
        result = {}
        for element in self.elements:
            score = self.cleaned_data.get(f"rating_{element.pk}")
            result[element.pk] = (
                int(score) if score else None,
                self.cleaned_data.get(f"why_{element.pk}", ""),
            )
        return result

    def rating_fields(self):
        return [
            (element, self[f"rating_{element.pk}"], self[f"why_{element.pk}"])
            for element in self.elements
        ]


class DashboardFilterForm(forms.Form):
    """The template draws the coalition and element selects from the page's own lists."""

    coalition = forms.IntegerField(required=False)
    start = forms.DateField(required=False)
    end = forms.DateField(required=False)
    kind = forms.ChoiceField(required=False, choices=[("", ""), *Reflection.Kind.choices])
    element = forms.IntegerField(required=False)
    theme = forms.CharField(required=False, max_length=100)


class PitstopForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200, initial="Pitstop")
    date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("Place"), max_length=200, required=False)


class FrameworkForm(forms.ModelForm):
    class Meta:
        model = Framework
        fields = ["name", "description", "is_example"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


ElementFormSet = forms.inlineformset_factory(
    Framework,
    Element,
    fields=["name", "explanation", "order"],
    extra=2,
    can_delete=True,
    widgets={"explanation": forms.Textarea(attrs={"rows": 2})},
)
