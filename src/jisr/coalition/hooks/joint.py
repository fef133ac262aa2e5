"""The joint part's hooks (see ``apps.PARTS``)."""
