"""The registry's resources in the export API: serializers, CSV columns and read-only viewsets."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.api import (
    Column,
    CountryRefSerializer,
    CsvExport,
    ExportViewSet,
    OrganisationRefSerializer,
    PartialDateSerializerField,
    PrecisionField,
    PublicRecordSerializer,
    Related,
    ShownSlugField,
    ThemeRefSerializer,
    citations_field,
    export_schema,
    facts_not_from_sources_column,
    precision_of,
    visible_related,
)
from core.visibility import visible_prefetch

from .filters import (
    AgreementFilterSet,
    CountryFilterSet,
    OrganisationFilterSet,
    PersonFilterSet,
    ProgrammeFilterSet,
    SourceDocumentFilterSet,
    StudyFilterSet,
    ThemeFilterSet,
)
from .models import (
    Agreement,
    AgreementParty,
    AgreementSignatory,
    Citation,
    CommitmentText,
    Country,
    KeyFigure,
    Organisation,
    OrganisationRole,
    Person,
    Position,
    Programme,
    ProgrammeOrganisation,
    SourceDocument,
    Study,
    StudyPartner,
    Theme,
)

# ---------------------------------------------------------------------------------------------------
# CSV columns gathered from related rows, a chunk of records at a time (one query per column per chunk)


def citation_columns(model):
    """The provenance columns: the source documents behind each record, and the quotes themselves."""

    def citations(ids, staff):
        rows = Citation.objects.filter(content_type=ContentType.objects.get_for_model(model), object_id__in=ids)
        rows = visible_related(rows, staff)
        return rows.order_by("object_id", "fact", "id").values_list("object_id", "source__slug", "quote", "fact")

    def provenance(ids, staff):
        # One query gives both columns: (record id, (source slug or None, quoted text)).
        seen = set()
        for record_id, slug, quote, fact in citations(ids, staff):
            label = f"{slug} [{fact}]" if fact else slug
            first = (record_id, slug) not in seen
            seen.add((record_id, slug))
            yield record_id, (slug if first else None, f"{label}: “{quote}”")

    # Then the shown facts that no citation supports (core.provenance).
    return [Related(("sources", "citations"), provenance), facts_not_from_sources_column(model)]


def themes_column(through, owner):
    def themes(ids, staff):
        rows = through.objects.filter(**{f"{owner}__in": ids}).order_by(owner, "theme__kind", "theme__position")
        return rows.values_list(owner, "theme__slug")

    return Related("themes", themes)


def publishers_column():
    def publishers(ids, staff):
        rows = visible_related(SourceDocument.publishers.through.objects.filter(sourcedocument__in=ids), staff)
        return rows.order_by("sourcedocument", "organisation__name").values_list("sourcedocument", "organisation__slug")

    return Related("publishers", publishers)


def role_text(name, slug, role):
    code = OrganisationRole(role).iati_code
    return f"{name} ({slug}): {role}" + (f" [IATI {code}]" if code else "")


def iati_code(role):
    return OrganisationRole(role).iati_code


class OrganisationRoleSerializer(serializers.Serializer):
    """An organisation's part in a record, with its IATI OrganisationRole code where there is one."""

    slug = serializers.CharField(source="organisation.slug")
    name = serializers.CharField(source="organisation.name")
    acronym = serializers.CharField(source="organisation.acronym")
    role = serializers.ChoiceField(choices=OrganisationRole.choices)
    iati_role_code = serializers.SerializerMethodField()

    @extend_schema_field({"type": "string", "nullable": True, "enum": ["1", "2", "3", "4", None]})
    def get_iati_role_code(self, link):
        return iati_code(link.role)

    def to_representation(self, link):
        # Built directly (the declared fields above describe it in the schema): see FAST_NESTED_NOTE.
        organisation = link.organisation
        return {
            "slug": organisation.slug,
            "name": organisation.name,
            "acronym": organisation.acronym,
            "role": link.role,
            "iati_role_code": iati_code(link.role),
        }


def with_citations(queryset, drafts):
    # The fact notes too: the `provenance` member reads both (core.api.ProvenanceField).
    return queryset.prefetch_related(
        visible_prefetch("citations", Citation.objects.with_source(), drafts), "fact_notes"
    )


