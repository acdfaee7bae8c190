"""Microsoft SharePoint portals: Bộ Tư pháp (pbgdpl.gov.vn, moj.gov.vn), vbpl.vn, provincial
portals such as lamdong.gov.vn (``/Pages/<list>.aspx?ItemID=``)."""

from pipelines.boilerplate import BoilerplateRules, FamilyMarkers
from sites.families.base import NEXT_LINK, Family, ListingParser

FAMILY = Family(
    name="sharepoint",
    about=__doc__,
    detect_order=10,
    markers=FamilyMarkers(
        generator=("sharepoint",),
        xpaths=("//*[@id='s4-workspace' or @id='s4-bodyContainer']",),
        url_parts=("/pages/",),
    ),
    boilerplate=BoilerplateRules(
        xpaths=(
            "//*[@id='s4-ribbonrow' or @id='suiteBar' or @id='s4-titlerow']",
            "//*[contains(@class,'ms-hide') or contains(@class,'ms-dialogHidden')]",
            "//*[contains(@id,'ScriptLink') or contains(@id,'DesignModeConsole')]",
        )
    ),
    # Checked against the demo's imitation of the template only (tests/fixtures/sites/sharepoint/),
    # not against the live sites: no real registry entry enables it yet.
    listing=ListingParser(
        name="sharepoint-listing",
        listing=r"/Pages/danh-sach\.aspx",
        article_links=(
            "//table[contains(@class,'tbl-list')]//div[contains(@class,'list-title')]/a/@href"
        ),
        next_page=f"//div[contains(@class,'pagination')]//a[{NEXT_LINK}]/@href",
    ),
)
