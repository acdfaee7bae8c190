"""Boilerplate removal for Vietnamese government CMS pages (pure, in-place on lxml trees).

trafilatura drops ``<header>/<nav>/<aside>/<footer>`` but the div-only layouts of most
provincial portals (SharePoint, VNPT/Viettel portals, DNN .aspx modules, WordPress themes) put
their footer, "Tin mới" sidebar and share bar in plain ``<div>``s, which leak into the text.
We prune them *before* trafilatura, from declarative rules (in the spirit of Fundus'
per-publisher parsers): generic class/id names + per-family XPaths, plus a text-level pass that
cuts footer lines trafilatura still lets through.

This module holds the *mechanisms* only. The per-family rules and detection markers are declared
in ``sites/families/`` (one module per CMS family) and arrive here as arguments
(:class:`FamilyRules`): pipelines never import the site declarations.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field

from lxml import etree
from lxml.html import HtmlElement

__all__ = [
    "GENERIC_RULES",
    "BoilerplateRules",
    "FamilyMarkers",
    "FamilyRules",
    "detect_family",
    "find_main_containers",
    "strip_boilerplate",
    "strip_trailing_boilerplate",
    "unwrap_layout_tables",
]


@dataclass(frozen=True)
class BoilerplateRules:
    """One row of the table.

    names: class/id names; "tin-moi" matches a token whose hyphen/underscore/camelCase parts
        contain the parts ("tin", "moi") contiguously: ``box-tin-moi``, ``TinMoi``, ``tin_moi``.
    xpaths: extra elements to drop for one CMS family (still subject to main-content protection).
    """

    names: frozenset[str] = field(default_factory=frozenset)
    xpaths: tuple[str, ...] = ()


@dataclass(frozen=True)
class FamilyMarkers:
    """Cheap signs that a page was made by one CMS family; any one of them is enough.

    generator: substrings of the lower-cased ``<meta name="generator">`` content.
    xpaths: XPath expressions; a page with any match belongs to the family.
    url_parts: substrings of the lower-cased page URL.
    """

    generator: tuple[str, ...] = ()
    xpaths: tuple[str, ...] = ()
    url_parts: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class FamilyRules:
    """What the extraction needs of one CMS family (declared in ``sites/families/``)."""

    name: str
    markers: FamilyMarkers = field(default_factory=FamilyMarkers)
    boilerplate: BoilerplateRules = field(default_factory=BoilerplateRules)


GENERIC_RULES = BoilerplateRules(
    names=frozenset(
        {
            # navigation
            "menu",
            "nav",
            "navbar",
            "navigation",
            "breadcrumb",
            "breadcrumbs",
            "sitemap",
            "topbar",
            "top-bar",
            "toolbar",
            "pager",
            "pagination",
            "skip-link",
            "logo",
            "search",
            "search-box",
            "login",
            "lang",
            "language",
            # sidebars / boxes
            "sidebar",
            "side-bar",
            "col-right",
            "col-left",
            "colright",
            "colleft",
            "right-col",
            "left-col",
            "box-right",
            "box-left",
            "module-right",
            "module-left",
            "right-pane",
            "left-pane",
            "rightpane",
            "leftpane",
            "right-column",
            "left-column",
            "widget",
            "widget-area",
            "aside",
            "portlet-right",
            # related / other news
            "tin-moi",
            "tinmoi",
            "tin-lien-quan",
            "tinlienquan",
            "tin-khac",
            "tinkhac",
            "tin-cung-chuyen-muc",
            "tin-da-dua",
            "related",
            "other-news",
            "othernews",
            "more-news",
            "news-other",
            "latest-news",
            "most-read",
            "doc-nhieu",
            "xem-nhieu",
            "hot-news",
            "tin-noi-bat",
            "box-news",
            # sharing / tools
            "share",
            "sharing",
            "social",
            "socials",
            "addthis",
            "sharethis",
            "print",
            "print-button",
            "tool",
            "tools",
            "font-size",
            "fontsize",
            "rating",
            "like",
            "email-article",
            "send-mail",
            # footer / legal
            "footer",
            "footer-info",
            "copyright",
            "thong-ke",
            "counter",
            "visitor",
            "statistic",
            "statistics",
            "online",
            "truy-cap",
            # misc chrome
            "banner",
            "advert",
            "advertisement",
            "ads",
            "quang-cao",
            "popup",
            "modal",
            "cookie",
            "comment",
            "comments",
            "binh-luan",
            "tags",
            "tag-list",
            "keywords",
            "lien-ket",
            "weblink",
            "web-link",
            "slider",
            "marquee",
            "hidden",
            "hotline",
        }
    )
)

# Markers of the article container: never remove an ancestor of it.
_CONTENT_PARTS = (
    "content",
    "detail",
    "body",
    "noidung",
    "noi-dung",
    "chi-tiet",
    "chitiet",
    "article",
    "entry",
    "post",
    "news-detail",
    "tin-chi-tiet",
)
_BOILERPLATE_HEADINGS = (
    "tin liên quan",
    "tin mới",
    "tin mới nhất",
    "tin cùng chuyên mục",
    "các tin khác",
    "tin khác",
    "tin đã đưa",
    "các tin đã đưa",
    "bài viết liên quan",
    "xem thêm",
    "tin bài liên quan",
    "tin đọc nhiều",
    "đọc nhiều nhất",
    "tin xem nhiều",
    "bài viết khác",
    "các bài viết khác",
    "tin tức khác",
    "tin nổi bật",
)
_HEADING_SET = frozenset(_BOILERPLATE_HEADINGS)
_SKIP_TAGS = frozenset({"html", "body", "head", "main", "article"})
_NON_TEXT = frozenset({"script", "style", "noscript", "template"})
_CAMEL = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")
_SPLIT = re.compile(r"[-_:.\s]+")


def _fold(s: str) -> str:
    return unicodedata.normalize("NFC", " ".join(s.split())).lower()


def _parts(token: str) -> tuple[str, ...]:
    """``dnn_RightPane`` -> (dnn, right, pane); ``box-tin-moi`` -> (box, tin, moi)."""
    return tuple(p for p in _SPLIT.split(_CAMEL.sub("-", token).lower()) if p)


def _compile_names(names: Iterable[str]) -> tuple[frozenset[str], tuple[tuple[str, ...], ...]]:
    singles = frozenset(n.lower() for n in names if "-" not in n)
    multis = tuple(_parts(n) for n in names if "-" in n)
    return singles, multis


_GENERIC_SINGLES, _GENERIC_MULTIS = _compile_names(GENERIC_RULES.names)


def _tokens(el: HtmlElement) -> list[str]:
    cls = el.get("class")
    toks = cls.split() if cls else []
    ident = el.get("id")
    if ident:
        toks.append(ident)
    return toks


def _token_matches(
    token: str, singles: frozenset[str], multis: tuple[tuple[str, ...], ...]
) -> bool:
    low = token.lower()
    if low in singles:
        return True
    parts = _parts(token)
    if any(p in singles for p in parts):
        return True
    for m in multis:
        n = len(m)
        if any(parts[i : i + n] == m for i in range(len(parts) - n + 1)):
            return True
    return "".join(parts) in singles


# Pages of one site repeat the same few hundred class/id tokens, and the name match above was
# the single hottest function of the extract stage: memoise it per rule set.  The caches are
# cleared when they grow past a bound, so per-page unique ids (GUIDs, DNN module numbers) cannot
# make a long-running worker grow without limit.
_CACHE_LIMIT = 50_000


class _NameMatcher:
    """``_token_matches`` for one rule set, memoised per token."""

    __slots__ = ("_cache", "multis", "singles")

    def __init__(self, singles: frozenset[str], multis: tuple[tuple[str, ...], ...]) -> None:
        self.singles = singles
        self.multis = multis
        self._cache: dict[str, bool] = {}

    def __call__(self, token: str) -> bool:
        hit = self._cache.get(token)
        if hit is None:
            if len(self._cache) >= _CACHE_LIMIT:
                self._cache.clear()
            hit = self._cache[token] = _token_matches(token, self.singles, self.multis)
        return hit


_GENERIC_MATCHER = _NameMatcher(_GENERIC_SINGLES, _GENERIC_MULTIS)
_FAMILY_MATCHERS: dict[BoilerplateRules, _NameMatcher] = {}


def _matcher_for(rules: BoilerplateRules | None) -> _NameMatcher:
    """Generic names, plus the family's own names when its rules add any."""
    if not (rules and rules.names):
        return _GENERIC_MATCHER
    matcher = _FAMILY_MATCHERS.get(rules)  # keyed by value: a replaced rules row is a new key
    if matcher is None:
        fs, fm = _compile_names(rules.names)
        matcher = _FAMILY_MATCHERS[rules] = _NameMatcher(
            _GENERIC_SINGLES | fs, _GENERIC_MULTIS + fm
        )
    return matcher


