"""The staff's import, in the same three steps for every format: upload the file (a dry
run checks it: every error, or what it would change), confirm, done. An app's flow says
which importers it offers, how to run one, and where its pages stand; its views check
permission and call ``upload`` or ``confirm``."""

from pathlib import Path
from typing import Any

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from .base import ImportSummary
from .errors import ImportFailed
from .uploads import UploadStore, file_formats


class ImportFlow:
    importers: dict = {}
    form_class: type
    uploads: UploadStore
    # The page the import's pages extend (the app's staff layout, with its navigation).
    base_template = "base.html"
    title: Promise | str = ""
    intro: Promise | str = ""
    columns_note: Promise | str = ""
    upload_url = ""  # URL names
    confirm_url = ""

    # What an app defines.

    def run(
        self,
        scope: dict[str, Any],
        kind: str,
        path: Path,
        actor: Any,
        *,
        dry_run: bool,
        file_name: str,
    ) -> ImportSummary:
        """Import the stored file (``actor``: the member at the request; an app's flow may
        take the ``options`` as further keywords); return its ImportSummary or raise
        ImportFailed."""
        raise NotImplementedError

    def options(self, data: dict) -> dict:
        """The form's values, besides the kind and the file, that the import takes."""
        return {}

    def url_args(self, scope: dict) -> list:
        return []

    def kept(self, scope: dict) -> dict:
        """What a waiting import must match to be confirmed on this page."""
        return {}

    def done_links(self, scope: dict) -> list[tuple[str, str]]:
        return []

    # The steps.

    def upload(self, request, **scope):
        """Check the uploaded file with a dry run; keep it for the confirmation if valid."""
        form = self.form_class(request.POST or None, request.FILES or None)
        if request.method != "POST" or not form.is_valid():
            return self.render_upload(request, scope, form)
        self.uploads.forget(request)
        kind, options = form.cleaned_data["kind"], self.options(form.cleaned_data)
        file_name = form.cleaned_data["file"].name[:200]
        token = None
        try:
            token = self.uploads.store(form.cleaned_data["file"])
            with self.uploads.local_copy(token) as path:
                summary = self.run(
                    scope,
                    kind,
                    path,
                    request.user,
                    dry_run=True,
                    file_name=file_name,
                    **options,
                )
        except ImportFailed as failure:
            self.uploads.discard(token)
            return self.render_upload(request, scope, form, failure)
        self.uploads.keep(
            request,
            token,
            kind=kind,
            filename=file_name,
            summary=summary.as_dict(),
            options=options,
            **self.kept(scope),
        )
        return redirect(self.confirm_url, *self.url_args(scope))

    def confirm(self, request, **scope):
        """Show what the import will change; on confirmation, import the same file."""
        pending, token = self.uploads.pending(request)
        if (
            pending is None
            or token is None
            or any(pending.get(k) != v for k, v in self.kept(scope).items())
        ):
            self.uploads.forget(request)
            messages.info(request, _("There is no import waiting for confirmation. Upload a file."))
            return redirect(self.upload_url, *self.url_args(scope))
        context = {
            **self.context(scope),
            "pending": pending,
            "kind_label": self.importers[pending["kind"]].label,
            "summary": ImportSummary.from_dict(pending["summary"]),
        }
        if request.method == "GET":
            return render(request, "core/imports/confirm.html", context)
        if request.POST.get("action") == "cancel":
            self.uploads.forget(request)
            messages.info(request, _("The import was cancelled; nothing was written."))
            return redirect(self.upload_url, *self.url_args(scope))
        options = pending.get("options", {})
        try:
            with self.uploads.local_copy(token) as path:
                summary = self.run(
                    scope,
                    pending["kind"],
                    path,
                    request.user,
                    dry_run=False,
                    file_name=pending["filename"],
                    **options,
                )
        except ImportFailed as failure:
            # The records changed since the dry run (another import, a correction).
            self.uploads.forget(request)
            form = self.form_class(initial={"kind": pending["kind"], **options})
            return self.render_upload(request, scope, form, failure)
        self.uploads.forget(request)
        context["summary"] = summary
        return render(request, "core/imports/done.html", context)

    # Pages.

    def context(self, scope: dict) -> dict:
        return {
            **scope,
            "base_template": self.base_template,
            "title": self.title,
            "upload_url": self.upload_url,
            "url_args": self.url_args(scope),
            "done_links": self.done_links(scope),
        }

    def render_upload(self, request, scope, form, failure: ImportFailed | None = None):
        context = {
            **self.context(scope),
            "form": form,
            "intro": self.intro,
            "columns_note": self.columns_note,
            "errors": failure.messages if failure else [],
            "formats": file_formats(self.importers),
        }
        return render(request, "core/imports/upload.html", context)
