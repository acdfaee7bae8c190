"""VNPT's Liferay-based e-government portals of provinces and districts
(yendinh.thanhhoa.gov.vn: ``/portal/pages/…``, ``portlet`` boxes around every module).

Its stored page (tests/fixtures/sites/vnpt-portal/) is built from that knowledge, not captured:
no page of a live VNPT portal was available offline (tests/fixtures/sites/README.md)."""

from pipelines.boilerplate import BoilerplateRules, FamilyMarkers
from sites.families.base import Family

FAMILY = Family(
    name="vnpt-portal",
    about=__doc__,
    detect_order=40,
    markers=FamilyMarkers(
        xpaths=("//*[contains(@class,'portlet')]",),
        url_parts=("/portal/",),
    ),
    boilerplate=BoilerplateRules(
        xpaths=("//*[contains(@class,'portlet-borderless-bar')]",),
    ),
)
