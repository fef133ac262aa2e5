"""The coalitions part's hooks (see ``apps.PARTS``)."""
