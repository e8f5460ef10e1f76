import re

from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination

_INTEGER_POSITION = re.compile(r"\d{1,18}")
_WHOLE_NUMBER = re.compile(r"[0-9]+")


class StableCursorPagination(CursorPagination):
    """Every list: newest first by primary key (or the view's `ordering`, an
    integer column), `?cursor=` for the next page.

    One query per page whatever its size (no COUNT), and a page never shifts
    when rows are added while someone pages through.
    """

    ordering = ("-pk",)
    page_size = 25
    page_size_query_param = "page_size"
    max_page_size = 100
    invalid_cursor_message = "The cursor is not valid: use the `next` link of the previous page."

    invalid_page_size_message = "The page size must be a whole number, 1 or more (at most 100 are given)."

    def get_page_size(self, request):
        """`?page_size=` as a whole number of 1 or more, larger ones capped at 100; anything else,
        an empty value included, is refused (400 INVALID), as the schema says."""
        if self.page_size_query_param not in request.query_params:
            return self.page_size
        sizes = []
        for value in request.query_params.getlist(self.page_size_query_param):
            digits = value.lstrip("0")
            if not (_WHOLE_NUMBER.fullmatch(value) and digits):
                raise ValidationError({self.page_size_query_param: [self.invalid_page_size_message]})
            sizes.append(self.max_page_size if len(digits) > 3 else min(int(digits), self.max_page_size))
        return sizes[-1]

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"] = {"type": "integer", "minimum": 1}
                parameter["description"] = (
                    f"Results per page: {self.page_size} unless given; a larger size than "
                    f"{self.max_page_size} gives {self.max_page_size}."
                )
            elif parameter["name"] == self.cursor_query_param:
                parameter["schema"] = {"type": "string", "minLength": 1}
        return parameters

    def get_ordering(self, request, queryset, view):
        return tuple(getattr(view, "ordering", None) or self.ordering)

    def decode_cursor(self, request):
        if request.query_params.get(self.cursor_query_param) == "":
            raise self._invalid()
        try:
            cursor = super().decode_cursor(request)
        except NotFound:  # DRF answers a bad cursor with 404; it is a bad request.
            raise self._invalid() from None
        # A forged position would reach the database as a primary key: it must be one.
        if cursor is not None and cursor.position is not None and not _INTEGER_POSITION.fullmatch(cursor.position):
            raise self._invalid()
        return cursor

    def _invalid(self) -> ValidationError:
        return ValidationError({self.cursor_query_param: [self.invalid_cursor_message]})
