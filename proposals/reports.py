"""The proposal as a PDF: the applicant's copy (every stage, answers as asked, budget, files)."""

from django.utils.translation import gettext as _

from portal.files import files_of
from portal.pdf import render_pdf
from proposals.queries import sections_with_questions
from proposals.services import budget_totals


def proposal_document(proposal) -> dict:
    answers = {answer.question_key: answer for answer in proposal.answers.all()}
    files = {}
    for private_file in files_of(proposal):
        files.setdefault(private_file.purpose, []).append(private_file)
    stages = []
    for stage in proposal.call.stages.filter(order__lte=proposal.stage.order).order_by("order"):
        sections = []
        for section in sections_with_questions(stage):
            rows = []
            for question in section.questions.all():
                answer = answers.get(question.key)
                rows.append({
                    "question": answer.question_text if answer else question.text,
                    "value": answer.value if answer else None,
                    "files": files.get(f"question:{question.key}", []),
                })  # fmt: skip
            sections.append({"title": section.title, "rows": rows})
        stages.append({"stage": stage, "sections": sections})
    return {
        "proposal": proposal,
        "stages": stages,
        "budget_lines": list(proposal.budget_lines.all()),
        "totals": budget_totals(proposal),
        "organisations": [proposal.lead_organisation, *proposal.partners.all()],
    }


def proposal_pdf(proposal, *, language=None) -> bytes:
    title = _("Proposal %(reference)s") % {"reference": proposal.reference or _("(draft)")}
    document = proposal_document(proposal)
    return render_pdf(
        "proposals/pdf/proposal.html", {**document, "document": document}, title=title,
        language=language, author=str(proposal.call.programme), subject=proposal.title,
    )  # fmt: skip
