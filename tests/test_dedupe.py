"""Dedupe: shingles/signatures, near-duplicate clustering and story assignment."""

from __future__ import annotations

import numpy as np

from pipelines.dedupe import (
    NearDuplicateIndex,
    assign_stories,
    canonical_copy,
    cluster_near_duplicates,
    jaccard,
    jaccard_estimate,
    normalise_words,
    shingles,
    signature,
    signature_from_bytes,
    signature_to_bytes,
)

# --------------------------------------------------------------------------- texts

INTRO = (
    "Chiều ngày 12/10/2023, Ban Tuyên giáo Thành ủy tổ chức Hội nghị báo cáo viên tháng 10/2023 "
    "theo hình thức trực tiếp kết hợp trực tuyến tới các điểm cầu trong toàn thành phố."
)
CLOSING = (
    "Hội nghị là dịp để đội ngũ báo cáo viên, tuyên truyền viên nắm bắt kịp thời tình hình, "
    "định hướng công tác tuyên truyền trong thời gian tới. Tham dự hội nghị có các đồng chí "
    "lãnh đạo Ban Tuyên giáo, báo cáo viên cấp thành phố và cấp huyện."
)
STORY_A = [
    INTRO,
    "Tại hội nghị, đồng chí Nguyễn Văn Hùng, Phó Trưởng Ban Tuyên giáo Thành ủy thông tin về "
    "tình hình kinh tế xã hội chín tháng đầu năm, kết quả thực hiện Nghị quyết số 45-NQ/TW về "
    "xây dựng và phát huy vai trò của đội ngũ trí thức trong giai đoạn mới.",
    "Báo cáo viên Trần Thị Mai trình bày chuyên đề về công tác phòng, chống tham nhũng, tiêu "
    "cực, nhấn mạnh việc kiểm soát quyền lực trong công tác cán bộ và trách nhiệm người đứng đầu "
    "cơ quan, đơn vị trong việc tiếp nhận, xử lý phản ánh của người dân.",
    "Các đại biểu cũng được nghe thông tin về tình hình thời sự quốc tế nổi bật, quan hệ hợp tác "
    "giữa Việt Nam với các đối tác chiến lược và những vấn đề dư luận quan tâm trong tháng.",
    "Hội nghị đề nghị các cấp ủy tiếp tục quán triệt Chỉ thị số 05-CT/TW về đẩy mạnh học tập và "
    "làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh gắn với nhiệm vụ chính trị của địa phương.",
    CLOSING,
]
STORY_B = [
    INTRO.replace("12/10/2023", "14/11/2023").replace("10/2023", "11/2023"),
    "Phát biểu khai mạc, đồng chí Lê Quang Minh, Trưởng Ban Tuyên giáo Thành ủy quán triệt "
    "những điểm mới của Luật Đất đai năm 2024 và các văn bản hướng dẫn thi hành, đề nghị các "
    "địa phương chủ động rà soát quy hoạch sử dụng đất.",
    "Đồng chí Phạm Thu Hà, Chánh Văn phòng Sở Tư pháp giới thiệu kết quả công tác phổ biến, giáo "
    "dục pháp luật cho đồng bào dân tộc thiểu số và miền núi, mô hình câu lạc bộ pháp luật "
    "tại cơ sở.",
    "Hội nghị dành thời gian thảo luận về giải pháp nâng cao chất lượng hòa giải ở cơ sở, xây "
    "dựng xã, phường đạt chuẩn tiếp cận pháp luật trong năm tới.",
    CLOSING,
]


def body(paragraphs: list[str]) -> str:
    return "\n".join(paragraphs)


def republished(paragraphs: list[str]) -> list[str]:
    """Another site's copy: one paragraph lightly edited (a clause swapped, a sentence added)."""
    out = list(paragraphs)
    out[2] = out[2].replace(
        "nhấn mạnh việc kiểm soát quyền lực trong công tác cán bộ",
        "làm rõ yêu cầu kiểm soát chặt chẽ quyền lực trong công tác cán bộ",
    )
    out[3] += " Các ý kiến phát biểu đều thống nhất với nội dung báo cáo."
    return out


def test_normalise_words() -> None:
    assert normalise_words("ÐẢNG ủy, (Khối) – 2023!") == ["đảng", "ủy", "khối", "2023"]
    # NFD, case, punctuation and spacing do not change the compared words; words do.
    import unicodedata

    text = body(STORY_A)
    variant = unicodedata.normalize("NFD", text.upper()).replace(",", " ,  ")
    assert normalise_words(variant) == normalise_words(text)
    assert normalise_words(body(republished(STORY_A))) != normalise_words(text)


def test_shingles() -> None:
    assert shingles("một hai ba bốn năm sáu", k=5) == {
        "một hai ba bốn năm".encode(),
        "hai ba bốn năm sáu".encode(),
    }
    assert shingles("Một, hai!", k=5) == {"một hai".encode()}
    assert shingles(" ... ", k=5) == set()


