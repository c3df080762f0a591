"""The staff pages of intake, inside the admin: the review queue, adding a document, and a document's
suggestions with accept / link / dismiss and cite-by-selecting. Editors act; viewers read.

Permissions are the registry's: reading needs `view_sourcedocument`, adding a document
`add_sourcedocument`, every decision `add_citation`, and accepting a new record that record's add
permission.
"""

from collections import defaultdict

from django.contrib import admin, messages
from django.contrib.admin.views.decorators import staff_member_required
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from registry.models import Citation, SourceDocument

from .facts import citable_facts
from .forms import AcceptForm, AddDocumentForm, CiteForm, ConfirmDocumentForm
from .highlight import segments
from .mentions import MentionKind
from .models import Suggestion, SuggestionState, review_queue
from .workflow import IntakeRefused, accept, cite_passage, dismiss, link, store_document

VIEW = "registry.view_sourcedocument"
ADD = "registry.add_sourcedocument"
DECIDE = "registry.add_citation"
ADD_RECORD = {MentionKind.PERSON: "registry.add_person", MentionKind.ORGANISATION: "registry.add_organisation"}


def _require(request, *permissions):
    if not request.user.has_perms(permissions):
        raise PermissionDenied


def _page(request, template, title, **context):
    """An admin page: the admin's header, navigation and colours (AdminSite.each_context)."""
    return render(request, template, {**admin.site.each_context(request), "title": title, **context})


def can_decide(user):
    return user.has_perm(DECIDE)


@staff_member_required
@require_safe
def queue(request):
    _require(request, VIEW)
    decisions = (
        Suggestion.objects.exclude(state=SuggestionState.PENDING)
        .select_related("decided_by", "document")
        .defer("document__text")
        .order_by("-decided_at", "-id")[:25]
    )
    return _page(
        request,
        "intake/queue.html",
        _("Source intake: review queue"),
        documents=review_queue(),
        decisions=decisions,
        can_add=request.user.has_perms([ADD, DECIDE]),
    )


@staff_member_required
@require_http_methods(["GET", "HEAD", "POST"])
def add_document(request):
    """Step one: paste or upload; a valid document is shown for confirmation, nothing stored yet."""
    _require(request, ADD, DECIDE)
    form = AddDocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        return _page(
            request,
            "intake/confirm.html",
            _("Confirm the document's text"),
            form=form.confirmation(),
            text=form.cleaned_data["extracted"],
        )
    return _page(request, "intake/add.html", _("Add a source document"), form=form)


@staff_member_required
@require_POST
def confirm_document(request):
    """Step two: store the confirmed text verbatim as a draft source, with its suggestions."""
    _require(request, ADD, DECIDE)
    form = ConfirmDocumentForm(request.POST)
    if form.is_valid():
        try:
            document = store_document(
                text=form.text, title=form.cleaned_data["title"], kind=form.cleaned_data["kind"], user=request.user
            )
        except IntakeRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(request, _("“%(title)s” is stored as a draft source.") % {"title": document.title})
            return redirect("intake:document", pk=document.pk)
    text = form.cleaned_data.get("payload", "") if hasattr(form, "cleaned_data") else ""
    return _page(request, "intake/confirm.html", _("Confirm the document's text"), form=form, text=text)


def _records_of(document, suggestions):
    """The records this document's suggestions match and the records already cited from it: the choices
    for citing a passage. One query per kind of record."""
    wanted = defaultdict(set)
    for suggestion in suggestions:
        if suggestion.match_type_id:
            wanted[suggestion.match_type_id].add(suggestion.match_id)
    for content_type_id, object_id in Citation.objects.filter(source=document).values_list("content_type", "object_id"):
        wanted[content_type_id].add(object_id)
    records = []
    for content_type_id, ids in wanted.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is not None and "citations" in {f.name for f in model._meta.get_fields()}:
            records.extend(model._default_manager.filter(pk__in=ids))
    records.sort(key=lambda record: (record._meta.verbose_name, str(record).casefold()))
    return records


def _fact_groups(records):
    models = sorted({type(record) for record in records}, key=lambda model: model._meta.verbose_name)
    return [(model._meta.verbose_name.capitalize(), citable_facts(model)) for model in models]


