"""Errors the services raise for a person to read, each with a stable code.

Pages show `detail` in the GOV.UK error summary; the API answers
`{"code", "detail", "fields"}` with the status below. Rule refusals are not
errors: the check service returns them as decisions so they are recorded.
"""


class ServiceError(Exception):
    code = "INVALID"
    status = 400

    def __init__(self, detail: str, *, fields: dict[str, list[str]] | None = None, code: str | None = None):
        super().__init__(detail)
        self.detail = detail
        self.fields = fields or {}
        if code:
            self.code = code


class Invalid(ServiceError):
    code = "INVALID"
    status = 400


class NotFound(ServiceError):
    code = "NOT_FOUND"
    status = 404


class NotPermitted(ServiceError):
    code = "NOT_PERMITTED"
    status = 403


class Conflict(ServiceError):
    code = "DUPLICATE"
    status = 409


# The auditor role reads everything and writes nothing (domain.md, roles).
AUDITORS_CHANGE_NOTHING = "Auditors read the records and change nothing. Ask a worker or manager to record this."


class InvalidTransition(ServiceError):
    """A stage move the process does not allow (backwards, skipping, too long a break, a date before the stage)."""

    code = "INVALID_TRANSITION"
    status = 409


class AlreadyClosed(ServiceError):
    code = "ALREADY_CLOSED"
    status = 409