def test_signature_is_stable_and_serialisable() -> None:
    sig = signature(body(STORY_A))
    assert sig.dtype == np.uint64 and sig.shape == (128,)
    assert np.array_equal(sig, signature(body(STORY_A)))
    assert np.array_equal(signature_from_bytes(signature_to_bytes(sig)), sig)
    assert len(signature_to_bytes(sig)) == 128 * 8


def test_signature_stable_across_processes() -> None:
    """No use of Python's salted `hash()`: a fresh interpreter computes the same signature."""
    import subprocess
    import sys

    code = (
        "import sys; from pipelines.dedupe import signature, signature_to_bytes; "
        "sys.stdout.write(signature_to_bytes(signature(sys.stdin.read())).hex())"
    )
    text = body(STORY_A)
    out = subprocess.run(
        [sys.executable, "-c", code], input=text, capture_output=True, text=True, check=True
    ).stdout
    assert out == signature_to_bytes(signature(text)).hex()


def test_estimate_tracks_exact_jaccard() -> None:
    a, b = body(STORY_A), body(republished(STORY_A))
    exact = jaccard(shingles(a), shingles(b))
    assert 0.8 <= exact <= 0.9
    assert abs(jaccard_estimate(signature(a), signature(b)) - exact) < 0.12
    empty = signature("")
    assert jaccard_estimate(empty, empty) == 0.0  # two empty bodies are not one story


# --------------------------------------------------------------------------- stories


def sigs(**bodies: str) -> list[tuple[str, np.ndarray]]:
    return [(key, signature(text)) for key, text in bodies.items()]


def test_identical_bodies_same_story() -> None:
    clusters = cluster_near_duplicates(sigs(x=body(STORY_A), y=body(STORY_A)))
    assert clusters == {"x": "x", "y": "x"}


def test_republished_copy_same_story() -> None:
    """Different title (not part of the body), one edited paragraph, one added sentence."""
    clusters = cluster_near_duplicates(
        sigs(orig=body(STORY_A), copy=body(republished(STORY_A)), other=body(STORY_B))
    )
    assert clusters["copy"] == clusters["orig"] == "copy"  # root: the smallest key
    assert clusters["other"] == "other"


def test_same_topic_shared_boilerplate_different_stories() -> None:
    a, b = body(STORY_A), body(STORY_B)
    assert 0.1 < jaccard(shingles(a), shingles(b)) < 0.5  # they do share phrases
    index = NearDuplicateIndex()
    index.add("a", signature(a))
    assert index.query(signature(b)) == []
    assert cluster_near_duplicates(sigs(a=a, b=b)) == {"a": "a", "b": "b"}


def test_assignment_stable_across_calls() -> None:
    first = assign_stories(sigs(k1=body(STORY_A), k2=body(STORY_B)), existing=[])
    assert first.assignment == {"k1": "k1", "k2": "k2"}
    assert first.merged == {}
    existing = [(k, first.assignment[k], s) for k, s in sigs(k1=body(STORY_A), k2=body(STORY_B))]
    # a later run: a copy of story A arrives under a key smaller than the story's id
    second = assign_stories(sigs(a0=body(republished(STORY_A))), existing=existing)
    assert second.assignment == {"a0": "k1"}  # the existing id is kept, not "a0"
    assert second.merged == {}
    best, score = second.scores["a0"]
    assert best == "k1" and score >= 0.73
    # re-running with the same input gives the same answer
    assert assign_stories(sigs(a0=body(republished(STORY_A))), existing=existing) == second


def test_new_cluster_gets_id_function() -> None:
    result = assign_stories(
        sigs(n2=body(STORY_A), n1=body(republished(STORY_A))),
        existing=[],
        new_story_id=lambda keys: "story:" + keys[0],
    )
    assert result.assignment == {"n1": "story:n1", "n2": "story:n1"}


def test_bridging_copy_merges_stories_and_reports_it() -> None:
    """Two existing stories hold two overlapping halves of one article; the full text links them."""
    left, right, full = body(STORY_A[:4]), body(STORY_A[2:]), body(STORY_A)
    assert jaccard(shingles(left), shingles(right)) < 0.4  # not one story on their own
    assert jaccard(shingles(full), shingles(left)) > 0.6 < jaccard(shingles(full), shingles(right))
    existing = [("u1", "s-0001", signature(left)), ("u2", "s-0002", signature(right))]
    result = assign_stories(sigs(u3=full), existing=existing, threshold=0.6)
    assert result.assignment == {"u3": "s-0001"}  # the older (smaller) id survives
    assert result.merged == {"s-0002": "s-0001"}
    # ids that do not sort by age: the caller says which story is older
    age = {"s-0001": 2, "s-0002": 1}
    result = assign_stories(sigs(u3=full), existing, threshold=0.6, story_order=age.__getitem__)
    assert result.assignment == {"u3": "s-0002"}
    assert result.merged == {"s-0001": "s-0002"}


