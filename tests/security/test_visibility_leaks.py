"""Nothing unpublished reaches the public: the relation-walking leak test (issue 13).

The cases come from the models themselves (`_meta`), not from a list: for every way one public
record reaches another (a forward link, a reverse link, a many-to-many either way, or through the
rows that join them: a participation, a party, a position, a citation, a key figure's citation...),
a published record gets a DRAFT record at the end of that path whose every text field carries a
unique marker. Then every public page, every API list and the record's own API detail (JSON, CSV,
iCalendar), the feed and search are read as the public reads them: the marker appears nowhere.
A relation added later is a new case without editing this file.
"""

import itertools
import re
import uuid

import pytest
from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import IntegrityError, models, transaction
from django.urls import reverse

from core.visibility import PublicationStatus, is_publishable
from tests import factories
from tests.security.routes import all_routes

# Paths end at a publishable record; in between they pass only through rows a record owns.
MAX_HOPS = 4

# The factories that make a valid published record or row of each known model; any other model
# (one added later) is made by `generic_make` from its fields.
FACTORIES = {
    "registry.Country": factories.make_country,
    "registry.Organisation": factories.make_organisation,
    "registry.Person": factories.make_person,
    "registry.SourceDocument": factories.make_source,
    "registry.Agreement": factories.make_agreement,
    "registry.Study": factories.make_study,
    "registry.Programme": factories.make_programme,
    "registry.Theme": factories.make_theme,
    "events.Event": factories.make_event,
}

_numbers = itertools.count(1)


def publishable_models():
    return [model for model in apps.get_models() if is_publishable(model)]


def _is_owned_rows(field):
    """A link to rows that belong to the record: a reverse foreign key or a generic relation."""
    return ((field.one_to_many or field.one_to_one) and not field.concrete) or isinstance(field, GenericRelation)


def _hops(model):
    """The links a path may take from `model`."""
    for field in model._meta.get_fields():
        if isinstance(field, GenericForeignKey):
            yield field
        elif field.is_relation and field.related_model is not None:
            related = field.related_model
            if related._meta.app_label not in {"registry", "events"} or related.__name__.startswith("Historical"):
                continue  # users, content types, history: not public records nor their rows
            yield field


def _target_models(field):
    if isinstance(field, GenericForeignKey):
        return publishable_models()
    return [field.related_model]


def paths():
    """(source model, [fields...], target model) for every path from a public record to another."""
    found = []

    def walk(start, model, trail, seen):
        if len(trail) >= MAX_HOPS:
            return
        for field in _hops(model):
            for target in _target_models(field):
                if is_publishable(target):
                    found.append((start, [*trail, field], target))
                    continue
                if target in seen or field.many_to_many:
                    continue  # vocabulary (themes) joined many-to-many is not a record's own row
                if trail and isinstance(field, GenericForeignKey):
                    continue
                if _is_owned_rows(field) or (trail and field.many_to_one and field.concrete):
                    walk(start, target, [*trail, field], seen | {target})

    for model in publishable_models():
        walk(model, model, [], {model})
    # A row's link back to where the path came from is not a new path.
    return [case for case in found if not _returns(case[1])]


def _returns(trail):
    for first, second in itertools.pairwise(trail):
        remote = getattr(first, "field", None) if not first.concrete else None
        if remote is not None and second is remote:
            return True
        if isinstance(first, GenericRelation) and isinstance(second, GenericForeignKey):
            return True
    return False


def _label(case):
    start, trail, target = case
    return f"{start.__name__}." + ".".join(getattr(field, "name", "?") for field in trail) + f"->{target.__name__}"


# Paths the database's own rules forbid: a party is an organisation OR a country, never both, so a
# country's party row cannot also name an organisation (nor the other way round).
IMPOSSIBLE = {
    "Country.agreement_parties.organisation->Organisation",
    "Organisation.agreement_parties.country->Country",
}

CASES = [case for case in paths() if _label(case) not in IMPOSSIBLE]


@pytest.fixture(autouse=True)
def _throttle_counts_left_clean():
    """These tests read every API list many times: the next test starts with fresh throttle counts."""
    yield
    cache.clear()


# --- making records -----------------------------------------------------------------------------


def _text_fields(model):
    for field in model._meta.concrete_fields:
        if not isinstance(field, (models.CharField, models.TextField)) or field.choices or not field.editable:
            continue
        if isinstance(field, (models.URLField, models.EmailField)) or field.primary_key:
            continue
        if field.max_length is not None and field.max_length < 20:
            continue  # codes (ISO 3166) cannot carry the marker; the record's names and slug do
        yield field


