import re

from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination

_INTEGER_POSITION = re.compile(r"\d{1,18}")


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

    def get_ordering(self, request, queryset, view):
        return tuple(getattr(view, "ordering", None) or self.ordering)

    def decode_cursor(self, request):
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
