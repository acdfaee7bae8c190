"""DNN (DotNetNuke) ``.aspx`` news modules: Đảng ủy Khối các cơ quan Trung ương (dukcqtw.dcs.vn:
``…-ctm<category>.aspx`` listings, ``…-tbo<id>.aspx`` articles) and other party sites.

The family had four spellings before it had one place; the former ones are its ``aliases``."""

from pipelines.boilerplate import BoilerplateRules, FamilyMarkers
from sites.families.base import NEXT_LINK, Family, ListingParser

FAMILY = Family(
    name="dnn",
    about=__doc__,
    aliases=("aspx-news", "dnn-news", "dnn-aspx"),
    detect_order=30,
    markers=FamilyMarkers(
        generator=("dotnetnuke", "dnn"),
        xpaths=("//*[starts-with(@id,'dnn_')]",),
    ),
    boilerplate=BoilerplateRules(
        xpaths=(
            "//*[starts-with(@id,'dnn_') and (contains(@id,'TopPane') or contains(@id,'Footer')"
            " or contains(@id,'RightPane') or contains(@id,'LeftPane') or contains(@id,'Menu'))]",
            "//*[contains(@class,'DnnModule-Other') or contains(@class,'DNNEmptyPane')]",
        )
    ),
    # Checked against the demo's imitation of the template only (tests/fixtures/sites/dnn/).
    listing=ListingParser(
        name="dnn-listing",
        aliases=("dnn-news-listing",),
        listing=r"-ctm\d+\.aspx",
        article_links=(
            "//div[contains(@class,'list-news')]//div[contains(@class,'list-item')]//h3/a/@href"
        ),
        next_page=f"//div[contains(@class,'pagination')]//a[{NEXT_LINK}]/@href",
    ),
)
