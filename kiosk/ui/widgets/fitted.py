"""Text that fits its box: the font shrinks until the whole text shows."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QFont, QFontMetricsF
from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget


class FittedLabel(QLabel):
    """A word-wrapped label whose font shrinks until the whole text fits its rectangle.

    The layout decides the rectangle (size policy Ignored, stretch factors); the label picks
    the largest pixel size from ``max_pixels`` down to ``min_pixels`` at which the text fits,
    so text scales with the window and never clips. ``max_pixels`` is in device-independent
    pixels for the current window scale; call :meth:`set_max_pixels` on resize.
    """

    def __init__(
        self,
        text: str = "",
        parent: QWidget | None = None,
        *,
        bold: bool = False,
        max_pixels: int = 40,
        min_pixels: int = 10,
    ) -> None:
        super().__init__(text, parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.setAlignment(Qt.AlignmentFlag.AlignLeading | Qt.AlignmentFlag.AlignTop)
        self._bold = bold
        self._max_pixels = max_pixels
        self._min_pixels = min_pixels
        self._fitted_for: tuple[int, int, int, str] | None = None

    def set_max_pixels(self, max_pixels: int) -> None:
        """Largest font size to use, in pixels."""
        self._max_pixels = max(self._min_pixels, max_pixels)
        self._fitted_for = None
        self._fit()

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fitted_for = None
        self._fit()

    def resizeEvent(self, event: object) -> None:
        super().resizeEvent(event)  # type: ignore[arg-type]
        self._fit()

    def fits(self, pixels: int) -> bool:
        """Whether the text fits the current rectangle at ``pixels`` font size."""
        font = QFont(self.font())
        font.setPixelSize(pixels)
        font.setBold(self._bold)
        metrics = QFontMetricsF(font)
        area = QRectF(self.contentsRect())
        flags = int(Qt.TextFlag.TextWordWrap | self.alignment())
        needed = metrics.boundingRect(area, flags, self.text())
        return needed.height() <= area.height() + 0.5 and needed.width() <= area.width() + 0.5

    def _fit(self) -> None:
        rect = self.contentsRect()
        key = (rect.width(), rect.height(), self._max_pixels, self.text())
        if key == self._fitted_for or rect.width() <= 0 or rect.height() <= 0:
            return
        self._fitted_for = key
        low, high = self._min_pixels, self._max_pixels
        if self.fits(high):  # most texts fit at the largest size: one measurement, not seven
            low = high
        while low < high:  # binary search for the largest size that fits
            middle = (low + high + 1) // 2
            if self.fits(middle):
                low = middle
            else:
                high = middle - 1
        font = QFont(self.font())
        font.setPixelSize(low)
        font.setBold(self._bold)
        self.setFont(font)

    def pixel_size(self) -> int:
        """The font size chosen, in pixels."""
        return self.font().pixelSize()
