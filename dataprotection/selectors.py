"""What other apps' pages show about subject access."""

from .services import may_review, overdue_requests


def subject_access_on_home(user) -> dict:
    """For the home page: the reviewer's overdue requests (the data protection officer's are every council's)."""
    if not may_review(user):
        return {"reviews_subject_access": False, "overdue_requests": []}
    return {"reviews_subject_access": True, "overdue_requests": list(overdue_requests(user).order_by("due_on")[:20])}
