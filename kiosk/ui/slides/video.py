"""The video slide: poster until play, controls, captions drawn from WebVTT cues."""

from __future__ import annotations

import logging

from PySide6.QtCore import Qt, QTimer, Slot
from PySide6.QtMultimediaWidgets import QVideoWidget
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QSizePolicy,
    QSlider,
    QStackedWidget,
    QWidget,
)

from kiosk.content import VideoSlide
from kiosk.content.vtt import CueTrack, VttError, parse_vtt
from kiosk.ui.app import release_free_memory
from kiosk.ui.slides.base import SlideView
from kiosk.ui.slides.player import PlayState, VideoPlayer
from kiosk.ui.style import BLACK, MIN_TOUCH, WHITE, Style
from kiosk.ui.widgets.buttons import RoundButton
from kiosk.ui.widgets.fitted import FittedLabel
from kiosk.ui.widgets.pictures import SvgView

log = logging.getLogger(__name__)


def format_time(milliseconds: int) -> str:
    """``m:ss`` (or ``h:mm:ss``) for a time in milliseconds."""
    seconds = max(0, milliseconds) // 1000
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{seconds:02}" if hours else f"{minutes}:{seconds:02}"


class PosterPage(QWidget):
    """The poster picture with a large play button in its centre; a tap anywhere plays."""

    def __init__(self, picture: SvgView, play: RoundButton, parent: QWidget | None = None):
        super().__init__(parent)
        self.picture = picture
        self.play_button = play
        picture.setParent(self)
        play.setParent(self)

    def resizeEvent(self, event: object) -> None:
        self.picture.setGeometry(self.rect())
        button = self.play_button
        button.move((self.width() - button.width()) // 2, (self.height() - button.height()) // 2)

    def mouseReleaseEvent(self, event: object) -> None:
        self.play_button.click()


class AspectFrame(QWidget):
    """Keeps its one child at a fixed aspect ratio, centred, as large as fits."""

    def __init__(self, child: QWidget, ratio: float = 16 / 9, parent: QWidget | None = None):
        super().__init__(parent)
        self.child = child
        self.ratio = ratio
        child.setParent(self)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)

    def resizeEvent(self, event: object) -> None:
        width = min(self.width(), round(self.height() * self.ratio))
        height = min(self.height(), round(width / self.ratio))
        self.child.setGeometry(
            (self.width() - width) // 2, (self.height() - height) // 2, width, height
        )


