"""Character rules every text field obeys, on the pages (t4c_socialcheck.forms.GovForm) and in
the API (api.fields.StrictCharField) alike: one place, so the two cannot drift apart.

C0 and C1 control characters break pages, exports and other systems; a line break and a tab
are text only in a box of several lines."""

import re

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.deconstruct import deconstructible

CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
LINE_CONTROLS = re.compile(r"[\t\n\r]")
# The same rule as whole-string patterns, for the schema (ECMA and Python read these alike).
MULTILINE_PATTERN = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$"
SINGLE_LINE_PATTERN = r"^[^\u0000-\u001f\u007f-\u009f]*$"
# And, for text that may not be blank (surrounding spaces are trimmed), at least one character
# that is not white space.
MULTILINE_NOT_BLANK_PATTERN = (
    r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*"
    r"[^\s\u0000-\u001f\u007f-\u009f]"
    r"[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$"
)
SINGLE_LINE_NOT_BLANK_PATTERN = (
    r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$"
)
CONTROL_MESSAGE = "Remove the control characters (invisible characters) from this text"


def refuse_control_characters(value, *, multiline: bool = False) -> None:
    if isinstance(value, str) and (CONTROL_CHARACTERS.search(value) or (not multiline and LINE_CONTROLS.search(value))):
        raise ValidationError(CONTROL_MESSAGE, code="control")


@deconstructible
class NoControlCharacters(RegexValidator):
    """The rule as a validator whose `regex` is the whole-string pattern the API schema states
    (drf-spectacular reads it as `pattern`); the check itself is refuse_control_characters."""

    message = CONTROL_MESSAGE
    code = "control"

    def __init__(self, *, multiline: bool = False, blank: bool = True):
        self.multiline = multiline
        if blank:
            pattern = MULTILINE_PATTERN if multiline else SINGLE_LINE_PATTERN
        else:
            pattern = MULTILINE_NOT_BLANK_PATTERN if multiline else SINGLE_LINE_NOT_BLANK_PATTERN
        super().__init__(regex=pattern)

    def __call__(self, value):
        refuse_control_characters(value, multiline=self.multiline)

    def __eq__(self, other):
        return isinstance(other, NoControlCharacters) and other.multiline == self.multiline
