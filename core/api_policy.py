"""The export API's access rule and format negotiation, named in settings.REST_FRAMEWORK.

Kept apart from core/api.py because DRF imports these while it loads its own views,
before a module that subclasses those views could be imported.
"""

import re

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError
from rest_framework import exceptions
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import SAFE_METHODS, BasePermission


class ReadOnly(BasePermission):
    """GET, HEAD and OPTIONS only: records are written in the admin, never through the API."""

    def has_permission(self, request, view):
        if request.method in SAFE_METHODS:
            return True
        # 405 with an Allow header says plainly that the method does not exist here, for anyone.
        raise exceptions.MethodNotAllowed(request.method)


class StrictContentNegotiation(DefaultContentNegotiation):
    """An unknown `format` is a bad parameter (400 naming the choices), not a bare 404."""

    def filter_renderers(self, renderers, format):
        matching = [renderer for renderer in renderers if renderer.format == format]
        if not matching:
            choices = ", ".join(renderer.format for renderer in renderers)
            raise exceptions.ValidationError({"format": [f"Unknown format “{format}”: choose one of {choices}."]})
        return matching


def exception_handler(exc, context):
    """DRF's handler, plus database refusals of odd input turned into a 400 instead of a 500."""
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)
    elif isinstance(exc, DataError | OverflowError):
        exc = exceptions.ValidationError({"detail": ["A parameter is out of range for this list."]})
    from rest_framework.views import exception_handler as drf_exception_handler

    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, exceptions.ValidationError):
        # One shape for every bad request: a sentence, then the reasons by parameter.
        errors = response.data if isinstance(response.data, dict) else {"detail": response.data}
        errors = {
            ("parameters" if key in {"__all__", "non_field_errors"} else key): value for key, value in errors.items()
        }
        response.data = {"detail": "The request's parameters are not valid.", "errors": errors}
    return response


class ApiPagination(PageNumberPagination):
    """`page` and `page_size` (bounded); a page size or number that is not a whole number is a 400."""

    page_size_query_param = "page_size"

    def __init__(self):
        self.page_size = settings.API_PAGE_SIZE
        self.max_page_size = settings.API_MAX_PAGE_SIZE

    def _whole_number(self, request, name, maximum=None):
        raw = request.query_params.get(name)
        if raw is None or not raw.strip():  # empty means "not given", like every other parameter
            return None
        if not re.fullmatch(r"[0-9]{1,9}", raw) or int(raw) < 1 or (maximum and int(raw) > maximum):
            limit = f" from 1 to {maximum}" if maximum else " of 1 or more"
            raise exceptions.ValidationError({name: [f"Give {name} as a whole number{limit}."]})
        return int(raw)

    def get_page_size(self, request):
        return self._whole_number(request, self.page_size_query_param, self.max_page_size) or self.page_size

    def get_page_number(self, request, paginator):
        return self._whole_number(request, self.page_query_param) or 1

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.page_query_param,
                "required": False,
                "in": "query",
                "description": "A page number within the list.",
                "schema": {"type": "integer", "minimum": 1, "maximum": 999999999},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Records per page (default {self.page_size}, at most {self.max_page_size}).",
                "schema": {"type": "integer", "minimum": 1, "maximum": self.max_page_size},
            },
        ]
