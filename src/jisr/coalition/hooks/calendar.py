"""The calendar part's hooks (see ``apps.PARTS``)."""
