import json

from django.http import HttpResponse
from django.views.decorators.http import require_safe

from .popolo import export_popolo


@require_safe
def popolo_export(request):
    """The whole roster as Popolo JSON, for anyone to reuse."""
    body = json.dumps(export_popolo(), ensure_ascii=False, separators=(",", ":"))
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="jisr-popolo.json"'
    return response