_CONTENT_TOKEN_CACHE: dict[str, bool] = {}


def _is_content_token(tok: str) -> bool:
    hit = _CONTENT_TOKEN_CACHE.get(tok)
    if hit is None:
        if len(_CONTENT_TOKEN_CACHE) >= _CACHE_LIMIT:
            _CONTENT_TOKEN_CACHE.clear()
        low = tok.lower()
        hit = _CONTENT_TOKEN_CACHE[tok] = any(
            c in low for c in _CONTENT_PARTS
        ) and not _GENERIC_MATCHER(tok)
    return hit


def _is_content_marker(el: HtmlElement) -> bool:
    if el.tag in ("article", "main"):
        return True
    return any(_is_content_token(tok) for tok in _tokens(el))


def _text_len(el: HtmlElement) -> int:
    """Stripped text length of ``el`` and its descendants (not its tail; no script/style text)."""
    n = 0
    for node in el.iter():
        if not isinstance(node.tag, str):  # comments / PIs
            n += len(node.tail.strip()) if node.tail and node is not el else 0
            continue
        if node.tag not in _NON_TEXT and node.text:
            n += len(node.text.strip())
        if node is not el and node.tail:
            n += len(node.tail.strip())
    return n


TextLengths = dict[HtmlElement, int]


def _text_lengths(root: HtmlElement) -> TextLengths:
    """``_text_len`` of every element under ``root`` (inclusive), in one bottom-up pass.

    Calling ``_text_len`` per element is quadratic in the tree depth (every ancestor re-walks the
    subtree), and the pruning asks it of most elements.  Reversed document order visits every
    descendant before its ancestor, so each element sums its children's cached lengths plus their
    tails: the same arithmetic as ``_text_len``, done once per node.  The dict also keeps the
    element proxies alive, so lxml hands back the very same objects on later traversals.
    """
    lengths: TextLengths = {}
    for node in reversed(list(root.iter())):
        if isinstance(node.tag, str):  # comments / PIs: only their tail counts, for the parent
            lengths[node] = _own_len(node, lengths)
    return lengths


