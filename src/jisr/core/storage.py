"""Writing uploaded files under MEDIA_ROOT without ever leaving half a file behind.

A full disk (or a quota) is a plain message for the person uploading, not a 500: nothing
is changed, the partial file is removed, and the rest of the site goes on working.
"""

import errno

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

NO_ROOM = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def no_room_error() -> ValidationError:
    return ValidationError(
        _(
            "The server has no room left to store this file, so nothing was changed. "
            "Please tell the technical admin that the upload folder is full."
        ),
        code="disk_full",
    )


def save_file(storage, name: str, content) -> str:
    """Save ``content`` as ``name`` (or a free variant); return the name used."""
    name = storage.get_available_name(name)
    try:
        return storage.save(name, content)
    except OSError as error:
        if error.errno not in NO_ROOM:
            raise
        if storage.exists(name):  # the part that was written before the disk filled up
            storage.delete(name)
        raise no_room_error() from error


def save_field_file(instance, field_name: str, name: str, content) -> None:
    """Like ``instance.<field>.save(name, content)``, with save_file's guarantees."""
    field = instance._meta.get_field(field_name)
    stored = save_file(field.storage, field.generate_filename(instance, name), content)
    setattr(instance, field.attname, stored)
    instance.save(update_fields=[field.attname])
