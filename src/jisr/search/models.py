"""The search index: one row per public record of any app.

The ``*_terms`` columns hold the record's terms, normalized and stemmed in Python
(``terms.document_terms``). The database only indexes them: on SQLite an FTS5 table
``search_fts`` kept in step by triggers, on PostgreSQL the generated ``tsvector`` column
``search_vector`` with a GIN index (both made in migration 0001).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchDocument(models.Model):
    doc_type = models.CharField(_("type"), max_length=40)
    object_id = models.PositiveBigIntegerField()
    url = models.CharField(max_length=500)
    # The original text, shown in the results with the matches marked.
    title = models.CharField(_("title"), max_length=500)
    text = models.TextField(blank=True)
    names = models.TextField(blank=True)  # other names, one per line
    # Shown with the title, not searched: who spoke, who asked (record data, no labels).
    context = models.CharField(max_length=300, blank=True)
    title_is_name = models.BooleanField(default=False)
    # What is matched: normalized unstemmed words, stems, body words with their stems,
    # and sound keys of names, each a space-separated list.
    exact_terms = models.TextField(blank=True)
    stem_terms = models.TextField(blank=True)
    body_terms = models.TextField(blank=True)
    sound_terms = models.TextField(blank=True)
    date = models.DateField(_("date"), null=True, blank=True)
    governorate = models.CharField(_("governorate"), max_length=100, blank=True)
    language = models.CharField(max_length=10, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["doc_type", "object_id"], name="search_one_document_per_record"
            )
        ]
        indexes = [
            models.Index(fields=["date"], name="search_document_date"),
            models.Index(fields=["governorate"], name="search_document_governorate"),
        ]
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")

    def __str__(self):
        return f"{self.doc_type}:{self.object_id}"

    def name_list(self) -> list[str]:
        return [n for n in self.names.split("\n") if n]