def _own_len(node: HtmlElement, lengths: TextLengths) -> int:
    """``_text_len(node)`` from its children's entries in ``lengths``."""
    text = node.text
    n = len(text.strip()) if text and node.tag not in _NON_TEXT else 0
    for child in node:
        if isinstance(child.tag, str):
            n += lengths[child]
        tail = child.tail
        if tail:
            n += len(tail.strip())
    return n


MIN_PROTECTED_CHARS = 200

# Only elements with a class/id (or <article>/<main>) can match a name rule or be a content
# marker; selecting them in libxml2 (document order, like iter()) spares a Python-level visit and
# an element proxy for each of the many bare <p>/<span>/<td> of a page.
_NAMED = etree.XPath("descendant-or-self::*[@class or @id]")
_MAYBE_MARKED = etree.XPath("descendant-or-self::*[@class or @id or self::article or self::main]")


def _is_link_list(el: HtmlElement, lengths: TextLengths) -> bool:
    """Mostly link text: a "box-content" of headlines, never an article body."""
    total = lengths[el]
    if total == 0:
        return False
    linked = sum(lengths[a] for a in el.iter("a"))
    return linked > 0.5 * total


def find_main_containers(
    tree: HtmlElement, lengths: TextLengths | None = None
) -> list[HtmlElement]:
    """Likely article containers: content-marked elements holding ≥ half the best one's text.

    ``lengths``: :func:`_text_lengths` of ``tree`` (or of its root) when the caller already has
    it for the tree as it is now; computed here otherwise.
    """
    if lengths is None:
        lengths = _text_lengths(tree)
    cands = [
        (el, lengths[el])
        for el in _MAYBE_MARKED(tree)
        if _is_content_marker(el) and not _is_link_list(el, lengths)
    ]
    if not cands:
        return []
    best = max(n for _, n in cands)
    if best == 0:
        return []
    # A wide wrapper ("main-body") may hold far more text than a short article's own container,
    # so any substantial content-marked block is kept too: protecting too much costs a leak,
    # protecting too little costs the article.
    return [el for el, n in cands if n * 2 >= best or n >= MIN_PROTECTED_CHARS]


