"""Field HTML for Anki: notes' HTML made inert; images read only from inside the content folder."""

from __future__ import annotations

from pathlib import Path

from hypothesis import assume, given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from quizapp.export.anki_import import field_markdown
from quizapp.export.render import _PLAIN, FieldRenderer, Place, resolve_image


def place(root: Path, note: str = "net/tcp.md") -> Place:
    return Place(str(root), note, note, 3)


def test_a_parent_path_that_stays_inside_the_folder_is_fine(tmp_path):
    (tmp_path / "images").mkdir()
    (tmp_path / "images" / "a.png").write_bytes(b"png")
    assert resolve_image("../images/a.png", place(tmp_path)) == (tmp_path / "images" / "a.png")


def test_paths_out_of_the_folder_are_refused(tmp_path):
    root = tmp_path / "content"
    (root / "net").mkdir(parents=True)
    (tmp_path / "outside.png").write_bytes(b"secret")
    (root / "net" / "in.png").symlink_to(tmp_path / "outside.png")
    for src in ("../../outside.png", str(tmp_path / "outside.png"), "in.png", "file:///etc/passwd"):
        reason = resolve_image(src, place(root))
        assert isinstance(reason, str), src
    assert resolve_image("a.png", Place(None, None, "x.md", 1)) == (
        "the card has no note folder to read images from"
    )


def test_br_and_img_are_rebuilt_and_every_other_tag_is_text(tmp_path):
    (tmp_path / "net").mkdir()
    (tmp_path / "net" / "d 1.png").write_bytes(b"png")
    renderer = FieldRenderer()
    html = renderer.html(
        '줄<br/>바꿈 <img src="d%201.png" alt="그림" onload="x()"> '
        '<a href="javascript:x()">링크</a>\n\n<iframe src=//evil></iframe>',
        place(tmp_path),
    )
    (name,) = renderer.media.files
    assert html == (
        f'<p>줄<br>바꿈 <img src="{name}" alt="그림"> '
        "&lt;a href=&quot;javascript:x()&quot;&gt;링크&lt;/a&gt;</p>\n"
        "<p>&lt;iframe src=//evil&gt;&lt;/iframe&gt;</p>"
    )
    assert name.startswith("d 1-") and name.endswith(".png")


def test_remote_and_inline_images_stay_links(tmp_path):
    html = FieldRenderer().html(
        "![원격](https://example.com/a.png) ![인라인](data:image/png;base64,AAAA)", place(tmp_path)
    )
    assert '<img src="https://example.com/a.png" alt="원격">' in html
    assert '<img src="data:image/png;base64,AAAA" alt="인라인">' in html


def test_anki_field_html_becomes_markdown_that_stays_text():
    markdown = field_markdown(
        "<div><b>굵게</b> 2*3 &lt;stdio.h&gt;</div><div>1. 번호 아님</div><div># 제목 아님</div>"
        '<ul><li>가</li></ul><img src="a b.png"><script>alert(1)</script>{{c1::TCP::힌트}}',
        {"a b.png": "a_b.png"},
    )
    assert markdown == (
        "**굵게** 2\\*3 \\<stdio.h>\n\n1\\. 번호 아님\n\n\\# 제목 아님\n\n- 가\n"
        "![](media/a_b.png){{c1::TCP::힌트}}"
    )


_ALPHABET = "가나 abc19.-+:()?'\n\t*#<"


@settings(max_examples=300, deadline=None)
@given(
    st.one_of(
        # Lines the shortcut takes, built directly: drawn blindly, too few pass the filter.
        st.builds(
            lambda first, rest: (first + rest).rstrip() or first,
            st.sampled_from("가나abc.:()?'"),
            st.text(alphabet=st.sampled_from("가나 abc19.-+:()?'"), max_size=15),
        ),
        st.text(alphabet=st.sampled_from(_ALPHABET), max_size=16),
    )
)
def test_plain_lines_skip_the_parser_only_when_it_would_give_the_same(text):
    """Lines taken as plain render exactly as markdown-it renders them."""
    assume(_PLAIN.match(text))
    full = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    assert FieldRenderer().html(text, Place(None, None, "x.md", 1)) == full.render(text).strip()
