"""Public pages of the registry: partners, people, countries, agreements, studies, programmes, sources."""

from django.urls import path

from . import views

app_name = "registry"

urlpatterns = [
    path("partners/", views.OrganisationListView.as_view(), name="organisation-list"),
    path("partners/<slug:slug>/", views.OrganisationDetailView.as_view(), name="organisation-detail"),
    path("people/", views.PersonListView.as_view(), name="person-list"),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person-detail"),
    path("countries/", views.CountryListView.as_view(), name="country-list"),
    path("countries/<str:iso3>/", views.CountryDetailView.as_view(), name="country-detail"),
    path("agreements/", views.AgreementListView.as_view(), name="agreement-list"),
    path("agreements/<slug:slug>/", views.AgreementDetailView.as_view(), name="agreement-detail"),
    path("studies/", views.StudyListView.as_view(), name="study-list"),
    path("studies/<slug:slug>/", views.StudyDetailView.as_view(), name="study-detail"),
    path("programmes/", views.ProgrammeListView.as_view(), name="programme-list"),
    path("programmes/<slug:slug>/", views.ProgrammeDetailView.as_view(), name="programme-detail"),
    path("sources/", views.SourceDocumentListView.as_view(), name="source-list"),
    path("sources/<slug:slug>/", views.SourceDocumentDetailView.as_view(), name="source-detail"),
]
