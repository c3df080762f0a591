"""The form renderer: Django's templates for every widget, except the text-like inputs and select
boxes, which are written here in Python with exactly the markup of Django's own templates.

A list page's filter form has a dozen such widgets and some fifty options. Through the template
engine (an include per input and a template per select box) they were a fifth of the page's
rendering: about a millisecond and a half a page. tests/registry/test_views.py renders every kind
of widget both ways and compares the markup.
"""

from django.forms.renderers import TemplatesSetting
from django.utils.formats import localize
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeData, mark_safe

# Django's templates for these are `{% include "django/forms/widgets/input.html" %}` and nothing else.
INPUT_TEMPLATES = frozenset(
    f"django/forms/widgets/{name}.html"
    for name in (
        "input",
        "text",
        "number",
        "email",
        "url",
        "password",
        "hidden",
        "date",
        "datetime",
        "time",
        "search",
        "tel",
        "color",
        "file",
    )
)
SELECT_TEMPLATE = "django/forms/widgets/select.html"


def attributes(attrs):
    """A widget's attributes as django/forms/widgets/attrs.html writes them."""
    return "".join(
        f" {conditional_escape(name)}" if value is True else f' {conditional_escape(name)}="{escape(value)}"'
        for name, value in attrs.items()
        if value is not False
    )


def input_html(widget):
    """django/forms/widgets/input.html."""
    value = widget["value"]
    html = f'<input type="{conditional_escape(widget["type"])}" name="{conditional_escape(widget["name"])}"'
    if value is not None:
        # `widget.value|stringformat:'s'`: a safe value stays unescaped, as the filter keeps it safe.
        text = str(value)
        if isinstance(value, SafeData):
            text = mark_safe(text)  # noqa: S308 - it was safe already
        html += f' value="{conditional_escape(text)}"'
    return f"{html}{attributes(widget['attrs'])}>"


def select_html(widget):
    """django/forms/widgets/select.html with its select_option.html for each option and group."""
    html = [f'<select name="{conditional_escape(widget["name"])}"{attributes(widget["attrs"])}>']
    for group_name, options, _index in widget["optgroups"]:
        if group_name:
            html.append(f'\n  <optgroup label="{conditional_escape(localize(group_name))}">')
        html.extend(
            f'\n  <option value="{escape(option["value"])}"{attributes(option["attrs"])}>'
            f"{conditional_escape(localize(option['label']))}</option>"
            for option in options
        )
        if group_name:
            html.append("\n  </optgroup>")
    html.append("\n</select>")
    return "".join(html)


class PortalFormRenderer(TemplatesSetting):
    """TemplatesSetting (widgets found through TEMPLATES), with inputs and selects written directly."""

    def render(self, template_name, context, request=None):
        if template_name in INPUT_TEMPLATES:
            return mark_safe(input_html(context["widget"]))  # noqa: S308 - every part is escaped above
        if template_name == SELECT_TEMPLATE:
            return mark_safe(select_html(context["widget"]))  # noqa: S308 - every part is escaped above
        return super().render(template_name, context, request)
