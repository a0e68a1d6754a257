"""The proposal as a PDF: the applicant's copy (every stage, answers as asked, budget, files)."""

from django.utils.translation import gettext as _

from portal.files import files_of
from portal.pdf import render_pdf
from proposals.queries import sections_up_to
from proposals.services import budget_totals


def proposal_document(proposal) -> dict:
    """Everything of a proposal as asked and answered, per stage: six queries at most."""
    answers = {answer.question_key: answer for answer in proposal.answers.all()}
    files = {}
    for private_file in files_of(proposal):
        files.setdefault(private_file.purpose, []).append(private_file)
    stages = {}
    for section in sections_up_to(proposal.stage):
        rows = []
        for question in section.questions.all():
            answer = answers.get(question.key)
            rows.append({
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


def proposal_pdf(proposal, *, language=None) -> bytes:
    title = _("Proposal %(reference)s") % {"reference": proposal.reference or _("(draft)")}
    document = proposal_document(proposal)
    return render_pdf(
        "proposals/pdf/proposal.html", {**document, "document": document}, title=title,
        language=language, author=str(proposal.call.programme), subject=proposal.title,
    )  # fmt: skip