def _document_page(request, document, cite_form=None, status=200):
    suggestions = list(document.suggestions.in_text_order().select_related("decided_by", "match_type"))
    records = _records_of(document, suggestions)
    by_id = {}
    for record in records:
        by_id[(ContentType.objects.get_for_model(record).pk, record.pk)] = record
    for suggestion in suggestions:
        # Resolved from the records read above, not one query per suggestion.
        suggestion.record = by_id.get((suggestion.match_type_id, suggestion.match_id))
        if suggestion.record is not None:
            opts = suggestion.record._meta
            suggestion.record_url = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change", args=[suggestion.record.pk]
            )
        if suggestion.is_new_record and suggestion.is_pending:
            suggestion.accept_form = AcceptForm(
                prefix=f"s{suggestion.pk}",
                initial={
                    "name": suggestion.proposed_name,
                    "acronym": suggestion.acronym,
                    "honorific": suggestion.honorific,
                },
            )
    if cite_form is None:
        initial = {key: request.GET.get(key) for key in ("start", "end") if request.GET.get(key, "").isdigit()}
        cite_form = CiteForm(initial=initial, records=records, fact_groups=_fact_groups(records))
    response = _page(
        request,
        "intake/document.html",
        document.title,
        document=document,
        segments=segments(document.text, suggestions),
        suggestions=suggestions,
        pending_count=sum(1 for s in suggestions if s.is_pending),
        can_decide=can_decide(request.user),
        can_add_person=request.user.has_perm(ADD_RECORD[MentionKind.PERSON]),
        can_add_organisation=request.user.has_perm(ADD_RECORD[MentionKind.ORGANISATION]),
        cite_form=cite_form,
        admin_change_url=reverse("admin:registry_sourcedocument_change", args=[document.pk]),
    )
    response.status_code = status
    return response


@staff_member_required
@require_safe
def document_detail(request, pk):
    _require(request, VIEW)
    document = get_object_or_404(SourceDocument, pk=pk)
    return _document_page(request, document)


ACTIONS = ("accept", "link", "dismiss")


@staff_member_required
@require_POST
def decide(request, pk):
    """Accept, link or dismiss one suggestion (posted as `suggestion` and `action`); a refusal comes
    back as one sentence on the page."""
    _require(request, VIEW, DECIDE)
    action = request.POST.get("action")
    suggestion_pk = request.POST.get("suggestion", "")
    if action not in ACTIONS or not suggestion_pk.isdigit():
        return HttpResponseBadRequest(_("Choose a suggestion and what to do with it: accept, link or dismiss."))
    suggestion = get_object_or_404(Suggestion.objects.select_related("document"), pk=suggestion_pk, document=pk)
    try:
        if action == "dismiss":
            dismiss(suggestion, request.user)
            messages.success(request, _("Dismissed “%(text)s”.") % {"text": suggestion.text})
        elif action == "link":
            record = link(suggestion, request.user)
            messages.success(
                request, _("“%(text)s” is cited for %(record)s.") % {"text": suggestion.text, "record": record}
            )
        else:
            _require(request, ADD_RECORD.get(suggestion.kind, "registry.add_person"))
            form = AcceptForm(request.POST, prefix=f"s{suggestion.pk}")
            if not form.is_valid():
                raise IntakeRefused(_("Give the new record's name (at most 200 characters)."))
            record, state = accept(suggestion, request.user, **form.cleaned_data)
            if state == SuggestionState.ACCEPTED:
                text = _("%(record)s is a new draft %(kind)s, cited from this document.")
            else:
                text = _("%(record)s was already recorded: the passage is cited for it.")
            messages.success(request, text % {"record": record, "kind": record._meta.verbose_name})
    except IntakeRefused as refused:
        messages.error(request, str(refused))
    return redirect(f"{reverse('intake:document', args=[pk])}#suggestion-{suggestion.pk}")


@staff_member_required
@require_POST
def cite(request, pk):
    _require(request, VIEW, DECIDE)
    document = get_object_or_404(SourceDocument, pk=pk)
    suggestions = list(document.suggestions.all())
    records = _records_of(document, suggestions)
    form = CiteForm(request.POST, records=records, fact_groups=_fact_groups(records))
    if form.is_valid():
        data = form.cleaned_data
        try:
            citation = cite_passage(document, data["record"], data["fact"], data["start"], data["end"], request.user)
        except IntakeRefused as refused:
            form.add_error(None, str(refused))
        else:
            messages.success(
                request,
                _("“%(quote)s” is cited for %(record)s (%(fact)s).")
                % {"quote": citation.quote[:120], "record": data["record"], "fact": citation.fact},
            )
            return redirect(f"{reverse('intake:document', args=[pk])}#cite")
    return _document_page(request, document, cite_form=form, status=400)