# ---------------------------------------------------------------------------------------------------
# Countries


class CountrySerializer(PublicRecordSerializer):
    """A country by its ISO 3166-1 codes, with its relation to ASEAN and to mines/ERW."""

    class Meta:
        model = Country
        fields = [
            "iso3",
            "iso2",
            "slug",
            "name",
            "other_names",
            "asean_relation",
            "mine_affected",
            *PublicRecordSerializer.common_fields,
        ]


@export_schema()
class CountryViewSet(ExportViewSet):
    """Countries, by ISO alpha-3 code."""

    serializer_class = CountrySerializer
    filterset_class = CountryFilterSet
    lookup_field = "iso3"
    lookup_url_kwarg = "iso3"
    csv_export = CsvExport(
        "countries",
        [
            Column("iso3", "iso3"),
            Column("iso2", "iso2"),
            Column("slug", "slug"),
            Column("name", "name"),
            Column("other_names", "other_names"),
            Column("asean_relation", "asean_relation"),
            Column("mine_affected", "mine_affected"),
            Column("status", "status"),
            Column("updated_at", "updated_at"),
        ],
        citation_columns(Country),
    )

    def with_relations(self, queryset):
        return with_citations(queryset, self.is_staff)

    def get_object(self):
        # Codes are stored in capitals; vnm finds Viet Nam too.
        self.kwargs["iso3"] = self.kwargs["iso3"].upper()
        return super().get_object()


# ---------------------------------------------------------------------------------------------------
# Organisations


class OrganisationSerializer(PublicRecordSerializer):
    """A partner organisation."""

    country = CountryRefSerializer(allow_null=True)
    parent = ShownSlugField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = Organisation
        fields = [
            "slug",
            "name",
            "acronym",
            "other_names",
            "kind",
            "country",
            "parent",
            "website",
            "postal_address",
            "telephones",
            "email",
            "description",
            *PublicRecordSerializer.common_fields,
        ]


@export_schema()
class OrganisationViewSet(ExportViewSet):
    """Partner organisations: authorities, ministries, UN agencies, funds, NGOs, universities."""

    serializer_class = OrganisationSerializer
    filterset_class = OrganisationFilterSet
    csv_export = CsvExport(
        "organisations",
        [
            Column("slug", "slug"),
            Column("name", "name"),
            Column("acronym", "acronym"),
            Column("other_names", "other_names"),
            Column("kind", "kind"),
            Column("country_iso3", "country__iso3"),
            Column("country_name", "country__name"),
            Column("parent", "parent__slug"),
            Column("website", "website"),
            Column("postal_address", "postal_address"),
            Column("telephones", "telephones"),
            Column("email", "email"),
            Column("description", "description"),
            Column("status", "status"),
            Column("updated_at", "updated_at"),
        ],
        citation_columns(Organisation),
    )

    def with_relations(self, queryset):
        return with_citations(queryset.with_listing_relations(self.is_staff), self.is_staff)


# ---------------------------------------------------------------------------------------------------
# People


class PositionSerializer(serializers.ModelSerializer):
    """A title a person held, as one source states it at a date, with that source's words."""

    organisation = OrganisationRefSerializer(allow_null=True)
    country = CountryRefSerializer(allow_null=True)
    stated_on = PartialDateSerializerField()
    stated_on_precision = PrecisionField(source="stated_on")
    source = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Position
        fields = [
            "title",
            "organisation",
            "country",
            "stated_on",
            "stated_on_precision",
            "year_inferred",
            "date_note",
            "source",
            "quote",
        ]


class PersonSerializer(PublicRecordSerializer):
    """A person, with the titles the sources give them."""

    positions = PositionSerializer(many=True)

    class Meta:
        model = Person
        fields = [
            "slug",
            "name",
            "honorific",
            "other_names",
            "misspellings",
            "positions",
            *PublicRecordSerializer.common_fields,
        ]


def positions_column(ids, staff):
    rows = visible_related(Position.objects.filter(person_id__in=ids), staff).order_by("person_id", "-stated_on", "id")
    for person_id, title, organisation, source in rows.values_list(
        "person_id", "title", "organisation__slug", "source__slug"
    ):
        yield person_id, f"{title}" + (f" ({organisation})" if organisation else "") + f" [{source}]"