def generic_make(model, **given):
    """A valid row of any model: required fields filled from their kind (publishable ones published)."""
    values = dict(given)
    if is_publishable(model):
        values.setdefault("status", PublicationStatus.PUBLISHED)
    for field in model._meta.concrete_fields:
        if field.primary_key or field.name in values or field.attname in values:
            continue
        if field.has_default() or field.null or field.blank or not field.editable:
            continue
        n = next(_numbers)
        if field.is_relation:
            values[field.name] = make(field.related_model)
        elif field.choices:
            values[field.name] = field.choices[0][0]
        elif isinstance(field, models.SlugField):
            values[field.name] = f"row-{n}"
        elif isinstance(field, (models.CharField, models.TextField)):
            values[field.name] = f"Row text {n}"[: field.max_length or None]
        elif isinstance(field, (models.IntegerField, models.DecimalField, models.FloatField)):
            values[field.name] = 1
        else:
            values[field.name] = "2025-01-01"
    try:
        with transaction.atomic():
            return model.objects.create(**values)
    except IntegrityError:
        # A rule such as "a party is an organisation or a country": give it the first optional link it needs.
        for field in model._meta.concrete_fields:
            if field.is_relation and field.null and field.name not in values:
                try:
                    with transaction.atomic():
                        return model.objects.create(**values, **{field.name: make(field.related_model)})
                except IntegrityError:
                    continue
        raise


def make(model, **given):
    factory = FACTORIES.get(model._meta.label)
    if factory is None:
        return generic_make(model, **given)
    return factory(**given)


def make_target(model, marker):
    """A DRAFT record whose every text field carries the marker."""
    values = {"status": PublicationStatus.DRAFT}
    for field in _text_fields(model):
        values[field.name] = marker
    if model._meta.label == "registry.SourceDocument":
        values["text"] = f"{marker} said the source."
    return make(model, **values)


def _quote_fields(model, linked):
    """Rows quoting a source (citations, positions, commitment texts) quote the source they name."""
    values = {}
    for field in model._meta.concrete_fields:
        if (
            field.name in linked
            and field.related_model is not None
            and field.related_model._meta.label == ("registry.SourceDocument")
        ):
            text = linked[field.name].text
            for quote in ("quote", "text"):
                if quote in {f.name for f in model._meta.concrete_fields}:
                    values[quote] = text[:20]
    return values


def make_row(model, links):
    """A row of `model` with the given links (field name -> record, or a generic subject)."""
    values = dict(links)
    for name, value in list(values.items()):
        field = next((f for f in model._meta.private_fields if f.name == name), None)
        if isinstance(field, GenericForeignKey):
            del values[name]
            values[field.ct_field] = ContentType.objects.get_for_model(value)
            values[field.fk_field] = value.pk
    source_links = {k: v for k, v in links.items() if hasattr(v, "text")}
    if not source_links:
        # The row needs a source for its quote: a published one, quoting it.
        for field in model._meta.concrete_fields:
            if (
                field.name not in values
                and field.many_to_one
                and field.related_model._meta.label == ("registry.SourceDocument")
            ):
                source_links[field.name] = values[field.name] = factories.make_source()
    values.update(_quote_fields(model, source_links))
    return generic_make(model, **values)


def build(case, marker):
    """The published record at the start of the path, linked along it to the marked draft."""
    start, trail, target_model = case
    record = make(start)
    link(record, trail, target_model, marker)
    return record


def link(owner, trail, target_model, marker):
    first, rest = trail[0], trail[1:]
    if isinstance(first, GenericForeignKey):
        raise AssertionError("a generic link is only reached from a row")
    if first.many_to_many:
        target = make_target(target_model, marker)
        accessor = first.name if first.concrete else first.get_accessor_name()
        getattr(owner, accessor).add(target)
    elif first.concrete:  # a forward link of the record itself (an event's parent, a study's lead...)
        setattr(owner, first.name, reach_model(first.related_model, rest, target_model, marker))
        owner.save()
    else:  # rows the record owns: a reverse foreign key or a generic relation
        row_model = first.related_model
        if isinstance(first, GenericRelation):
            back = {first.content_type_field_name: ContentType.objects.get_for_model(owner)}
            back[first.object_id_field_name] = owner.pk
        else:
            back = {first.field.name: owner}
        if not rest:  # the related model is publishable: the draft itself points back
            target = make_target_with(target_model, marker, back)
            return target
        second, rest = rest[0], rest[1:]
        if isinstance(second, GenericForeignKey) or second.concrete:
            onward = reach_model(second.related_model or target_model, rest, target_model, marker)
            if isinstance(second, GenericForeignKey):
                back[second.ct_field] = ContentType.objects.get_for_model(onward)
                back[second.fk_field] = onward.pk
                row = make_row(row_model, back)
            else:
                row = make_row(row_model, {**back, second.name: onward})
        else:
            row = make_row(row_model, back)
            link(row, [second, *rest], target_model, marker)
        return row
    return None