def _marked(tree: HtmlElement, url: str, generator: str, markers: FamilyMarkers) -> bool:
    return (
        any(g in generator for g in markers.generator)
        or any(tree.xpath(xp) for xp in markers.xpaths)
        or any(part in url for part in markers.url_parts)
    )


def detect_family(
    tree: HtmlElement, url: str | None, families: Iterable[FamilyRules]
) -> FamilyRules | None:
    """The first of ``families`` (in the order given) whose markers the page shows; None =
    generic rules only. The families and their order are declared in ``sites/families/``."""
    gen = " ".join(
        tree.xpath("//meta[translate(@name,'GENERATOR','generator')='generator']/@content")
    ).lower()
    u = (url or "").lower()
    for family in families:
        if _marked(tree, u, gen, family.markers):
            return family
    return None


def _heading_text(el: HtmlElement, lengths: TextLengths) -> str | None:
    """The boilerplate heading this element *is* (its whole text), if any."""
    # The stripped length is a lower bound of the raw text's length, so a long element is
    # rejected without materialising its whole text (text_content() is O(subtree)).
    if lengths[el] > 60:
        return None
    text = el.text_content()
    if len(text) > 60:
        return None
    folded = _fold(text).rstrip(":").strip()
    return folded if folded in _HEADING_SET else None


def _link_heavy(el: HtmlElement, lengths: TextLengths) -> bool:
    if el.tag in ("ul", "ol", "dl", "table"):
        return True
    total = lengths[el]
    links = el.xpath(".//a")
    if not links:
        return False
    link_chars = sum(len(a.text_content().strip()) for a in links)
    return len(links) >= 2 or (total > 0 and link_chars / total >= 0.5)


def strip_boilerplate(tree: HtmlElement, family: FamilyRules | None = None) -> TextLengths:
    """Remove navigation/sidebar/share/footer chrome in place: the generic rules, plus
    ``family``'s own (its source's declared family, or :func:`detect_family`'s guess).

    Never removes ``<html>/<body>/<main>/<article>``, an ancestor of the article container (see
    :func:`find_main_containers`), or any element holding > 60 % of the page's text: a wrong class
    name must cost us a sidebar leak, never the article.

    Returns the text lengths of the pruned tree's elements, for :func:`find_main_containers` on
    it (callers that prune and then look for the article would otherwise measure it all again).
    """
    root = tree.getroottree().getroot() if hasattr(tree, "getroottree") else tree
    # Text lengths of the unpruned tree, computed once; valid until the first drop below.
    lengths = _text_lengths(root)
    page_len = lengths[root] or 1
    protected: set[HtmlElement] = set()
    for main in find_main_containers(root, lengths):
        protected.add(main)
        protected.update(main.iterancestors())
    # Ancestors of dropped elements: their cached length is stale (their text shrank, and a
    # dropped element's tail was merged into a neighbour), so they are measured afresh.
    stale: set[HtmlElement] = set()

    def removable(el: HtmlElement) -> bool:
        return (
            el.tag not in _SKIP_TAGS
            and el not in protected
            and el.getparent() is not None
            and (_text_len(el) if el in stale else lengths[el]) <= 0.6 * page_len
        )

    doomed: list[HtmlElement] = []
    rules = family.boilerplate if family is not None else None
    matches = _matcher_for(rules)

    for el in _NAMED(root):
        if el.tag not in _SKIP_TAGS and any(matches(t) for t in _tokens(el)):
            doomed.append(el)
    for xp in rules.xpaths if rules else ():
        try:
            doomed.extend(e for e in root.xpath(xp) if isinstance(e, HtmlElement))
        except etree.XPathError:
            continue

    # Headings such as "Tin liên quan" + the list that follows them.
    for el in list(
        root.iter("h1", "h2", "h3", "h4", "h5", "h6", "div", "p", "span", "strong", "b", "a", "li")
    ):
        if _heading_text(el, lengths) is None:
            continue
        head = el
        # climb while the parent's text is only the heading (span inside div.title ...)
        while (
            head.getparent() is not None
            and head.getparent().tag not in _SKIP_TAGS
            and _heading_text(head.getparent(), lengths) is not None
        ):
            head = head.getparent()
        parent = head.getparent()
        if parent is None:
            continue
        first_child = next((c for c in parent if isinstance(c.tag, str)), None)
        if (
            first_child is head
            and parent.tag not in _SKIP_TAGS
            and parent not in protected
            and not _is_content_marker(parent)
            and _link_heavy(parent, lengths)
        ):
            doomed.append(parent)
            continue
        doomed.append(head)
        sib = head.getnext()
        while (
            sib is not None
            and isinstance(sib.tag, str)
            and _heading_text(sib, lengths) is None
            and _link_heavy(sib, lengths)
        ):
            doomed.append(sib)
            sib = sib.getnext()

    for el in doomed:
        if removable(el):
            stale.update(el.iterancestors())
            el.drop_tree()  # keeps el.tail: that text belongs to the parent
    unwrap_layout_tables(root, protected)  # renames tags only: no length changes
    # Re-measure only the stale ancestors, deepest first so each sums fresh children: every
    # other element's subtree is untouched (a neighbour's merged tail is not part of its length).
    depth = {el: sum(1 for _ in el.iterancestors()) for el in stale}
    for el in sorted(stale, key=depth.__getitem__, reverse=True):
        lengths[el] = _own_len(el, lengths)
    return lengths