@export_schema()
class PersonViewSet(ExportViewSet):
    """People, however the sources order or spell their names."""

    serializer_class = PersonSerializer
    filterset_class = PersonFilterSet
    csv_export = CsvExport(
        "people",
        [
            Column("slug", "slug"),
            Column("name", "name"),
            Column("honorific", "honorific"),
            Column("other_names", "other_names"),
            Column("misspellings", "misspellings"),
            Column("status", "status"),
            Column("updated_at", "updated_at"),
        ],
        [Related("positions", positions_column), *citation_columns(Person)],
    )

    def with_relations(self, queryset):
        positions = Position.objects.select_related("organisation", "country", "source")
        return with_citations(
            queryset.prefetch_related(visible_prefetch("positions", positions, self.is_staff)), self.is_staff
        )


# ---------------------------------------------------------------------------------------------------
# Source documents


class SourceDocumentSerializer(PublicRecordSerializer):
    """A source document, verbatim, with its checksum. Its original address is untrusted and left out."""

    publishers = OrganisationRefSerializer(many=True)
    published_on = PartialDateSerializerField()
    published_on_precision = PrecisionField(source="published_on")

    class Meta:
        model = SourceDocument
        fields = [
            "slug",
            "title",
            "kind",
            "publishers",
            "published_on",
            "published_on_precision",
            "year_inferred",
            "date_note",
            "languages",
            "origin_file",
            "checksum",
            "text",
            *PublicRecordSerializer.common_fields,
        ]


@export_schema()
class SourceDocumentViewSet(ExportViewSet):
    """The source documents every fact comes from."""

    serializer_class = SourceDocumentSerializer
    filterset_class = SourceDocumentFilterSet
    csv_export = CsvExport(
        "sources",
        [
            Column("slug", "slug"),
            Column("title", "title"),
            Column("kind", "kind"),
            Column("published_on", "published_on"),
            Column("published_on_precision", "published_on", precision_of),
            Column("year_inferred", "year_inferred"),
            Column("date_note", "date_note"),
            Column("languages", "languages"),
            Column("origin_file", "origin_file"),
            Column("checksum", "checksum"),
            Column("text", "text"),
            Column("status", "status"),
            Column("updated_at", "updated_at"),
        ],
        [publishers_column(), *citation_columns(SourceDocument)],
    )

    def with_relations(self, queryset):
        # The publishers the reader may see (core.visibility), as every other link.
        publishers = visible_prefetch("publishers", Organisation.objects.all(), self.is_staff)
        return with_citations(queryset.prefetch_related(publishers), self.is_staff)


# ---------------------------------------------------------------------------------------------------
# Agreements


class AgreementPartySerializer(serializers.ModelSerializer):
    """A party: an organisation or a country (the other is null)."""

    organisation = OrganisationRefSerializer(allow_null=True)
    country = CountryRefSerializer(allow_null=True)

    class Meta:
        model = AgreementParty
        fields = ["organisation", "country", "description"]


class AgreementSignatorySerializer(serializers.ModelSerializer):
    """A signatory with the title they held when signing."""

    person = serializers.CharField(source="person.slug")
    name = serializers.CharField(source="person.name")
    party = serializers.CharField(allow_null=True)

    class Meta:
        model = AgreementSignatory
        fields = ["person", "name", "title_at_signing", "party"]


class CommitmentTextSerializer(serializers.ModelSerializer):
    """A commitment's wording in one language, verbatim from its source."""

    source = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = CommitmentText
        fields = ["language", "text", "source"]


class CommitmentSerializer(serializers.Serializer):
    """A numbered commitment with its wording in each language."""

    number = serializers.IntegerField()
    texts = CommitmentTextSerializer(many=True)


class PlaceSerializer(serializers.Serializer):
    """Where something happened: a city and a country."""

    city = serializers.CharField()
    country = CountryRefSerializer(allow_null=True)


