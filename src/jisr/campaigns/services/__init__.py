"""The campaigns' writes, one module per part (``events``, ``outreach``, ``kits``, ...)."""
