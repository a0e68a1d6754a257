"""Proposals as PDF: the proposal (applicant's copy, reviewer's pack), the registrations overview of
a call, and the selection report for the board. Registered with portal.reports."""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from calls.models import Call, Question
from portal.models import PrivateFile
from portal.pdf import render_pdf
from portal.reports import Built, Report, register_report
from portal.rules import is_fund_staff
from proposals.models import Proposal, Review
from proposals.queries import sections_up_to
from proposals.services import budget_totals


# --- The proposal document: every stage as asked and answered -------------------------------
def proposal_documents(proposals) -> list[dict]:
    """The documents of many proposals in a fixed number of queries (per distinct stage one)."""
    proposals = list(proposals)
    ids = [proposal.pk for proposal in proposals]
    answers = defaultdict(dict)
    from proposals.models import Answer

    for answer in Answer.objects.filter(proposal_id__in=ids):
        answers[answer.proposal_id][answer.question_key] = answer
    files = defaultdict(lambda: defaultdict(list))
    for private_file in PrivateFile.objects.filter(
        target_type=ContentType.objects.get_for_model(Proposal),
        target_id__in=[str(pk) for pk in ids],
    ).order_by("pk"):
        files[int(private_file.target_id)][private_file.purpose].append(private_file)
    sections_of_stage = {}
    documents = []
    for proposal in proposals:
        if proposal.stage_id not in sections_of_stage:
            sections_of_stage[proposal.stage_id] = sections_up_to(proposal.stage)
        documents.append(
            _document(
                proposal,
                sections_of_stage[proposal.stage_id],
                answers[proposal.pk],
                files[proposal.pk],
            )
        )
    return documents


def _document(proposal, sections, answers, files) -> dict:
    stages = {}
    for section in sections:
        rows = []
        for question in section.questions.all():
            answer = answers.get(question.key)
            rows.append({
                "key": question.key,
                "question": answer.question_text if answer else question.text,
                "value": answer.value if answer else None,
                "files": files.get(f"question:{question.key}", []),
            })  # fmt: skip
        part = stages.setdefault(section.stage_id, {"stage": section.stage, "sections": []})
        part["sections"].append({"title": section.title, "rows": rows})
    lines = list(proposal.budget_lines.all()) if proposal.stage.has_budget else []
    return {
        "proposal": proposal,
        "stages": list(stages.values()),
        "budget_lines": lines,
        "totals": budget_totals(proposal, lines=lines),
        "organisations": [proposal.lead_organisation, *proposal.partners.all()],
        "files": [f for group in files.values() for f in group],
    }


def proposal_document(proposal) -> dict:
    """Everything of one proposal as asked and answered, per stage."""
    return proposal_documents([proposal])[0]


def proposal_pdf(proposal, *, language=None, reviews=None) -> bytes:
    built = _proposal_built(proposal, reviews)
    return render_pdf(
        built.template, built.context, title=built.title, language=language,
        author=built.author, subject=built.subject,
    )  # fmt: skip


def _proposal_built(proposal, reviews=None) -> Built:
    title = _("Proposal %(reference)s") % {"reference": proposal.reference or _("(draft)")}
    document = proposal_document(proposal)
    return Built(
        "proposals/pdf/proposal.html",
        {**document, "document": document, "reviews": reviews},
        title=title, author=str(proposal.call.programme), subject=proposal.title,
    )  # fmt: skip


def _submitted_reviews(proposal):
    return list(
        Review.objects.filter(proposal=proposal, state=Review.State.SUBMITTED)
        .select_related("reviewer", "stage")
        .prefetch_related("scores__criterion")
        .order_by("stage__order", "reviewer__name")
    )


def build_proposal(proposal, maker, options) -> Built:
    """Applicants get their copy; who may read the reviews gets the reviewer's pack with them."""
    with_reviews = maker is None or maker.has_perm("proposals.view_reviews", proposal)
    return _proposal_built(proposal, _submitted_reviews(proposal) if with_reviews else None)


def _find_proposal(reference):
    queryset = Proposal.objects.select_related(
        "call", "call__programme", "stage", "lead_organisation"
    ).prefetch_related("partners", "budget_lines")
    if reference.isdigit():
        return queryset.get(pk=int(reference))  # a draft has no reference yet
    return queryset.get(reference=reference)


register_report(
    Report(
        kind="proposal",
        order=2,
        label=gettext_lazy("Proposal"),
        target="proposal",
        find=_find_proposal,
        identify=lambda proposal: proposal.reference or str(proposal.pk),
        may_make=lambda user, proposal: user.has_perm("proposals.view_proposal", proposal),
        build=build_proposal,
        examples=lambda: list(
            Proposal.objects.exclude(reference=None)
            .order_by("reference")
            .values_list("reference", flat=True)[:5]
        ),  # fmt: skip
    )
)


# --- Registrations overview of a call -------------------------------------------------------
def registrations(call):
    return (
        Proposal.objects.filter(call=call)
        .exclude(state__in=[Proposal.State.DRAFT, Proposal.State.WITHDRAWN])
        .select_related("stage", "lead_organisation", "call")
        .prefetch_related("partners", "budget_lines")
        .order_by("submitted_at", "reference", "pk")
    )