class AgreementSerializer(PublicRecordSerializer):
    """An agreement with its parties, signatories and commitments in each language."""

    signed_on = PartialDateSerializerField()
    signed_on_precision = PrecisionField(source="signed_on")
    place = serializers.SerializerMethodField()
    themes = ThemeRefSerializer(many=True)
    parties = AgreementPartySerializer(many=True)
    signatories = AgreementSignatorySerializer(many=True)
    commitments = CommitmentSerializer(many=True)

    class Meta:
        model = Agreement
        fields = [
            "slug",
            "title",
            "other_titles",
            "kind",
            "agreement_status",
            "signed_on",
            "signed_on_precision",
            "year_inferred",
            "date_note",
            "place",
            "summary",
            "refers_to",
            "themes",
            "parties",
            "signatories",
            "commitments",
            *PublicRecordSerializer.common_fields,
        ]

    @extend_schema_field(PlaceSerializer)
    def get_place(self, agreement):
        place = {"city": agreement.place_city, "country": agreement.place_country}
        return PlaceSerializer(place, context=self.context).data


def parties_column(ids, staff):
    rows = visible_related(AgreementParty.objects.filter(agreement_id__in=ids), staff).order_by("agreement_id", "id")
    for agreement_id, org_slug, org_name, iso3, country_name, description in rows.values_list(
        "agreement_id", "organisation__slug", "organisation__name", "country__iso3", "country__name", "description"
    ):
        text = f"{org_name} ({org_slug})" if org_slug else f"{country_name} ({iso3})"
        yield agreement_id, text + (f", {description}" if description else "")


def signatories_column(ids, staff):
    rows = visible_related(AgreementSignatory.objects.filter(agreement_id__in=ids), staff).order_by(
        "agreement_id", "id"
    )
    for agreement_id, name, slug, title in rows.values_list(
        "agreement_id", "person__name", "person__slug", "title_at_signing"
    ):
        yield agreement_id, f"{name} ({slug}), {title}"


def commitments_column(ids, staff):
    rows = visible_related(CommitmentText.objects.filter(commitment__agreement_id__in=ids), staff).order_by(
        "commitment__agreement_id", "commitment__number", "language"
    )
    for agreement_id, number, language, text in rows.values_list(
        "commitment__agreement_id", "commitment__number", "language", "text"
    ):
        yield agreement_id, f"{number} [{language}] {text}"


@export_schema()
class AgreementViewSet(ExportViewSet):
    """MoUs, joint statements and declarations."""

    serializer_class = AgreementSerializer
    filterset_class = AgreementFilterSet
    csv_export = CsvExport(
        "agreements",
        [
            Column("slug", "slug"),
            Column("title", "title"),
            Column("other_titles", "other_titles"),
            Column("kind", "kind"),
            Column("agreement_status", "agreement_status"),
            Column("signed_on", "signed_on"),
            Column("signed_on_precision", "signed_on", precision_of),
            Column("year_inferred", "year_inferred"),
            Column("date_note", "date_note"),
            Column("city", "place_city"),
            Column("country_iso3", "place_country__iso3"),
            Column("summary", "summary"),
            Column("refers_to", "refers_to"),
            Column("status", "status"),
            Column("updated_at", "updated_at"),
        ],
        [
            themes_column(Agreement.themes.through, "agreement_id"),
            Related("parties", parties_column),
            Related("signatories", signatories_column),
            Related("commitments", commitments_column),
            *citation_columns(Agreement),
        ],
    )

    def with_relations(self, queryset):
        return queryset.with_api_relations(self.is_staff)


# ---------------------------------------------------------------------------------------------------
# Studies


class StudySerializer(PublicRecordSerializer):
    """A study with its lead organisation, partners, countries and themes."""

    lead_organisation = OrganisationRefSerializer()
    countries = CountryRefSerializer(many=True)
    themes = ThemeRefSerializer(many=True)
    partners = OrganisationRoleSerializer(many=True)
    builds_on = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = Study
        fields = [
            "slug",
            "title",
            "summary",
            "study_status",
            "lead_organisation",
            "partners",
            "countries",
            "themes",
            "builds_on",
            *PublicRecordSerializer.common_fields,
        ]


def study_builds_on_column(ids, staff):
    rows = visible_related(Study.builds_on.through.objects.filter(from_study_id__in=ids), staff)
    return rows.order_by("from_study_id", "to_study__title").values_list("from_study_id", "to_study__slug")