_LAYOUT_TAGS = frozenset({"table", "tbody", "thead", "tfoot", "tr", "td", "th"})
_BLOCK_XPATH = ".//*[self::div or self::h1 or self::h2 or self::h3 or self::ul or self::table]"


def unwrap_layout_tables(root: HtmlElement, protected: set[HtmlElement] | None = None) -> None:
    """Turn page-layout tables (SharePoint/ASP.NET masters) into divs.

    With ``include_tables`` trafilatura renders a layout table as one "| cell | cell |" row,
    gluing the whole article into a single line.  A table is layout when it wraps the article
    container or its cells hold divs/headings/lists/nested tables; Word-exported data tables
    (``td > p > span``) keep their table semantics.
    """
    protected = protected or set()
    for table in list(root.iter("table")):
        if table in protected or table.xpath(_BLOCK_XPATH):
            for el in table.iter():
                if isinstance(el.tag, str) and el.tag in _LAYOUT_TAGS:
                    el.tag = "div"


# --- text-level pass ---------------------------------------------------------------------------

# Footer lines that are unambiguous at any length (a label with a colon, a copyright mark ...).
_FOOTER_STRICT = re.compile(
    r"^(?:"
    r"(?:cơ quan chủ quản|cơ quan quản lý|cơ quan thường trực|đơn vị quản lý|"
    r"(?:phó )?trưởng ban biên tập|tổng biên tập|(?:người )?chịu trách nhiệm(?: chính| nội dung)?|"
    r"giấy phép(?: số| thiết lập)?[^:]{0,40}|liên hệ|địa chỉ|điện thoại|đt|tel|fax|e-?mail|"
    r"website|hotline|bản quyền|trực tuyến|hôm nay|đang online|đang truy cập|"
    r"(?:tổng |số )?(?:số )?lượt truy cập)\s*:"
    r"|bản quyền (?:thuộc|của)|copyright|©|\(c\)\s|ghi rõ nguồn"
    r"|thiết kế (?:và phát triển )?bởi|designed by|phát triển bởi"
    r")",
    re.IGNORECASE,
)
# Words that start footer lines but also start real sentences: only short lines count.
_FOOTER_LOOSE = re.compile(
    r"^(?:cơ quan chủ quản|cơ quan quản lý|trưởng ban biên tập|chịu trách nhiệm|giấy phép|"
    r"liên hệ|lượt truy cập|đang online|(?:trang|cổng) thông tin|về đầu trang|lên đầu trang)\b",
    re.IGNORECASE,
)
# A portal name in capitals: "TRANG THÔNG TIN VỀ PHỔ BIẾN GIÁO DỤC PHÁP LUẬT".
_CAPS_PORTAL = re.compile(r"^(?:TRANG|CỔNG|WEBSITE|BÁO ĐIỆN TỬ)\b")

