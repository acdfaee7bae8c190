"""Static description of the three demo sites (names, display titles, categories, URL shapes)."""

from __future__ import annotations

from pydantic import BaseModel


class Category(BaseModel):
    """A listing section of a site: `key` goes into the URL, `name` is shown on the page."""

    key: str
    name: str


class SiteInfo(BaseModel):
    """One demo site, modelled on a real CMS family."""

    name: str  # short id used everywhere: "haiphong-pbgdpl", "dukcqtw", "moj-portal"
    title: str  # Vietnamese display name
    organisation: str  # owning body (Cơ quan chủ quản)
    family: str  # template family / CMS kind
    real_domain: str  # the live site this one imitates
    has_sitemap: bool
    has_rss: bool
    has_published_meta: bool  # emits <meta property="article:published_time">
    categories: list[Category]
    id_base: int  # first article id (ids grow with publication time)

    @property
    def organization(self) -> str:
        """US-spelling alias (vnarchive.cli uses it)."""
        return self.organisation


SITES: list[SiteInfo] = [
    SiteInfo(
        name="haiphong-pbgdpl",
        title="Trang thông tin phổ biến, giáo dục pháp luật thành phố Hải Phòng",
        organisation="UBND thành phố Hải Phòng",
        family="div-portal",
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
    ),
    SiteInfo(
        name="dukcqtw",
        title="Đảng ủy Khối các cơ quan Trung ương",
        organisation="Đảng ủy Khối các cơ quan Trung ương",
        family="aspx-news",
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
    ),
    SiteInfo(
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
    ),
]

SITE_BY_NAME: dict[str, SiteInfo] = {s.name: s for s in SITES}
