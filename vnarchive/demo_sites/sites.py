"""The three demo sites: each a :class:`DemoSite` (what the generator and the server need to
render it) whose :meth:`DemoSite.source` is its :class:`sites.Source` once its port is bound.

Demo-only sources live here, with the demo, not in ``sites/sources.toml``: their base URLs exist
only while :class:`vnarchive.demo_sites.server.DemoSites` runs (:func:`demo_sources`).
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import BaseModel

from sites import Source


class Category(BaseModel):
    """A listing section of a site: `key` goes into the URL, `name` is shown on the page."""

    key: str
    name: str


class DemoSite(BaseModel):
    """One demo site, modelled on a real CMS family."""

    name: str  # short id used everywhere: "haiphong-pbgdpl", "dukcqtw", "moj-portal"
    title: str  # Vietnamese display name
    organisation: str  # owning body (Cơ quan chủ quản)
    family: str  # CMS family (sites/families/) or "unknown"
    real_domain: str  # the live site this one imitates
    has_sitemap: bool
    has_rss: bool
    has_published_meta: bool  # emits <meta property="article:published_time">
    categories: list[Category]
    id_base: int  # first article id (ids grow with publication time)
    province: str | None = None  # the province a local site publishes in (None = national)
    # Discovery rules of its source ("{base}" = the running site's base URL).
    feeds: list[str] = []
    allow: list[str] = []
    follow: list[str] = []
    parser: str | None = None  # the family's listing parser

    def source(self, base_url: str) -> Source:
        """The site as a source, served at `base_url`."""
        base = base_url.rstrip("/")
        return Source(
            source_id=self.name,
            name=self.title,
            base_url=base,
            organization=self.organisation,
            province=self.province,
            family=self.family,
            start_urls=[base + "/"],
            sitemaps=[f"{base}/sitemap.xml"] if self.has_sitemap else [],
            feeds=[u.format(base=base) for u in self.feeds],
            allow=self.allow,
            follow=self.follow,
            parser=self.parser,
            verified=True,
            demo=True,
            notes=f"demo site modelled on {self.real_domain}",
        )


SITES: list[DemoSite] = [
    DemoSite(
        name="haiphong-pbgdpl",
        title="Trang thông tin phổ biến, giáo dục pháp luật thành phố Hải Phòng",
        organisation="UBND thành phố Hải Phòng",
        family="unknown",  # a div-only portal: no CMS rules of its own
        real_domain="pbgdpl.haiphong.gov.vn",
        has_sitemap=True,
        has_rss=False,
        has_published_meta=True,
        categories=[
            Category(key="tin-hoat-dong", name="Tin hoạt động"),
            Category(key="tuyen-truyen-pho-bien", name="Tuyên truyền, phổ biến pháp luật"),
            Category(key="van-ban-moi", name="Văn bản mới"),
            Category(key="chi-dao-dieu-hanh", name="Chỉ đạo, điều hành"),
        ],
        id_base=52100,
        province="Hải Phòng",
        allow=[r"/tin-tuc/[a-z0-9-]*-?\d+\.html$"],
        follow=[r"/chuyen-muc/[a-z0-9-]+"],
    ),
    DemoSite(
        name="dukcqtw",
        title="Đảng ủy Khối các cơ quan Trung ương",
        organisation="Đảng ủy Khối các cơ quan Trung ương",
        family="dnn",
        real_domain="dukcqtw.dcs.vn",
        has_sitemap=False,
        has_rss=True,
        has_published_meta=True,
        categories=[
            Category(key="117", name="Hoạt động của Đảng ủy Khối"),
            Category(key="118", name="Công tác tuyên giáo"),
            Category(key="119", name="Xây dựng Đảng"),
            Category(key="120", name="Văn bản chỉ đạo"),
        ],
        id_base=2400,
        feeds=["{base}/rss.xml"],
        allow=[r"-tbo\d+\.aspx$"],
        follow=[r"-ctm\d+\.aspx"],
        parser="dnn-listing",
    ),
    DemoSite(
        name="moj-portal",
        title="Cổng thông tin điện tử Bộ Tư pháp - Phổ biến, giáo dục pháp luật",
        organisation="Bộ Tư pháp",
        family="sharepoint",
        real_domain="pbgdpl.gov.vn",
        has_sitemap=False,
        has_rss=False,
        has_published_meta=False,
        categories=[
            Category(key="tin-hoat-dong", name="Tin hoạt động PBGDPL"),
            Category(key="van-ban-phap-luat", name="Văn bản pháp luật mới"),
            Category(key="hoi-nghi-hoi-thao", name="Hội nghị, hội thảo"),
        ],
        id_base=5100,
        allow=[r"/Pages/tin-tuc\.aspx\?(?:.*&)?ItemID=\d+"],
        follow=[r"/Pages/danh-sach\.aspx\?"],
        parser="sharepoint-listing",
    ),
]

SITE_BY_NAME: dict[str, DemoSite] = {s.name: s for s in SITES}


def demo_sources(base_urls: Mapping[str, str]) -> list[Source]:
    """The running demo sites as sources (``DemoSites.base_urls``): what `vnarchive demo` hands
    the archive flow, with their discovery rules for a crawl that is given them."""
    return [site.source(base_urls[site.name]) for site in SITES]
