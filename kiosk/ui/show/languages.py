"""The language button and the language chooser: a visitor picks the language they read.

The button sits in the audience window's header (so on every slide and on the kiosk's attract
screen, one touch away) when the content lists more than one language. It opens a
:class:`LanguageChooser` listing the content's languages, each in its own name and script;
choosing one calls :meth:`Show.set_language`, which every view watches. The chooser also
sets the window's layout direction, so a right-to-left language mirrors the whole layout.
"""

from __future__ import annotations

from PySide6.QtCore import QLocale, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QWidget

from kiosk.content.languages import language_name
from kiosk.ui.show.state import Show
from kiosk.ui.style import Style
from kiosk.ui.widgets.buttons import LabelButton
from kiosk.ui.widgets.layer import Card


def direction_of(show: Show) -> Qt.LayoutDirection:
    """The layout direction of the show's current language."""
    if show.right_to_left:
        return Qt.LayoutDirection.RightToLeft
    return Qt.LayoutDirection.LeftToRight


def show_language_on(widget: QWidget, show: Show) -> None:
    """Lay ``widget`` out in the direction of the show's language and give it that language's
    locale, which its children (slide views, buttons, labels) inherit. The default locale
    follows too: Qt's AT-SPI bridge reports it as the application's locale and each
    element's (it has no per-element locale; README, "Screen readers and keyboard")."""
    locale = QLocale(show.language)
    QLocale.setDefault(locale)
    widget.setLocale(locale)
    widget.setLayoutDirection(direction_of(show))


class LanguageChooser(Card):
    """The content's languages, each a button in its own name; the current one filled."""

    chosen = Signal(str)
    """The language code a visitor touched."""

    modal = True

    def __init__(self, host: QWidget, style: Style, show: Show) -> None:
        super().__init__(host, style)
        self.setObjectName("language-chooser")
        self.show_state = show
        self.title_label = QLabel()
        self.title_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.card_layout.addWidget(self.title_label)
        self.entries: dict[str, LabelButton] = {}

    def open(self) -> None:
        self._fill()
        super().open()

    def _fill(self) -> None:
        """One button per language, in the content's order."""
        for entry in self.entries.values():
            self.card_layout.removeWidget(entry)
            entry.deleteLater()
        self.entries = {}
        show = self.show_state
        self.title_label.setText(self.style_.label("choose_language"))
        for code in show.languages:
            name = language_name(show.content, code)
            entry = LabelButton("", name, name)
            entry.setObjectName(f"language-{code}")
            entry.setLocale(QLocale(code))  # each name in its own language
            entry.primary = code == show.language
            # Each name is laid out in its own direction, whatever the window's.
            entry.setLayoutDirection(
                Qt.LayoutDirection.RightToLeft
                if show.content.direction(code) == "rtl"
                else Qt.LayoutDirection.LeftToRight
            )
            entry.clicked.connect(lambda _=False, chosen=code: self._choose(chosen))
            self.entries[code] = entry
            self.card_layout.addWidget(entry, 0, Qt.AlignmentFlag.AlignHCenter)

    def _choose(self, code: str) -> None:
        self.close_layer()
        self.chosen.emit(code)

    def apply_style(self) -> None:
        style = self.style_
        self.title_label.setStyleSheet(f"font-size: {self.px(40)}px; font-weight: bold;")
        for entry in self.entries.values():
            entry.background = style.colour("accent")
            entry.foreground = style.colour("accent_text")
            entry.surface = style.colour("surface")
            entry.set_side(max(self.px(80), style.min_target_px()))
        widest = max((entry.width() for entry in self.entries.values()), default=0)
        for entry in self.entries.values():
            entry.setFixedWidth(widest)  # one column of equal buttons
        super().apply_style()

    def handle_key(self, event: QKeyEvent) -> bool:
        if event.key() in (Qt.Key.Key_Escape, Qt.Key.Key_Back):
            self.close_layer()
        return True  # swallowed: a stray clicker key must not move the show meanwhile


class LanguageControl(QObject):
    """The header's language button and its chooser, for ``host`` showing ``show``."""

    def __init__(self, show: Show, host: QWidget, style: Style, row: QHBoxLayout) -> None:
        super().__init__(host)
        self.show_state, self.host, self.style_ = show, host, style
        self.button = LabelButton("language", "")
        self.button.setObjectName("language-button")
        row.addWidget(self.button)
        self.chooser = LanguageChooser(host, style, show)
        self.button.clicked.connect(self.chooser.open)
        self.chooser.chosen.connect(show.set_language)

    def refresh(self) -> None:
        """Words and direction for the show's language; hidden for single-language content."""
        show, style = self.show_state, self.style_
        show_language_on(self.host, show)
        self.button.setVisible(len(show.languages) > 1)
        self.button.set_symbol("language", style.label("language"))
        self.button.set_text(language_name(show.content, show.language))
        self.close()

    def close(self) -> None:
        """Close the chooser (a new language, new content, the kiosk's idle reset)."""
        self.chooser.close_layer()
