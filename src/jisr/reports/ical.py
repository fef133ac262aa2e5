"""iCalendar (RFC 5545) written by hand: a handful of VEVENTs need no library. No Django."""

from datetime import UTC, date, datetime, timedelta


def escape(text: str) -> str:
    """Escape a TEXT value (RFC 5545 3.3.11)."""
    return (
        text.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\r", "\\n")  # a lone CR would end the line early in some readers
        .replace("\n", "\\n")
    )


def fold(line: str) -> str:
    """Fold a content line at 75 octets, never inside a UTF-8 character (3.1)."""
    out: list[str] = []
    current = b""
    for char in line:
        encoded = char.encode()
        limit = 75 if not out else 74  # continuation lines start with a space
        if len(current) + len(encoded) > limit:
            out.append(current.decode())
            current = b""
        current += encoded
    out.append(current.decode())
    return "\r\n ".join(out)


def _stamp(value) -> str:
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    return value.strftime("%Y%m%d")


def calendar(name: str, events: list[dict], *, now: datetime, product: str = "-//Jisr//EN") -> str:
    """Each event: uid, start (date or aware datetime), optional end, summary, and
    optional description, location and url."""
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{product}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{escape(name)}",
    ]
    for event in events:
        start = event["start"]
        all_day = not isinstance(start, datetime)
        end = event.get("end") or (start + timedelta(days=1) if all_day else start)
        lines += [
            "BEGIN:VEVENT",
            f"UID:{event['uid']}",
            f"DTSTAMP:{_stamp(now)}",
            f"DTSTART;VALUE=DATE:{_stamp(start)}" if all_day else f"DTSTART:{_stamp(start)}",
            f"DTEND;VALUE=DATE:{_stamp(end)}" if all_day else f"DTEND:{_stamp(end)}",
            f"SUMMARY:{escape(event['summary'])}",
        ]
        for key in ("description", "location"):
            if event.get(key):
                lines.append(f"{key.upper()}:{escape(event[key])}")
        if event.get("url"):
            lines.append(f"URL:{event['url']}")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "".join(fold(line) + "\r\n" for line in lines)


__all__ = ["calendar", "date", "escape", "fold"]