def test_can_merge_vetoes_pairs() -> None:
    clusters = cluster_near_duplicates(
        sigs(x=body(STORY_A), y=body(STORY_A)), can_merge=lambda a, b: False
    )
    assert clusters == {"x": "x", "y": "y"}


def test_canonical_copy_earliest_then_source_priority() -> None:
    from datetime import date, datetime, timedelta, timezone

    vn = timezone(timedelta(hours=7))
    t0 = datetime(2023, 10, 12, 15, 0, tzinfo=vn)
    assert canonical_copy([("b", t0 + timedelta(hours=3), 0), ("a", t0, 2)]) == "a"
    assert canonical_copy([("b", t0, 2), ("a", t0, 1)]) == "a"  # tie: source priority
    assert canonical_copy([("b", None, 0), ("a", date(2023, 10, 13), 5)]) == "a"  # dated wins


# --------------------------------------------------------------------------- demo corpus


def test_demo_corpus_clusters_equal_story_partition() -> None:
    """Both directions on the demo corpus: every republished pair is merged, nothing else is."""
    from vnarchive.demo_sites.corpus import generate_corpus

    articles = generate_corpus(300).articles
    keys = [f"{a.site}{a.path}" for a in articles]
    clusters = cluster_near_duplicates(
        (key, signature(a.body_text)) for key, a in zip(keys, articles, strict=True)
    )

    def partition(labels: dict[str, object]) -> set[frozenset[str]]:
        groups: dict[object, set[str]] = {}
        for key, label in labels.items():
            groups.setdefault(label, set()).add(key)
        return {frozenset(g) for g in groups.values()}

    truth = partition({key: a.story_id for key, a in zip(keys, articles, strict=True)})
    got = partition(clusters)
    assert sum(len(g) > 1 for g in truth) >= 20  # the corpus does republish stories
    assert got == truth


def test_a_stored_page_extracted_again_beside_a_new_page_is_planned_once() -> None:
    """A changed page already stored (its story known by URL) and a new page in one batch: the
    stored page is indexed once, with its new text (a KeyError 'duplicate key' before)."""
    from datetime import date

    from flows.dedupe import CopyInfo, plan_stories
    from pipelines.dedupe import signature

    def copy(url: str, text: str, article_id: str | None = None) -> CopyInfo:
        return CopyInfo(
            url=url,
            source_id="s",
            published_at=None,
            published_on=date(2024, 5, 1),
            content_hash=url + text,
            signature=signature(text),
            article_id=article_id,
        )

    old = "Hội nghị báo cáo viên tháng 5 năm 2024 đã diễn ra tại Hà Nội với nhiều đại biểu"
    changed = old + " và được truyền hình trực tiếp đến các điểm cầu trong cả nước"
    fresh = "Tỉnh ủy tổ chức hội nghị tổng kết công tác tuyên giáo năm 2023 tại hội trường lớn"
    plan = plan_stories(
        [copy("https://a.vn/1", changed), copy("https://a.vn/2", fresh)],
        [copy("https://a.vn/1", old, article_id="story-1")],
        {"s": 30},
    )
    assert plan.story_of["https://a.vn/1"] == "story-1"
    assert plan.story_of["https://a.vn/2"] != "story-1"
    assert plan.new_stories == {plan.story_of["https://a.vn/2"]}


def test_an_identical_body_months_apart_is_planned_alike_stored_or_in_the_batch() -> None:
    """A recurring template (the same body published months apart) is two stories whether its
    first copy is in the same batch or already stored: the exact-hash join honours the time veto
    the near-duplicate join applies (a chunked run stores its batch in several loads)."""
    from datetime import date

    from flows.dedupe import CopyInfo, plan_stories, story_id_for
    from pipelines.dedupe import signature

    text = "Thông báo lịch tiếp công dân định kỳ của Ủy ban nhân dân tỉnh tại trụ sở tiếp dân " * 3

    def copy(url: str, on: date, article_id: str | None = None) -> CopyInfo:
        return CopyInfo(
            url=url,
            source_id="s",
            published_at=None,
            published_on=on,
            content_hash="same body",
            signature=signature(text),
            article_id=article_id,
        )

    january, october = date(2024, 1, 10), date(2024, 10, 10)
    one_batch = plan_stories(
        [copy("https://a.vn/1", january), copy("https://a.vn/2", october)], [], {}
    )
    assert one_batch.story_of["https://a.vn/1"] != one_batch.story_of["https://a.vn/2"]
    stored = copy("https://a.vn/1", january, article_id=story_id_for("https://a.vn/1"))
    later = plan_stories([copy("https://a.vn/2", october)], [stored], {})
    assert later.story_of["https://a.vn/2"] == one_batch.story_of["https://a.vn/2"]
    # Close in time, the stored twin's story is joined, as before.
    near = plan_stories([copy("https://a.vn/3", date(2024, 1, 20))], [stored], {})
    assert near.story_of["https://a.vn/3"] == stored.article_id
