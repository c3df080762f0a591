"""Public HTML pages of the registry. Drafts answer 404 except to staff, who may preview them.

The events of an organisation, a person, a country, an agreement or a study are a section that the
events app adds to those pages (events/sections.py, through core.sections).
"""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, redirect

from core import provenance
from core.views import FilteredListView, PublicDetailView, first_rows
from core.visibility import sees_drafts, visible_prefetch, visible_subjects

from .filters import (
    AgreementFilterSet,
    CountryFilterSet,
    OrganisationFilterSet,
    PersonFilterSet,
    ProgrammeFilterSet,
    SourceDocumentFilterSet,
    StudyFilterSet,
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
    Person,
    Position,
    Programme,
    ProgrammeOrganisation,
    SourceDocument,
    Study,
    StudyPartner,
)


def citations_prefetch(drafts):
    """The citations the reader may see: none of a draft source (core.visibility)."""
    return visible_prefetch("citations", Citation.objects.with_source(), drafts)


def key_figures_prefetch(drafts):
    return Prefetch("key_figures", queryset=KeyFigure.objects.prefetch_related(citations_prefetch(drafts)))


class OrganisationListView(FilteredListView):
    model = Organisation
    filterset_class = OrganisationFilterSet
    template_name = "registry/organisation_list.html"
    api_path = "/api/v1/organisations/"


class OrganisationDetailView(PublicDetailView):
    model = Organisation
    template_name = "registry/organisation_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .select_related("country", "parent")
            .prefetch_related(
                Prefetch("units", queryset=self.visible(Organisation)),
                Prefetch(
                    "positions",
                    # Grouped on the page (one line per person, one entry per title, every source
                    # behind it), so a person named by three sources is listed once: rows of a person
                    # and of a title must come together.
                    queryset=self.rows(
                        Position.objects.select_related("person", "source").order_by(
                            "person__name", "person_id", "title", "-stated_on", "id"
                        )
                    ),
                ),
                Prefetch("agreement_parties", queryset=self.rows(AgreementParty.objects.select_related("agreement"))),
                Prefetch("led_studies", queryset=self.visible(Study)),
                Prefetch("study_roles", queryset=self.rows(StudyPartner.objects.select_related("study"))),
                Prefetch(
                    "programme_roles", queryset=self.rows(ProgrammeOrganisation.objects.select_related("programme"))
                ),
                citations_prefetch(self.drafts),
                key_figures_prefetch(self.drafts),
            )
        )


class PortalOwnerMixin:
    """A page of the organisation that runs the portal (settings.PORTAL_OWNER_SLUG), not of a slug in the URL.

    The record is looked up in the page's own queryset, which holds only what this reader may see
    (core.visibility): a missing owner record, or a draft one for the public, is the site's 404.
    """

    def get_object(self, queryset=None):
        queryset = self.get_queryset() if queryset is None else queryset
        return get_object_or_404(queryset.portal_owner())


class AboutView(PortalOwnerMixin, OrganisationDetailView):
    """About the portal's owner: its organisation page's facts and work (programmes, agreements, events), cited."""

    template_name = "registry/about.html"


class ContactView(PortalOwnerMixin, PublicDetailView):
    """How to reach the portal's owner: the address, telephones and e-mail of its record, cited."""

    model = Organisation
    template_name = "registry/contact.html"

    def sections(self):
        # Contact shows no related lists: the sections (events) would cost queries for nothing.
        return []

    def get_queryset(self):
        return super().get_queryset().prefetch_related(citations_prefetch(self.drafts))


class PersonListView(FilteredListView):
    model = Person
    filterset_class = PersonFilterSet
    template_name = "registry/person_list.html"
    api_path = "/api/v1/people/"

    def base_queryset(self):
        return Person.objects.visible_to(self.request.user).prefetch_related(
            Prefetch("positions", queryset=self.rows(Position.objects.select_related("organisation", "country")))
        )


class PersonDetailView(PublicDetailView):
    model = Person
    template_name = "registry/person_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch(
                    "positions",
                    queryset=self.rows(Position.objects.select_related("organisation", "country", "source")),
                ),
                Prefetch("signatures", queryset=self.rows(AgreementSignatory.objects.select_related("agreement"))),
                citations_prefetch(self.drafts),
            )
        )


class CountryListView(FilteredListView):
    model = Country
    filterset_class = CountryFilterSet
    template_name = "registry/country_list.html"
    api_path = "/api/v1/countries/"
    paginate_by = 50


