"""The filters of the staff proposal list (django-filter); the export uses the same ones.

The choices that depend on the call (stages, municipalities, reviewers) come from two small
queries, so the list's number of queries stays the same whatever the number of proposals.
"""

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db.models import Exists, F, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from portal.models import Organisation
from proposals.models import Proposal, Review
from proposals.queries import help_asked

YES_NO = [("ja", _("Yes")), ("nee", _("No"))]
ALL = _("All")


def search(proposals, text):
    """Full-text search (Dutch stemming, and plain words for names) plus the reference number.

    Annotates `rank` so the view can put the best matches first.
    """
    query = SearchQuery(text, config="dutch", search_type="websearch") | SearchQuery(
        text, config="simple", search_type="websearch"
    )
    return proposals.filter(Q(search_vector=query) | Q(reference__icontains=text)).annotate(
        rank=SearchRank(F("search_vector"), query)
    )


class ProposalFilter(django_filters.FilterSet):
    zoek = django_filters.CharFilter(
        method="filter_search",
        label=_("Search"),
        help_text=_("Words from the title, the organisations or the answers, or a reference."),
    )
    status = django_filters.MultipleChoiceFilter(
        field_name="state",
        choices=Proposal.State.choices,
        label=_("Status"),
        widget=forms.CheckboxSelectMultiple,
        distinct=False,  # a plain IN on a column: no duplicates, and no DISTINCT over everything
    )
    fase = django_filters.ChoiceFilter(
        field_name="stage_id", label=_("Stage"), choices=[], empty_label=ALL
    )
    soort = django_filters.ChoiceFilter(
        field_name="lead_organisation__kind",
        choices=Organisation.Kind.choices,
        label=_("Kind of lead organisation"),
        empty_label=ALL,
    )
    gemeente = django_filters.ChoiceFilter(
        field_name="lead_organisation__municipality",
        label=_("Municipality"),
        choices=[],
        empty_label=ALL,
    )
    hulp = django_filters.ChoiceFilter(
        method="filter_help", choices=YES_NO, label=_("Asked for writing help"), empty_label=ALL
    )
    beoordelaar = django_filters.ChoiceFilter(
        method="filter_reviewer", label=_("Reviewer"), choices=[], empty_label=ALL
    )
    score_min = django_filters.NumberFilter(
        field_name="weighted_mean",
        lookup_expr="gte",
        label=_("Score at least"),
        widget=forms.NumberInput(attrs={"step": "0.1", "min": "1", "max": "5"}),
    )
    score_max = django_filters.NumberFilter(
        field_name="weighted_mean",
        lookup_expr="lte",
        label=_("Score at most"),
        widget=forms.NumberInput(attrs={"step": "0.1", "min": "1", "max": "5"}),
    )
    vlag = django_filters.ChoiceFilter(
        method="filter_flag", choices=YES_NO, label=_("Flagged"), empty_label=ALL
    )

    class Meta:
        model = Proposal
        fields = []

    def __init__(self, data=None, queryset=None, *, call, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.call = call
        stages, municipalities = {}, set()
        # One query: the stages and municipalities that occur in this call's proposals.
        for stage_id, order, name, municipality in (
            Proposal.objects.filter(call=call)
            .order_by()
            .values_list(
                "stage_id", "stage__order", "stage__name", "lead_organisation__municipality"
            )
            .distinct()
        ):
            stages[stage_id] = (order, name)
            if municipality:
                municipalities.add(municipality)
        ordered = sorted(stages.items(), key=lambda item: item[1])
        self.filters["fase"].extra["choices"] = [(str(pk), name) for pk, (_o, name) in ordered]
        self.filters["gemeente"].extra["choices"] = [(m, m) for m in sorted(municipalities)]
        # One query: the reviewers who have a review in this call.
        from proposals.models import Review

        reviewer_ids = Review.objects.filter(proposal__call=call).order_by().values("reviewer_id")
        reviewers = (
            get_user_model()
            .objects.filter(pk__in=reviewer_ids)  # IN (...) instead of DISTINCT over every review
            .order_by("name", "email")
            .values_list("pk", "name", "email")
        )
        self.filters["beoordelaar"].extra["choices"] = [
            (str(pk), name or email) for pk, name, email in reviewers
        ]
        for name, field in self.form.fields.items():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple):
                continue
            widget.attrs["class"] = (
                "form-select" if isinstance(widget, forms.Select) else "form-control"
            )
            if field.help_text:
                widget.attrs["aria-describedby"] = f"{name}-help"

    @property
    def searching(self) -> bool:
        return bool(self.is_bound and self.form.is_valid() and self.form.cleaned_data.get("zoek"))

    def filter_search(self, queryset, name, value):
        return search(queryset, value.strip()) if value.strip() else queryset

    def filter_help(self, queryset, name, value):
        asked = help_asked()
        return queryset.filter(asked if value == "ja" else ~asked)

    def filter_flag(self, queryset, name, value):
        return queryset.filter(flagged=value == "ja")

    def filter_reviewer(self, queryset, name, value):
        return queryset.filter(
            Exists(Review.objects.filter(proposal=OuterRef("pk"), reviewer_id=int(value)))
        )