class VideoSlideView(SlideView):
    """Plays the slide's video from the bundled file through :class:`VideoPlayer`.

    Leaving the slide pauses and rewinds. A missing or broken file shows a calm message;
    captions are on by default and drawn in a strip under the picture.
    """

    slide: VideoSlide

    def __init__(self, slide: VideoSlide, style: Style, parent: QWidget | None = None) -> None:
        super().__init__(slide, style, parent)
        self.player = VideoPlayer(self)
        self.cues = self._load_cues()
        self.captions_on = self.cues is not None
        self._seeking = False
        self.description_label = FittedLabel(style.text(slide.description))
        self.description_label.setVisible(slide.description is not None)
        self._build_stage()
        self._build_controls()
        self.body_layout.addWidget(self.description_label, 1)
        self.stage_frame = AspectFrame(self.stage)
        self.body_layout.addWidget(self.stage_frame, 9)
        self.body_layout.addWidget(self.caption_label, 1)
        self.body_layout.addWidget(self.controls, 0)
        self.caption_label.setVisible(self.captions_on)
        self._connect()

    def _build_stage(self) -> None:
        """The poster, the video picture and the "cannot play" message, one at a time."""
        slide, style = self.slide, self.style_
        poster_text = style.text(slide.description) or style.text(slide.title)
        poster = (
            SvgView(slide.poster, poster_text)
            if slide.poster
            else SvgView(slide.file.with_suffix(".missing"), poster_text)
        )
        self.big_play = RoundButton("play", style.label("play"))
        self.poster_page = PosterPage(poster, self.big_play)
        self.video_widget = QVideoWidget()
        self.video_widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.video_widget.setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
        self.message_label = FittedLabel(style.label("video_unavailable"))
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message_label.setObjectName("video-message")
        self.stage = QStackedWidget()
        self.stage.setObjectName("stage")
        self.stage.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.stage.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        for page in (self.poster_page, self.video_widget, self.message_label):
            self.stage.addWidget(page)

        self.caption_label = FittedLabel("")
        self.caption_label.setObjectName("captions")
        self.caption_label.setAlignment(Qt.AlignmentFlag.AlignCenter)

    def _build_controls(self) -> None:
        """Play, the seek bar, the time, mute and captions."""
        style = self.style_
        self.play_button = RoundButton("play", style.label("play"))
        self.seek_slider = QSlider(Qt.Orientation.Horizontal)
        self.seek_slider.setAccessibleName(style.label("seek"))
        self.seek_slider.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.seek_slider.setRange(0, 0)
        self.time_label = QLabel(f"{format_time(0)} / {format_time(0)}")
        self.time_label.setObjectName("time")
        self.mute_button = RoundButton("mute", style.label("mute"))
        self.captions_button = RoundButton("captions", style.label("captions"))
        self.captions_button.setCheckable(True)
        self.captions_button.setChecked(self.captions_on)
        self.captions_button.setVisible(self.cues is not None)
        self.controls = QWidget()
        self.controls_row = row = QHBoxLayout(self.controls)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.play_button)
        row.addWidget(self.seek_slider, 1)
        row.addWidget(self.time_label)
        row.addWidget(self.mute_button)
        row.addWidget(self.captions_button)

    def _connect(self) -> None:
        self.big_play.clicked.connect(self.play)
        self.play_button.clicked.connect(self.toggle)
        self.mute_button.clicked.connect(self.toggle_mute)
        self.captions_button.clicked.connect(self.toggle_captions)
        self.seek_slider.sliderPressed.connect(self._on_slider_pressed)
        self.seek_slider.sliderReleased.connect(self._on_slider_released)
        self.seek_slider.sliderMoved.connect(self._on_slider_moved)
        self.seek_slider.actionTriggered.connect(self._on_slider_action)
        self.player.position_changed.connect(self._on_position)
        self.player.duration_changed.connect(self._on_duration)
        self.player.state_changed.connect(self._on_state)
        self.player.failed.connect(self._on_failed)
        self.player.muted_changed.connect(self._on_muted)
        self.player.play_requested.connect(self._show_picture)

    # --- behaviour ----------------------------------------------------------------------
    def _load_cues(self) -> CueTrack | None:
        path = self.slide.captions
        if path is None:
            return None
        try:
            return CueTrack(parse_vtt(path.read_text(encoding="utf-8")))
        except (OSError, UnicodeDecodeError, VttError) as exc:
            log.warning("captions %s unusable: %s", path, exc)
            return None

    @property
    def media(self) -> VideoPlayer:
        return self.player

    def _ensure_loaded(self) -> None:
        if self.player.source is None:
            self.player.set_video_output(self.video_widget)
            self.player.load(self.slide.file)

    def enter(self) -> None:
        if not self.style_.preview:
            self._ensure_loaded()
            if self.slide.autoplay:
                self.play()

    def leave(self) -> None:
        """Stop, rewind and close the file: the decoder's memory (about 20 MiB) is given
        back, and opening it again on the next visit takes a few tens of milliseconds."""
        if self.player.source is not None:
            # Once the decoder's threads have ended, hand what they freed back to the system.
            QTimer.singleShot(1000, release_free_memory)
        self.player.unload()
        self.stage.setCurrentWidget(self.poster_page)
        self.controls.setEnabled(True)
        self.seek_slider.setValue(0)
        self.caption_label.setText("")

    def release(self) -> None:
        self.player.unload()

    def reset(self) -> None:
        """Stop and rewind, sound on, captions on: as the next visitor should find it."""
        self.leave()
        self.player.set_muted(False)
        self.set_captions(True)

    @Slot()
    def play(self) -> None:
        """Start (or restart after the end) playback."""
        self._ensure_loaded()
        self.player.play()  # the picture shows on play_requested

    @Slot()
    def restart(self) -> None:
        """Play from the start (the presenter's R key)."""
        self._ensure_loaded()
        self.player.seek(0)
        self.play()

    @Slot()
    def toggle(self) -> None:
        """Play or pause."""
        if self.player.state is PlayState.PLAYING:
            self.player.pause()
        else:
            self.play()

    @Slot()
    def toggle_mute(self) -> None:
        self.player.set_muted(not self.player.muted)

    @Slot()
    def _show_picture(self) -> None:
        self.stage.setCurrentWidget(self.video_widget)

    @Slot(bool)
    def _on_muted(self, muted: bool) -> None:
        self.mute_button.set_symbol(
            "unmute" if muted else "mute", self.style_.label("unmute" if muted else "mute")
        )

    @Slot()
    def toggle_captions(self) -> None:
        self.set_captions(not self.captions_on)

    def set_captions(self, on: bool) -> None:
        """Show or hide the caption strip."""
        self.captions_on = on and self.cues is not None
        self.captions_button.setChecked(self.captions_on)
        self.captions_button.set_symbol(
            "captions" if self.captions_on else "captions-off", self.style_.label("captions")
        )
        self.caption_label.setVisible(self.captions_on)
        self._show_caption(self.player.position)

    def _show_caption(self, position: int) -> None:
        text = self.cues.text_at(position) if self.cues and self.captions_on else ""
        if text != self.caption_label.text():
            self.caption_label.setText(text)

    @Slot(int)
    def _on_position(self, position: int) -> None:
        if not self._seeking:
            self.seek_slider.setValue(position)
        self.time_label.setText(f"{format_time(position)} / {format_time(self.player.duration)}")
        self._show_caption(position)

    @Slot(int)
    def _on_duration(self, duration: int) -> None:
        self.seek_slider.setRange(0, duration)
        self.seek_slider.setPageStep(max(1000, duration // 10))
        self.time_label.setText(f"{format_time(self.player.position)} / {format_time(duration)}")

    @Slot(object)
    def _on_state(self, state: PlayState) -> None:
        # The stage follows the player, whoever plays it (a button, a key, the kiosk).
        if state is PlayState.STOPPED:
            self.stage.setCurrentWidget(self.poster_page)
        elif state is not PlayState.FAILED:
            self.stage.setCurrentWidget(self.video_widget)
        style = self.style_
        if state is PlayState.PLAYING:
            self.play_button.set_symbol("pause", style.label("pause"))
        elif state is PlayState.ENDED:
            self.play_button.set_symbol("replay", style.label("replay"))
        else:
            self.play_button.set_symbol("play", style.label("play"))

    @Slot(str)
    def _on_failed(self, detail: str) -> None:
        self.stage.setCurrentWidget(self.message_label)
        self.controls.setEnabled(False)
        self.caption_label.setText("")

    @Slot()
    def _on_slider_pressed(self) -> None:
        self._seeking = True

    @Slot()
    def _on_slider_released(self) -> None:
        self._seeking = False
        self.player.seek(self.seek_slider.value())

    @Slot(int)
    def _on_slider_moved(self, value: int) -> None:
        self.time_label.setText(f"{format_time(value)} / {format_time(self.player.duration)}")

    @Slot(int)
    def _on_slider_action(self, action: int) -> None:
        # A tap on the groove pages the slider; send that jump to the player too.
        if not self._seeking and action in (
            QSlider.SliderAction.SliderPageStepAdd.value,
            QSlider.SliderAction.SliderPageStepSub.value,
        ):
            self.player.seek(self.seek_slider.sliderPosition())

    # --- looks --------------------------------------------------------------------------
    def apply_style(self) -> None:
        super().apply_style()
        style = self.style_
        self.outer.setStretch(0, 1)
        self.body_layout.setSpacing(style.px(12))
        button = max(style.px(72), MIN_TOUCH)
        for control in (self.play_button, self.mute_button, self.captions_button):
            control.set_side(button)
            control.background = style.colour("accent")
            control.foreground = style.colour("accent_text")
        self.big_play.set_side(style.px(150))
        self.big_play.background = style.colour("accent")
        self.big_play.foreground = style.colour("accent_text")
        self.controls.setFixedHeight(button + style.px(8))
        self.controls_row.setSpacing(style.px(20))
        self.description_label.set_max_pixels(style.px(32))
        self.description_label.setStyleSheet(f"color: {style.colour('muted_text').name()};")
        self.caption_label.set_max_pixels(style.px(38))
        self.caption_label.setStyleSheet(f"color: {style.colour('text').name()};")
        self.stage.setStyleSheet(f"#stage {{ background: {BLACK}; }}")
        self.message_label.set_max_pixels(style.px(44))
        self.message_label.setStyleSheet(f"color: {WHITE};")  # on the black stage
        self.time_label.setStyleSheet(
            f"color: {style.colour('text').name()}; font-size: {style.px(30)}px;"
        )
        groove, handle = style.px(12), style.px(44)
        self.seek_slider.setMinimumHeight(button)
        self.seek_slider.setStyleSheet(
            f"QSlider::groove:horizontal {{ height: {groove}px; border-radius: {groove // 2}px;"
            f" background: {style.colour('surface').name()};"
            f" border: 1px solid {style.colour('muted_text').name()}; }}"
            f"QSlider::sub-page:horizontal {{ background: {style.colour('accent').name()};"
            f" border-radius: {groove // 2}px; }}"
            f"QSlider::handle:horizontal {{ width: {handle}px; height: {handle}px;"
            f" margin: -{(handle - groove) // 2}px 0; border-radius: {handle // 2}px;"
            f" background: {style.colour('accent').name()}; }}"
        )
