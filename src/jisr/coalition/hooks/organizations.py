"""The organizations part's hooks (see ``apps.PARTS``)."""


def load_demo(stdout):
    from .. import base_demo

    base_demo.load(stdout)