def study_partners_column(ids, staff):
    rows = visible_related(StudyPartner.objects.filter(study_id__in=ids), staff).order_by("study_id", "role", "id")
    for study_id, name, slug, role in rows.values_list("study_id", "organisation__name", "organisation__slug", "role"):
        yield study_id, role_text(name, slug, role)


def study_countries_column(ids, staff):
    rows = visible_related(Study.countries.through.objects.filter(study_id__in=ids), staff)
    rows = rows.order_by("study_id", "country__name")
    return rows.values_list("study_id", "country__iso3")


@export_schema()
class StudyViewSet(ExportViewSet):
    """Studies, such as victim-assistance feasibility studies."""

    serializer_class = StudySerializer
    filterset_class = StudyFilterSet
    csv_export = CsvExport(
        "studies",
        [
            Column("slug", "slug"),
            Column("title", "title"),
            Column("summary", "summary"),
            Column("study_status", "study_status"),
            Column("lead_organisation", "lead_organisation__slug"),
            Column("status", "status"),
            Column("updated_at", "updated_at"),
        ],
        [
            Related("partners", study_partners_column),
            Related("countries_iso3", study_countries_column),
            themes_column(Study.themes.through, "study_id"),
            Related("builds_on", study_builds_on_column),
            *citation_columns(Study),
        ],
    )

    def with_relations(self, queryset):
        partners = StudyPartner.objects.select_related("organisation")
        return with_citations(
            queryset.with_listing_relations(self.is_staff).prefetch_related(
                visible_prefetch("partners", partners, self.is_staff),
                visible_prefetch("builds_on", Study.objects.all(), self.is_staff),
            ),
            self.is_staff,
        )


# ---------------------------------------------------------------------------------------------------
# Programmes (issue 15: a resource like the others, with their key figures)


class KeyFigureSerializer(serializers.ModelSerializer):
    """A number a source states about the record, with the date it holds for and the quotes behind it."""

    value = serializers.DecimalField(max_digits=16, decimal_places=2, coerce_to_string=True)
    as_of = PartialDateSerializerField()
    as_of_precision = PrecisionField(source="as_of")
    citations = citations_field()

    class Meta:
        model = KeyFigure
        fields = ["label", "qualifier", "value", "unit", "as_of", "as_of_precision", "year_inferred", "citations"]


class ProgrammeSerializer(PublicRecordSerializer):
    """A programme with the organisations that fund and run it, its countries, themes and key figures."""

    started_on = PartialDateSerializerField()
    started_on_precision = PrecisionField(source="started_on")
    organisations = OrganisationRoleSerializer(many=True)
    countries = CountryRefSerializer(many=True)
    themes = ThemeRefSerializer(many=True)
    key_figures = KeyFigureSerializer(many=True)

    class Meta:
        model = Programme
        fields = [
            "slug",
            "title",
            "summary",
            "started_on",
            "started_on_precision",
            "year_inferred",
            "date_note",
            "current_phase",
            "areas",
            "organisations",
            "countries",
            "themes",
            "key_figures",
            *PublicRecordSerializer.common_fields,
        ]


def programme_organisations_column(ids, staff):
    rows = visible_related(ProgrammeOrganisation.objects.filter(programme_id__in=ids), staff)
    rows = rows.order_by("programme_id", "role", "id")
    for programme_id, name, slug, role in rows.values_list(
        "programme_id", "organisation__name", "organisation__slug", "role"
    ):
        yield programme_id, role_text(name, slug, role)


def programme_countries_column(ids, staff):
    rows = visible_related(Programme.countries.through.objects.filter(programme_id__in=ids), staff)
    return rows.order_by("programme_id", "country__name").values_list("programme_id", "country__iso3")


def key_figures_column(ids, staff):
    rows = KeyFigure.objects.filter(
        content_type=ContentType.objects.get_for_model(Programme), object_id__in=ids
    ).order_by("object_id", "position", "id")
    for programme_id, label, qualifier, value, unit, as_of in rows.values_list(
        "object_id", "label", "qualifier", "value", "unit", "as_of"
    ):
        amount = f"{value.normalize():f}" + (f" {unit}" if unit else "")
        qualified = amount if qualifier == "exactly" else f"{qualifier} {amount}"
        yield programme_id, f"{label}: {qualified}" + (f" ({as_of.isoformat()})" if as_of else "")


