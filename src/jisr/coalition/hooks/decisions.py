"""The decisions part's hooks (see ``apps.PARTS``)."""
