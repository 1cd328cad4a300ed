"""A strip of a note's or card's images, drawn with textual-image (Kitty or Sixel graphics
where the terminal has them, half-blocks otherwise), each with its alt text."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.containers import HorizontalScroll, Vertical
from textual.widget import Widget
from textual.widgets import Static

from quizapp.i18n import tr

if TYPE_CHECKING:
    from quizapp.deck.images import NoteImage

REASONS = {
    "web images are not downloaded": (
        "웹 이미지는 내려받지 않습니다",
        "web images are not downloaded",
    ),
    "outside the imported folders": ("가져온 폴더 밖의 파일", "outside the imported folders"),
    "not an image file": ("이미지 파일이 아님", "not an image file"),
    "file not found": ("파일이 없음", "file not found"),
    "too large to show": ("너무 커서 보여 주지 않음", "too large to show"),
    "no file named": ("파일 이름이 없음", "no file named"),
}


def _reason(problem: str) -> str:
    korean, english = REASONS.get(problem, (problem, problem))
    return tr(korean, english)


def image_widget() -> type[Widget]:
    """Kitty or Sixel graphics when the terminal said it has them (asked before the app
    started), else coloured half-blocks: clearer than textual-image's own text fallback."""
    from textual_image import renderable
    from textual_image.renderable import sixel, tgp
    from textual_image.widget import HalfcellImage, Image

    return Image if renderable.Image in (tgp.Image, sixel.Image) else HalfcellImage


class ImageStrip(HorizontalScroll):
    """Images side by side; hidden when there are none (styles in `app.tcss`)."""

    async def show(self, images: list[NoteImage]) -> None:
        if not images and not self.children:
            self.display = False
            return  # most cards have no images: nothing to take down or build
        Image = image_widget()
        await self.remove_children()
        self.display = bool(images)
        figures = []
        for image in images:
            caption = image.alt or image.src
            if image.path is None:
                why = _reason(image.problem or "")
                text = f"🖼 {caption} — {tr('보여 주지 않음', 'not shown')}: {why}"
                figures.append(
                    Vertical(Static(text, classes="caption", markup=False), classes="figure")
                )
            else:
                figures.append(
                    Vertical(
                        Image(image.path),
                        Static(caption, classes="caption", markup=False),
                        classes="figure",
                    )
                )
        await self.mount_all(figures)
