"""Template tags of event pages and of every page that lists events: a list row and a status label."""

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from core.templatetags.portal import choice_label, date_range_tag, draft_mark
from core.visibility import sees_drafts, shown

register = template.Library()


@register.simple_tag
def event_status(event):
    """A visible label for cancelled or postponed events; nothing for planned or held ones.

    A simple tag rather than an inclusion template: it runs once per event on every list.
    """
    if not getattr(event, "is_cancelled_or_postponed", False):
        return ""
    return format_html(
        '<span class="status-label status-{}">{}</span>',
        event.event_status,
        capfirst(choice_label(event, "event_status")),
    )


@register.simple_tag(takes_context=True)
def event_item(context, event):
    """One event as a row of an event list: /events/, the home page and a country's page.

    A tag rather than an included template: a list page writes twenty of these, and as a template
    each row's lookups, includes and filters were a large part of the page's rendering; built here
    with one escape per value it costs much less (BENCHMARKS.md). The markup is what
    includes/event_item.html wrote. The events' country, parent and themes come with
    EventQuerySet.with_listing_relations().
    """
    # A draft country or parent is absent for the public (core.visibility), marked for staff.
    request = context.get("request")
    drafts = sees_drafts(getattr(request, "user", None))
    country, parent = shown(event.country, drafts), shown(event.parent, drafts)
    title = f'<a href="{escape(event.get_absolute_url())}">{escape(event.title)}</a> {event_status(event)}'
    title += draft_mark(event)
    meta = f"{date_range_tag(event.start, event.end, event.year_inferred, event.date_note)}\n"
    meta += f"    · {escape(capfirst(choice_label(event, 'kind')))}"
    place = ", ".join(part for part in (event.city, country.name if country else "") if part)
    if place:
        meta += f" · {escape(place)}"
    if event.online:
        meta += f" · {escape(_('online'))}"
    # The date note says where a date comes from (a post's dateline, a year no source gives): a row
    # shows it as plainly as the event's page does, not only in a tooltip.
    date_note = f'<p class="meta date-note">{escape(event.date_note)}</p>\n  ' if event.date_note else ""
    part_of = ""
    if parent:
        link = f'<a href="{escape(parent.get_absolute_url())}">{escape(parent.title)}</a>{draft_mark(parent)}'
        part_of = f'<p class="meta">{escape(_("Part of"))} {link}</p>'
    themes = "".join(f"<li>{escape(theme.name)}</li>" for theme in event.themes.all())
    if themes:
        themes = f'<ul class="tags" aria-label="{escape(_("Themes"))}">{themes}</ul>'
    return mark_safe(  # noqa: S308 - every value is escaped above; the tags it calls return safe markup
        f'<li class="record event-item">\n  <h3 class="record-title">{title}</h3>\n'
        f'  <p class="meta">\n    {meta}\n  </p>\n  {date_note}{part_of}\n  {themes}\n</li>\n'
    )