class CountryDetailView(PublicDetailView):
    model = Country
    slug_field = "iso3"
    slug_url_kwarg = "iso3"
    template_name = "registry/country_detail.html"

    def get(self, request, *args, **kwargs):
        # /countries/vnm/ and /countries/VNM/ are one page; the capitalised address is the canonical one.
        if kwargs["iso3"] != kwargs["iso3"].upper():
            return redirect("registry:country-detail", iso3=kwargs["iso3"].upper(), permanent=True)
        return super().get(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        country = self.object
        # Each list shows its first rows, with a link to the filtered list for the rest (first_rows).
        organisations, more_organisations = first_rows(self.visible(Organisation).filter(country=country))
        studies, more_studies = first_rows(self.visible(Study).filter(countries=country))
        programmes, more_programmes = first_rows(self.visible(Programme).filter(countries=country))
        agreements, more_agreements = first_rows(self.visible(Agreement).of_country(country))
        context.update(
            organisations=organisations,
            more_organisations=more_organisations,
            studies=studies,
            more_studies=more_studies,
            programmes=programmes,
            more_programmes=more_programmes,
            agreements=agreements,
            more_agreements=more_agreements,
            citations=self.rows(country.citations.select_related("source")),
            key_figures=country.key_figures.all(),
        )
        return context


class AgreementListView(FilteredListView):
    model = Agreement
    filterset_class = AgreementFilterSet
    template_name = "registry/agreement_list.html"
    api_path = "/api/v1/agreements/"


class AgreementDetailView(PublicDetailView):
    model = Agreement
    template_name = "registry/agreement_detail.html"


class StudyListView(FilteredListView):
    model = Study
    filterset_class = StudyFilterSet
    template_name = "registry/study_list.html"
    api_path = "/api/v1/studies/"


class StudyDetailView(PublicDetailView):
    model = Study
    template_name = "registry/study_detail.html"

    def get_queryset(self):
        # Earlier and later studies are linked only when this reader may see them.
        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch("builds_on", queryset=self.visible(Study)),
                Prefetch("built_upon_by", queryset=self.visible(Study)),
            )
        )


class ProgrammeListView(FilteredListView):
    model = Programme
    filterset_class = ProgrammeFilterSet
    template_name = "registry/programme_list.html"
    api_path = "/api/v1/programmes/"

    def base_queryset(self):
        return Programme.objects.visible_to(self.request.user).prefetch_related(
            Prefetch("countries", queryset=self.visible(Country)), "themes"
        )


class ProgrammeDetailView(PublicDetailView):
    model = Programme
    template_name = "registry/programme_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related(
                Prefetch("countries", queryset=self.visible(Country)),
                "themes",
                Prefetch(
                    "organisations",
                    # Each row's own citations: its references on the programme's page.
                    queryset=self.rows(
                        ProgrammeOrganisation.objects.select_related("organisation").prefetch_related(
                            citations_prefetch(self.drafts)
                        )
                    ),
                ),
                citations_prefetch(self.drafts),
                key_figures_prefetch(self.drafts),
            )
        )


class SourceDocumentListView(FilteredListView):
    model = SourceDocument
    filterset_class = SourceDocumentFilterSet
    template_name = "registry/source_list.html"
    api_path = "/api/v1/sources/"

    def base_queryset(self):
        return (
            SourceDocument.objects.visible_to(self.request.user)
            .prefetch_related(
                visible_prefetch("publishers", Organisation.objects.all(), sees_drafts(self.request.user))
            )
            .defer("text")
        )


class SourceDocumentDetailView(PublicDetailView):
    model = SourceDocument
    template_name = "registry/source_detail.html"

    def get_queryset(self):
        return (
            super()
            .get_queryset()
            .prefetch_related(
                visible_prefetch("publishers", Organisation.objects.all(), self.drafts),
                Prefetch("positions", queryset=self.rows(Position.objects.select_related("person"))),
                Prefetch("commitment_texts", queryset=self.rows(CommitmentText.objects.all())),
            )
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        document = self.object
        # Each citation by the rule of what it supports, a row of a record included (core.visibility).
        citations = list(
            visible_subjects(self.rows(document.citations_made.all()), self.drafts)
            .select_related("content_type")
            .prefetch_related("subject")
        )
        context["quotes"] = (
            [c.quote for c in citations]
            + [p.quote for p in document.positions.all()]
            + [t.text for t in document.commitment_texts.all()]
        )
        context["citations"] = citations
        context["cited_passages"] = self.cited_passages(citations)
        return context

    def cited_passages(self, citations):
        """Each quoted passage once, in document order, with the records it supports (public ones linked)."""
        text = self.object.text
        passages = {}
        for citation in citations:
            entry = passages.setdefault(citation.quote, {"quote": citation.quote, "supports": []})
            subject = citation.subject  # one the reader may see: get_context_data left out the rest
            linkable = hasattr(subject, "get_absolute_url")
            entry["supports"].append(
                {
                    "label": str(subject) if linkable else citation.content_type.name,
                    "url": subject.get_absolute_url() if linkable else "",
                    "kind": citation.content_type.name,
                    # The fact by its human label, not its key (core.provenance).
                    "fact": provenance.fact_label(citation.content_type.model_class(), citation.fact),
                    "record": subject if linkable else None,
                }
            )
        return sorted(passages.values(), key=lambda entry: text.find(entry["quote"]))
