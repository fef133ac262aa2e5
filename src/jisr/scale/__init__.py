"""A deterministic, fictional data set at any scale, for measuring Jisr (docs/scale-data.md).

``jisr manage generate_scale_data --scale N`` runs ``run.generate``; each domain has its
module (accounts, parliament, proposals, reports, elections, search), writing through
``loader`` and reporting through ``progress``. Nothing here is used by the site itself.
"""