@export_schema()
class ProgrammeViewSet(ExportViewSet):
    """Long-running programmes (such as UNDP's Clearing for Results) with their key figures."""

    serializer_class = ProgrammeSerializer
    filterset_class = ProgrammeFilterSet
    csv_export = CsvExport(
        "programmes",
        [
            Column("slug", "slug"),
            Column("title", "title"),
            Column("summary", "summary"),
            Column("started_on", "started_on"),
            Column("started_on_precision", "started_on", precision_of),
            Column("year_inferred", "year_inferred"),
            Column("date_note", "date_note"),
            Column("current_phase", "current_phase"),
            Column("areas", "areas"),
            Column("status", "status"),
            Column("updated_at", "updated_at"),
        ],
        [
            Related("organisations", programme_organisations_column),
            Related("countries_iso3", programme_countries_column),
            themes_column(Programme.themes.through, "programme_id"),
            Related("key_figures", key_figures_column),
            *citation_columns(Programme),
        ],
    )

    def with_relations(self, queryset):
        staff = self.is_staff
        figures = KeyFigure.objects.prefetch_related(
            visible_prefetch("citations", Citation.objects.with_source(), staff)
        )
        return with_citations(
            queryset.prefetch_related(
                visible_prefetch("organisations", ProgrammeOrganisation.objects.select_related("organisation"), staff),
                visible_prefetch("countries", Country.objects.all(), staff),
                "themes",
                Prefetch("key_figures", queryset=figures),
            ),
            staff,
        )


# ---------------------------------------------------------------------------------------------------
# Themes


class ThemeSerializer(serializers.ModelSerializer):
    """A pillar, cross-cutting topic or focus area."""

    parent = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = Theme
        fields = ["slug", "name", "kind", "parent", "description", "position", "created_at", "updated_at"]


@export_schema()
class ThemeViewSet(ExportViewSet):
    """The shared vocabulary of themes (not publishable records: all are public)."""

    serializer_class = ThemeSerializer
    filterset_class = ThemeFilterSet
    csv_export = CsvExport(
        "themes",
        [
            Column("slug", "slug"),
            Column("name", "name"),
            Column("kind", "kind"),
            Column("parent", "parent__slug"),
            Column("description", "description"),
            Column("position", "position"),
            Column("updated_at", "updated_at"),
        ],
    )

    def base_queryset(self):
        return Theme.objects.all()

    def with_relations(self, queryset):
        return queryset.select_related("parent")


# ---------------------------------------------------------------------------------------------------
# HXL hashtags (`?hxl=1`, core.api.hxl_row): each resource's own names for its columns; the shared
# ones (slug, status, country codes...) are in core.api.SHARED_HASHTAGS, the rest read #meta+<header>.

REGISTRY_HASHTAGS = {
    CountryViewSet: {"iso3": "#country+code+v_iso3", "iso2": "#country+code+v_iso2", "name": "#country+name"},
    OrganisationViewSet: {
        "name": "#org+name",
        "acronym": "#org+acronym",
        "kind": "#org+type",
        "parent": "#org+parent+id",
    },
    PersonViewSet: {"name": "#contact+name", "honorific": "#contact+title"},
    SourceDocumentViewSet: {
        "title": "#meta+source+name",
        "kind": "#meta+source+type",
        "published_on": "#date+published",
        "publishers": "#org+name+list",
    },
    AgreementViewSet: {"title": "#activity+name", "kind": "#activity+type", "signed_on": "#date+signed"},
    StudyViewSet: {"title": "#activity+name", "lead_organisation": "#org+id+lead", "partners": "#org+partner"},
    ProgrammeViewSet: {"title": "#activity+name", "started_on": "#date+start", "organisations": "#org+list"},
    ThemeViewSet: {"name": "#sector+name", "kind": "#sector+type"},
}
for viewset, hashtags in REGISTRY_HASHTAGS.items():
    viewset.csv_export.hashtags.update(hashtags)