def reach_model(model, trail, target_model, marker):
    """A record or row of `model` whose onward `trail` ends at the marked draft."""
    if not trail:
        return make_target(model, marker)
    first, rest = trail[0], trail[1:]
    if first.concrete and not first.many_to_many:
        return make_row(model, {first.name: reach_model(first.related_model, rest, target_model, marker)})
    row = make_row(model, {})
    link(row, trail, target_model, marker)
    return row


def make_target_with(model, marker, back):
    """The marked draft, itself holding the link back to the published record (a reverse foreign key)."""
    values = {"status": PublicationStatus.DRAFT, **back}
    for field in _text_fields(model):
        values[field.name] = marker
    return make(model, **values)


# --- reading everything the public reads ----------------------------------------------------------


def _api_viewsets():
    from armac_portal.api_urls import router

    return {viewset.filterset_class.Meta.model: (basename, viewset) for _, viewset, basename in router.registry}


def public_urls(record, search_text):
    urls = []
    for route in all_routes():
        if route.parameters or route.is_admin or route.name in {"api:schema", "api:docs"}:
            continue
        if route.name.startswith("api:") and not route.name.endswith("-list"):
            continue
        url = "/" + route.template
        urls.append(url)
        if route.name.startswith("api:"):
            urls.append(url + "?format=csv")
            if route.name == "api:event-list":
                urls.append(url + "?format=ics")
    urls.append(record.get_absolute_url())
    urls.append(reverse("search") + f"?q={search_text}")
    basename, viewset = _api_viewsets().get(type(record), (None, None))
    if basename:
        lookup = getattr(viewset, "lookup_url_kwarg", None) or viewset.lookup_field
        value = getattr(record, viewset.lookup_field)
        detail = reverse(f"api:{basename}-detail", kwargs={lookup: value})
        urls += [detail, detail + "?format=csv"]
        if basename == "event":
            urls += [detail + "?format=ics", reverse("events:calendar", kwargs={"slug": record.slug})]
    return urls


def body(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8", errors="replace")


def _searchable(record):
    return re.sub(r"[^\w ]", " ", str(record)).strip().split(" ")[0] or record.slug


def test_the_walk_finds_the_relations_the_issue_names():
    """The walk reaches the relations the leaks were found through (so it cannot silently find none)."""
    labels = {_label(case) for case in CASES}
    for expected in (
        "Event.parent->Event",
        "Event.participants.person->Person",
        "Event.organisations.organisation->Organisation",
        "Event.agreement->Agreement",
        "Study.countries->Country",
        "Country.studies->Study",
        "SourceDocument.citations_made.subject->Event",
        "Agreement.commitments.texts.source->SourceDocument",
        "Person.citations.source->SourceDocument",
    ):
        assert expected in labels, sorted(labels)


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=_label)
def test_a_draft_at_the_end_of_a_relation_never_reaches_the_public(client, settings, case):
    marker = "vz" + uuid.uuid4().hex[:10]
    with factories.one_export_rebuild():
        record = build(case, marker)
    record.refresh_from_db()
    assert record.status == PublicationStatus.PUBLISHED
    if record._meta.label == "registry.Organisation":
        # An organisation is also read as the portal's owner: its About and Contact pages (/about/, /contact/).
        settings.PORTAL_OWNER_SLUG = record.slug
    leaks = []
    cache.clear()  # throttle counts start from zero: this test reads every list once
    for url in public_urls(record, _searchable(record)):
        response = client.get(url)
        assert response.status_code < 500 and response.status_code != 429, (url, response.status_code)
        if marker in body(response).lower():
            leaks.append(url)
    # Searching for the marker finds nothing: the page names the query exactly as often as for a word
    # nothing contains (it echoes it in the box and the message).
    unknown = "vz" + uuid.uuid4().hex[:10]
    echoes = body(client.get(reverse("search"), {"q": unknown})).lower().count(unknown)
    if body(client.get(reverse("search"), {"q": marker})).lower().count(marker) != echoes:
        leaks.append(f"search for {marker}")
    assert not leaks, f"{_label(case)}: the draft's marker is public at {leaks}"


# --- filters are no oracle ---------------------------------------------------------------------------


