"""Background work of the campaigns, run by `jisr worker`. Each task is safe to run twice:
the post's own state, not the queue, decides whether it is sent (services/channels.py)."""

from django_tasks import task


@task()
def channel_post_send(post_id: int) -> str:
    """Send one post to the organization's Telegram channel, if it is still due."""
    from .services.channels import channel_post_send as send

    return send(post_id)
