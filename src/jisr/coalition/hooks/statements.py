"""The statements part's hooks (see ``apps.PARTS``)."""
