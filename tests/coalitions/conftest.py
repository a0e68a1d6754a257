from tests.proposals.conftest import applicant, draft, open_call  # noqa: F401  (shared fixtures)
