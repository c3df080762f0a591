"""Branded error pages (issue 15): 404 inside the site's frame, 500 standing alone; and the favicon."""

import pytest
from django.contrib.staticfiles import finders
from django.test import RequestFactory
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


def test_an_unknown_address_gets_the_branded_404(client):
    response = client.get("/no-such-page-here/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page not found" in html
    assert 'class="brand"' in html  # the site's header, from base.html
    assert 'rel="icon"' in html


def test_the_500_page_stands_alone_with_the_portals_name_and_mark():
    # server_error renders 500.html without a context: nothing on it may need the database or a request.
    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    html = response.content.decode()
    assert "ARMAC Portal" in html
    assert "Something went wrong" in html
    assert "/static/img/mark.svg" in html
    assert "/static/css/portal.css" in html


def test_pages_link_the_favicon_and_the_file_exists(client):
    html = client.get("/").content.decode()
    assert 'rel="icon"' in html
    assert "img/favicon.svg" in html
    found = finders.find("img/favicon.svg")
    assert found
    with open(found, encoding="utf-8") as svg:
        assert svg.read().lstrip().startswith("<svg")


def test_the_privacy_notice_says_what_is_kept_and_the_footer_links_it(client):
    response = client.get("/privacy/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Privacy notice</h1>" in html
    assert "server logs" in html
    assert "no tracking" in html
    assert "Staff accounts" in html
    assert 'href="/privacy/"' in client.get("/").content.decode()