def _filtered_lists():
    """(url, FilterSet) of every list that takes filters: the HTML lists, the feed and the API lists."""
    from django.urls import resolve

    from events.filters import EventFilterSet

    found = []
    for route in all_routes():
        if route.parameters or route.is_admin:
            continue
        url = "/" + route.template
        match = resolve(url)
        view = getattr(match.func, "view_class", None) or getattr(match.func, "cls", None)
        filterset = getattr(view, "filterset_class", None)
        if route.name == "events:feed":
            filterset = EventFilterSet
        if filterset is not None:
            found.append((url, filterset))
    return found


def _record_filters(filterset):
    """The filters that name a record: by slug, or by a model choice (a country by its ISO code)."""
    from django_filters import CharFilter, ModelChoiceFilter

    for name, field in filterset.base_filters.items():
        if isinstance(field, ModelChoiceFilter):
            queryset = field.queryset(None) if callable(field.queryset) else field.queryset
            if is_publishable(queryset.model):
                yield name, field.extra.get("to_field_name") or "slug"
        elif isinstance(field, CharFilter) and name not in {"search"}:
            yield name, "slug"


def _normalised(text, value):
    text = text.replace(value, "VALUE").replace(value.upper(), "VALUE").replace(value.lower(), "VALUE")
    text = re.sub(r'nonce="[^"]*"', "", text)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", text)


@pytest.fixture
def linked_drafts():
    """A draft of each kind a filter can name, linked to published records every way a filter looks."""
    draft = PublicationStatus.DRAFT
    organisation = factories.make_organisation(slug="qq-draft-org", status=draft)
    country = factories.make_country(iso3="QDR", slug="qdr", status=draft)
    event = factories.make_event(slug="qq-draft-event", status=draft)
    child = factories.make_event(parent=event, country=country)
    factories.add_organisation(child, organisation=organisation)
    factories.add_party(factories.make_agreement(), organisation=organisation)
    factories.make_study(lead_organisation=organisation, countries=[country])
    factories.make_source().publishers.add(organisation)
    factories.make_organisation(parent=organisation, country=country)
    factories.make_position(organisation=organisation)
    factories.make_programme().countries.add(country)
    return {"organisation": organisation, "country": country, "event": event}


@pytest.mark.django_db
def test_a_filter_naming_a_draft_answers_as_one_naming_nothing(client, linked_drafts):
    """Same status and the same body (the value aside) for a draft's slug or code as for an unknown one."""
    checked = 0
    for url, filterset in _filtered_lists():
        for name, key in _record_filters(filterset):
            for record in linked_drafts.values():
                value = getattr(record, key, None)
                if not value:
                    continue
                unknown = "QUN" if key == "iso3" else "qq-no-such-record"
                cache.clear()  # throttle counts start from zero for each pair, as in the permission matrix
                draft_response, unknown_response = client.get(url, {name: value}), client.get(url, {name: unknown})
                assert draft_response.status_code == unknown_response.status_code, (url, name, value)
                assert _normalised(body(draft_response), value) == _normalised(body(unknown_response), unknown), (
                    url,
                    name,
                    value,
                )
                checked += 1
    assert checked > 50  # every list's record filters, with each kind of draft


@pytest.mark.django_db
def test_filter_choice_lists_leave_drafts_out(client, linked_drafts):
    for url, _ in _filtered_lists():
        if not url.startswith("/api/") and not url.endswith(".ics"):
            assert linked_drafts["country"].name not in body(client.get(url)), url


# --- staff see drafts, marked ------------------------------------------------------------------------


@pytest.fixture
def staff_client(client, django_user_model):
    user = django_user_model.objects.create_user("editor", password="x" * 16, is_staff=True)
    client.force_login(user)
    return client


STAFF_CASES = [
    "Event.parent->Event",
    "Event.participants.person->Person",
    "Event.organisations.organisation->Organisation",
    "Event.citations.source->SourceDocument",
    "Study.lead_organisation->Organisation",
    "Organisation.parent->Organisation",
    "SourceDocument.publishers->Organisation",
    "Agreement.parties.organisation->Organisation",
    "Person.positions.organisation->Organisation",
]


@pytest.mark.django_db
@pytest.mark.parametrize("label", STAFF_CASES)
def test_staff_see_a_linked_draft_marked_as_draft(staff_client, label):
    case = next(case for case in CASES if _label(case) == label)
    marker = "vz" + uuid.uuid4().hex[:10]
    record = build(case, marker)
    page = body(staff_client.get(record.get_absolute_url()))
    assert marker in page.lower()
    after = page.lower()[page.lower().index(marker) :]
    assert 'status-draft">' in after[:600], "the draft is marked where it is named"
