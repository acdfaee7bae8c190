"""WordPress themes: provincial Tuyên giáo sites (tuyengiaotiengiang.vnpttiengiang.vn) and
other small party and press sites."""

from pipelines.boilerplate import BoilerplateRules, FamilyMarkers
from sites.families.base import Family

FAMILY = Family(
    name="wordpress",
    about=__doc__,
    detect_order=20,
    markers=FamilyMarkers(
        generator=("wordpress",),
        xpaths=("//link[contains(@href,'wp-content')] | //script[contains(@src,'wp-content')]",),
    ),
    boilerplate=BoilerplateRules(
        xpaths=(
            "//*[@id='secondary' or @id='comments' or @id='respond']",
            "//*[contains(@class,'sharedaddy') or contains(@class,'post-navigation')"
            " or contains(@class,'entry-footer') or contains(@class,'jp-relatedposts')]",
        )
    ),
)