_SHARE_WORDS = frozenset(
    {
        "chia sẻ",
        "chia sẻ bài viết",
        "in",
        "in bài",
        "in bài viết",
        "in trang",
        "bản in",
        "gửi email",
        "gửi mail",
        "gửi bài viết",
        "gửi cho bạn bè",
        "xem cỡ chữ",
        "cỡ chữ",
        "đọc bài viết",
        "nghe đọc bài",
        "lưu bài viết",
        "lưu",
        "bình luận",
        "phản hồi",
        "quay lại",
        "trở về",
        "trở lại",
        "về đầu trang",
        "lên đầu trang",
        "tweet",
        "facebook",
        "zalo",
        "twitter",
        "like",
        "share",
        "print",
        "email",
        "a+",
        "a-",
        "a",
        "aa",
        "tải về",
        "góp ý",
        "gửi góp ý",
        "theo dõi",
        "bookmark",
    }
)
_SHARE_SPLIT = re.compile(r"\s*[|/•·,;]\s*|\s{2,}")


def _is_share_line(line: str) -> bool:
    folded = _fold(line).strip(" :|")
    if not folded or len(folded) > 80:
        return False
    if folded in _SHARE_WORDS:
        return True
    parts = [p for p in _SHARE_SPLIT.split(folded) if p]
    if len(parts) > 1 and all(p in _SHARE_WORDS for p in parts):
        return True
    # "Chia sẻ  In bài viết  Gửi email" rendered with single spaces: greedy word-level match
    words = folded.split()
    i = 0
    while i < len(words):
        for n in (4, 3, 2, 1):
            if " ".join(words[i : i + n]) in _SHARE_WORDS and (n > 1 or len(words) <= 8):
                i += n
                break
        else:
            return False
    return len(words) > 1


_SENTENCE_END = (".", "!", "?", "…", "”", '"', ";")


def _is_footer_line(line: str) -> bool:
    if len(line) > 160:
        return False
    if _FOOTER_STRICT.match(line):
        return True
    if len(line) <= 80 and _FOOTER_LOOSE.match(line):
        return True
    return bool(_CAPS_PORTAL.match(line)) and line.upper() == line


def strip_trailing_boilerplate(text: str) -> str:
    """Drop footer lines from the end of extracted text, and share-bar lines anywhere.

    Scans upwards from the last line so an address or phone number quoted mid-article survives.
    A boilerplate heading line ("Tin liên quan" ...) followed only by short lines (headlines)
    truncates the text there.  A short non-footer line is tolerated inside the footer block only
    when more footer lines sit right above it (e.g. "Thành phố Hải Phòng" under the portal name),
    so a byline just above the footer ("Thu Phương") is kept.
    """
    lines = [ln.strip() for ln in text.split("\n")]
    lines = [ln for ln in lines if ln and not _is_share_line(ln)]

    # related-news heading leaked as text: cut it and the headline list after it
    for i, ln in enumerate(lines):
        if (
            i > 0
            and _fold(ln).rstrip(":").strip() in _HEADING_SET
            and all(len(rest) <= 200 or _is_footer_line(rest) for rest in lines[i + 1 :])
        ):
            lines = lines[:i]
            break

    end = len(lines)
    while end > 0:
        if _is_footer_line(lines[end - 1]):
            end -= 1
            continue
        # a short unknown line inside the footer block (only once some footer was cut below)
        ln = lines[end - 1]
        if end < len(lines) and len(ln) <= 60 and not ln.endswith(_SENTENCE_END):
            for k in (2, 3):
                idx = end - k
                if (
                    idx >= 0
                    and _is_footer_line(lines[idx])
                    and all(len(w) <= 60 for w in lines[idx + 1 : end])
                ):
                    end = idx + 1  # the footer line itself goes on the next turn
                    break
            else:
                break
            continue
        break
    return "\n".join(lines[:end])