def summary_question(call, key=""):
    """The question whose answer goes into the summary table: the one staff chose, or the first
    long text of the first stage."""
    questions = Question.objects.filter(section__stage__call=call).order_by(
        "section__stage__order", "section__order", "order", "id"
    )
    chosen = questions.filter(key=key).first() if key else None
    return chosen or questions.filter(kind="long_text").first() or questions.first()


def build_registrations(call, maker, options) -> Built:
    proposals = list(registrations(call))
    question = summary_question(call, options.get("question", ""))
    documents = proposal_documents(proposals)
    rows = []
    for number, document in enumerate(documents, start=1):
        proposal = document["proposal"]
        answer = next(
            (row["value"] for part in document["stages"] for section in part["sections"]
             for row in section["rows"] if question and row["key"] == question.key), None,
        )  # fmt: skip
        document["number"] = number
        rows.append({
            "number": number, "proposal": proposal, "organisations": document["organisations"],
            "summary": Truncator(_as_text(answer)).chars(280),
        })  # fmt: skip
    return Built(
        "proposals/pdf/registrations.html",
        {"call": call, "rows": rows, "documents": documents, "question": question,
         "programme": call.programme},
        title=_("Registrations: %(call)s") % {"call": call.title},
        author=str(call.programme),
    )  # fmt: skip


def _as_text(value):
    if value is None:
        return ""
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def _question_choices(call):
    default = summary_question(call)
    questions = Question.objects.filter(section__stage__call=call).exclude(kind="file")
    choices = [(q.key, q.text) for q in questions.order_by(
        "section__stage__order", "section__order", "order", "id")]  # fmt: skip
    if default is not None:  # the default first, so the form proposes it
        choices.sort(key=lambda choice: choice[0] != default.key)
    return choices


def _find_call(slug):
    return Call.objects.select_related("programme").get(slug=slug)


def _call_examples():
    return list(Call.objects.order_by("slug").values_list("slug", flat=True))


register_report(
    Report(
        kind="registrations",
        order=1,
        label=gettext_lazy("Registrations overview"),
        target="call",
        find=_find_call,
        identify=lambda call: call.slug,
        may_make=lambda user, call: is_fund_staff(user),
        build=build_registrations,
        examples=_call_examples,
        size=lambda call: registrations(call).count(),
        options=("question",),
        option_choices=lambda call: {"question": _question_choices(call)},
    )
)


# --- Selection report for the board ---------------------------------------------------------
def _outcome(proposal, stage):
    """What became of the proposal in this stage: its decision, or that it is still open."""
    if proposal.stage.order > stage.order:
        return _("Invited to the next stage")
    if proposal.state == Proposal.State.SELECTED:
        return _("Selected")
    if proposal.state == Proposal.State.DECLINED:
        return _("Declined")
    if proposal.pending_decision:
        return _("Proposed: %(decision)s") % {"decision": proposal.get_pending_decision_display()}
    return _("No decision yet")


def build_selection(call, maker, options) -> Built:
    from proposals.review_services import score_summary

    stages = list(call.stages.order_by("order").prefetch_related("criteria"))
    submitted = Review.objects.filter(state=Review.State.SUBMITTED).prefetch_related("scores")
    parts = []
    for stage in stages:
        proposals = (
            Proposal.objects.filter(call=call, submissions__stage=stage)
            .exclude(state=Proposal.State.WITHDRAWN)
            .select_related("stage", "lead_organisation")
            .prefetch_related(
                "budget_lines",
                Prefetch(
                    "reviews",
                    queryset=submitted.filter(stage=stage),
                    to_attr="stage_reviews",
                ),
            )
            .distinct()
        )
        criteria = list(stage.criteria.all())
        rows = []
        for proposal in proposals:
            summary = score_summary(proposal.stage_reviews, criteria)
            lines = list(proposal.budget_lines.all())
            requested = budget_totals(proposal, lines=lines)["requested"] if lines else 0
            selected_here = (
                proposal.state == Proposal.State.SELECTED and proposal.stage_id == stage.pk
            )
            granted = requested if selected_here else 0
            rows.append({
                "proposal": proposal, "mean": summary["mean"], "spread": summary["spread"],
                "reviews": summary["count"], "outcome": _outcome(proposal, stage),
                "reason": proposal.decision_reason, "requested": requested,
                "granted": granted,
            })  # fmt: skip
        rows.sort(key=lambda row: (row["mean"] is None, -(row["mean"] or 0), row["proposal"].pk))
        for rank, row in enumerate(rows, start=1):
            row["rank"] = rank
        parts.append({
            "stage": stage, "rows": rows,
            "requested": sum(row["requested"] for row in rows),
            "granted": sum(row["granted"] for row in rows),
        })  # fmt: skip
    return Built(
        "proposals/pdf/selection.html",
        {"call": call, "parts": parts, "programme": call.programme},
        title=_("Selection report: %(call)s") % {"call": call.title},
        author=str(call.programme),
    )  # fmt: skip


register_report(
    Report(
        kind="selection",
        order=3,
        label=gettext_lazy("Selection report"),
        target="call",
        find=_find_call,
        identify=lambda call: call.slug,
        may_make=lambda user, call: is_fund_staff(user),
        build=build_selection,
        examples=_call_examples,
        size=lambda call: Proposal.objects.filter(call=call).count(),
    )
)
