"""HTML → Markdown for answers: html-to-markdown (our choice) against markdownify.

Prints microseconds per fragment over fragments like those interview notes hold. markdownify
is not a dependency: install it into the venv to compare (`pip install markdownify`).

    python bench/html_convert.py [--rounds 2000]
"""

from __future__ import annotations

import argparse
import time

import html_to_markdown

FRAGMENTS = [
    "<details><summary>Q</summary></br><p>TCP는 <b>연결형</b> 프로토콜이다.</p>"
    "<ul><li>순서 보장</li><li>재전송</li></ul></details>",
    "<p>답: <code>SELECT 1</code><br>두 번째 줄</p>"
    "<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>",
    '<div align="right"><a href="#top">↥ back to top</a></div>',
    '<p onclick="x()">It <del>caches</del> flushes data. <script>alert(1)</script></p>',
]


def per_fragment(convert, rounds: int) -> float:
    start = time.perf_counter()
    for _ in range(rounds):
        for fragment in FRAGMENTS:
            convert(fragment)
    return (time.perf_counter() - start) / rounds / len(FRAGMENTS) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2000)
    rounds = parser.parse_args().rounds
    ours = per_fragment(lambda html: html_to_markdown.convert(html).content, rounds)
    print(f"html-to-markdown: {ours:.1f} µs per fragment")
    try:
        import markdownify  # type: ignore[import-untyped]
    except ImportError:
        print("markdownify: not installed (pip install markdownify to compare)")
    else:
        theirs = per_fragment(markdownify.markdownify, rounds)
        print(f"markdownify:      {theirs:.1f} µs per fragment ({theirs / ours:.0f}× slower)")


if __name__ == "__main__":
    main()
