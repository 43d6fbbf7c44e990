"""The video slide: the video as the hero of the slide, in a dark player frame (frame.py).

Before it plays the slide shows the poster, a large play button and the film's length (read
from the file's header, so still pictures show it too); the player opens the file when the
slide is entered, without playing it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, Qt, QTimer, Slot
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QStackedWidget, QWidget

from kiosk.content import VideoSlide
from kiosk.content.probe import video_duration_ms
from kiosk.ui.app import release_free_memory
from kiosk.ui.slides.base import SlideView
from kiosk.ui.slides.frame import (
    FRAME_COLOUR,
    FRAME_TEXT,
    MIN_CAPTION_PX,
    CaptionStrip,
    PlayerFrame,
    PosterPage,
    SeekSlider,
    format_time,
    load_cues,
    make_video_widget,
)
from kiosk.ui.slides.player import PlayState, VideoPlayer
from kiosk.ui.style import MIN_TOUCH, Style
from kiosk.ui.widgets.announce import announce
from kiosk.ui.widgets.buttons import RoundButton
from kiosk.ui.widgets.fitted import FittedLabel
from kiosk.ui.widgets.pictures import SvgView

if TYPE_CHECKING:
    from kiosk.ui.slides.picture import VideoPicture


class VideoSlideView(SlideView):
    """Plays the slide's video from the bundled file through :class:`VideoPlayer`.

    Leaving the slide pauses and rewinds. A missing or broken file shows a calm message;
    captions are on by default and drawn in a strip under the picture.
    """

    slide: VideoSlide

    def __init__(self, slide: VideoSlide, style: Style, parent: QWidget | None = None) -> None:
        super().__init__(slide, style, parent)
        self.player = VideoPlayer(
            self, language=style.language, default_language=style.content.presentation.language
        )
        self.cues = load_cues(slide.captions_for(style.language))
        self.captions_on = self.cues is not None
        self.captions_spoken = False
        """Whether a screen reader hears each caption: once the visitor switched them on."""
        self._seeking = False
        self.known_duration = video_duration_ms(slide.file) or 0
        """The film's length from its header (0: unknown until the player opened it)."""
        self.description_label = FittedLabel(style.prose(slide, slide.description))
        self.description_label.setVisible(slide.description is not None)
        self._build_stage()
        self._build_controls()
        self.player_frame = PlayerFrame(self.stage, self.caption_label, self.controls)
        self.player_frame.has_captions = self.cues is not None
        if self.cues is not None:
            lines = {line for cue in self.cues.cues for line in cue.text.split("\n")}
            self.player_frame.caption_lines = sorted(lines)
        self.body_layout.addWidget(self.player_frame, 1)
        self.body_layout.addWidget(self.description_label, 0)
        self.outer.insertStretch(0, 0)
        self.outer.addStretch(0)
        self._show_time(0)
        self._connect()

    def _build_stage(self) -> None:
        """The poster, the video picture and the "cannot play" message, one at a time."""
        slide, style = self.slide, self.style_
        poster_text = style.prose(slide, slide.description) or style.text(slide.title)
        poster = (
            SvgView(slide.poster, poster_text)
            if slide.poster
            else SvgView(slide.file.with_suffix(".missing"), poster_text)
        )
        self.big_play = RoundButton("play", style.label("play"))
        self.length_label = QLabel(format_time(self.known_duration))
        self.length_label.setObjectName("video-length")
        self.length_label.setVisible(self.known_duration > 0)
        self.poster_page = PosterPage(poster, self.big_play, self.length_label)
        self._video_widget: VideoPicture | None = None
        self.message_label = FittedLabel(style.label("video_unavailable"))
        self.message_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.message_label.setObjectName("video-message")
        self.stage = QStackedWidget()
        self.stage.setObjectName("stage")
        self.stage.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, True)
        self.stage.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        for page in (self.poster_page, self.message_label):
            self.stage.addWidget(page)
        self.stage.currentChanged.connect(self._poster_out_of_sight)

        self.caption_label = CaptionStrip()

    def _build_controls(self) -> None:
        """Play, the seek bar, the time, mute, captions and the transcript."""
        style = self.style_
        self.play_button = RoundButton("play", style.label("play"))
        self.seek_slider = SeekSlider()
        self.seek_slider.setAccessibleName(style.label("seek"))
        self.seek_slider.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.seek_slider.setRange(0, self.known_duration)
        self.time_label = QLabel()
        self.time_label.setObjectName("time")
        self.mute_button = RoundButton("mute", style.label("mute"))
        self.captions_button = RoundButton("captions", style.label("captions"))
        self.captions_button.setCheckable(True)
        self.captions_button.setChecked(self.captions_on)
        self.captions_button.setVisible(self.cues is not None)
        self.transcript_button = RoundButton("transcript", style.label("transcript"))
        self.transcript_button.setVisible(self.cues is not None)
        self.controls = QWidget()
        self.controls_row = row = QHBoxLayout(self.controls)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.play_button)
        row.addWidget(self.seek_slider, 1)
        row.addWidget(self.time_label)
        row.addWidget(self.mute_button)
        row.addWidget(self.captions_button)
        row.addWidget(self.transcript_button)

    def _connect(self) -> None:
        self.big_play.clicked.connect(self.play)
        self.play_button.clicked.connect(self.toggle)
        self.mute_button.clicked.connect(self.toggle_mute)
        self.captions_button.clicked.connect(self.toggle_captions)
        self.transcript_button.clicked.connect(self.transcript_requested)
        self.seek_slider.sliderPressed.connect(self._on_slider_pressed)
        self.seek_slider.sliderReleased.connect(self._on_slider_released)
        self.seek_slider.sliderMoved.connect(self._on_slider_moved)
        self.player.position_changed.connect(self._on_position)
        self.player.duration_changed.connect(self._on_duration)
        self.player.state_changed.connect(self._on_state)
        self.player.failed.connect(self._on_failed)
        self.player.muted_changed.connect(self._on_muted)
        self.player.play_requested.connect(self._show_picture)

    # --- behaviour ----------------------------------------------------------------------
    @property
    def video_widget(self) -> VideoPicture:
        """The picture, made when first needed (QtMultimedia loads then, not at start-up)."""
        if self._video_widget is None:
            self._video_widget = make_video_widget()
            self.stage.insertWidget(1, self._video_widget)
            self._show_caption_in_picture()  # the caption shown so far, in the new picture
        return self._video_widget

    def has_captions(self) -> bool:
        return bool(self.cues)

    @property
    def media(self) -> VideoPlayer:
        return self.player

    @property
    def duration(self) -> int:
        """The film's length in milliseconds: the player's once known, else the header's."""
        return self.player.duration or self.known_duration

    def video_area(self) -> QRectF:
        """Where the picture is, as fractions of the view's width and height."""
        rect = self.stage.geometry().translated(self.player_frame.pos())
        width, height = max(1, self.width()), max(1, self.height())
        return QRectF(
            rect.x() / width, rect.y() / height, rect.width() / width, rect.height() / height
        )

    def live_caption(self) -> str:
        return self.caption_label.text()

    def film_picture(self) -> QImage | None:
        return self._video_widget.shown_picture() if self._video_widget is not None else None

    def set_touch_controls(self, shown: bool) -> None:
        """Show or hide the play button and the control bar (hidden on a presenter's
        audience screen: the presenter plays the video from the keyboard)."""
        self.player_frame.controls_shown = shown
        self.poster_page.set_button_shown(shown)
        self.apply_style()

    def _cinema(self) -> bool:
        """True for a landscape window or kiosk, where the header and the navigation bar
        leave too little height: the film is then the slide's heading (its poster is a frame
        of the film's title card; the title stays the view's accessible name) and its
        captions are drawn in the picture, so the picture is at least 75 % of a 16:9
        window's width. A presenter's audience screen (no chrome) and still pictures
        (renders, the PDF handout, the console's mirror of the audience) have the room for
        the title and the caption strip."""
        style = self.style_
        return not style.portrait and not style.preview and self.player_frame.controls_shown

    def _ensure_loaded(self) -> None:
        if self.player.source is None:
            self.player.set_video_output(self.video_widget.videoSink())
            self.player.load(self.slide.file)
            self._show_caption_in_picture()

    def enter(self) -> None:
        if not self.style_.preview:
            self._ensure_loaded()  # its duration arrives without playing
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
        self._show_caption_in_picture()
        self._show_time(0)

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

    def _poster_out_of_sight(self) -> None:
        if self.stage.currentWidget() is not self.poster_page:  # read again when next shown
            self.poster_page.picture.release_bitmap()

    @Slot(bool)
    def _on_muted(self, muted: bool) -> None:
        self.mute_button.set_symbol(
            "unmute" if muted else "mute", self.style_.label("unmute" if muted else "mute")
        )

    @Slot()
    def toggle_captions(self) -> None:
        """The visitor's captions button or key: switched on, they are also announced."""
        self.set_captions(not self.captions_on, spoken=not self.captions_on)

    def set_captions(self, on: bool, *, spoken: bool = False) -> None:
        """Show or hide the captions (their strip stays, so nothing moves); ``spoken``: a
        screen reader also hears each one."""
        self.captions_on = on and self.cues is not None
        self.captions_spoken = spoken and self.captions_on
        self.captions_button.setChecked(self.captions_on)
        self.captions_button.set_symbol(
            "captions" if self.captions_on else "captions-off", self.style_.label("captions")
        )
        self._show_caption(self.player.position)

    def _show_caption(self, position: int) -> None:
        text = self.cues.text_at(position) if self.cues and self.captions_on else ""
        if text != self.caption_label.text():
            self.caption_label.setText(text)  # the strip, the console and screen readers
            if self.captions_spoken:
                announce(self.caption_label, text)
        self._show_caption_in_picture()

    def _show_caption_in_picture(self) -> None:
        """Hand the caption to the picture, which draws it over the film (landscape)."""
        text = self.caption_label.text() if self.player_frame.captions_in_picture else ""
        if self._video_widget is not None:
            self._video_widget.set_subtitle_text(text)

    def caption_in_picture(self) -> str:
        """The caption drawn in the picture now ("" for none)."""
        return self._video_widget.subtitle_text() if self._video_widget is not None else ""

    def _show_time(self, position: int) -> None:
        duration = self.duration
        self.time_label.setText(
            f"{format_time(position)} / {format_time(duration)}" if duration else ""
        )
        # A screen reader hears the seek bar in minutes and seconds, not its milliseconds.
        spoken = self.style_.label(
            "time_of", position=format_time(position), duration=format_time(duration)
        )
        if spoken != self.seek_slider.accessibleDescription():
            self.seek_slider.setAccessibleDescription(spoken)

    @Slot(int)
    def _on_position(self, position: int) -> None:
        if not self._seeking:
            self.seek_slider.setValue(position)
        self._show_time(position)
        self._show_caption(position)

    @Slot(int)
    def _on_duration(self, duration: int) -> None:
        duration = duration or self.known_duration
        self.seek_slider.setRange(0, duration)
        self.seek_slider.setPageStep(max(1000, duration // 10))
        self.length_label.setText(format_time(duration))
        self.length_label.setVisible(duration > 0)
        self.length_label.adjustSize()
        self._show_time(self.player.position)

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
        self._show_caption_in_picture()

    @Slot()
    def _on_slider_pressed(self) -> None:
        self._seeking = True

    @Slot()
    def _on_slider_released(self) -> None:
        self._seeking = False
        self.player.seek(self.seek_slider.value())

    @Slot(int)
    def _on_slider_moved(self, value: int) -> None:
        self._show_time(value)

    # --- looks --------------------------------------------------------------------------
    def apply_style(self) -> None:
        super().apply_style()
        style = self.style_
        portrait = style.portrait
        # [stretch] title, body [stretch]: portrait centres the slide's content vertically.
        for item, stretch in enumerate((int(portrait), 0, int(not portrait), int(portrait))):
            self.outer.setStretch(item, stretch)
        margin = style.margin()
        cinema = self._cinema()
        self.title_label.setVisible(not cinema)
        vertical = 0 if cinema else style.px(16)
        self.outer.setContentsMargins(margin, vertical, margin, vertical)
        self.outer.setSpacing(style.px(8))
        self.body_layout.setSpacing(style.px(28))
        self._style_frame()
        self._style_controls()
        self.player_frame.relayout()

    def _style_frame(self) -> None:
        style = self.style_
        portrait = style.portrait
        frame = self.player_frame
        frame.fit_width = portrait
        frame.setSizePolicy(
            QSizePolicy.Policy.Ignored,
            QSizePolicy.Policy.Preferred if portrait else QSizePolicy.Policy.Ignored,
        )
        policy = frame.sizePolicy()
        policy.setHeightForWidth(portrait)
        frame.setSizePolicy(policy)
        self.body_layout.setStretch(0, 0 if portrait else 1)
        self.body_layout.setStretch(1, 1 if portrait else 0)
        # The description says what the film is about: under it in portrait, where there is
        # room; in landscape the picture takes the room (the poster says as much).
        self.description_label.setVisible(portrait and bool(self.description_label.text()))
        self.description_label.set_max_pixels(style.px(40))
        self.description_label.setMaximumHeight(style.px(220) if portrait else 0)
        self.description_label.setStyleSheet(f"color: {style.colour('muted_text').name()};")
        cinema = self._cinema()
        frame.padding = style.px(6) if cinema else style.px(12)
        frame.captions_in_picture = cinema
        self._show_caption_in_picture()
        # Portrait has height to spare: captions as large as the description's text.
        frame.min_caption_px = max(MIN_CAPTION_PX, style.px(40) if portrait else 0)
        # A near-black disc, a white triangle: clear on a pale poster, an NHS Blue one or a card.
        disc = QColor(FRAME_COLOUR)
        disc.setAlpha(210)
        for play in (self.poster_page.glyph, self.big_play):
            play.background = disc
            play.foreground = QColor(FRAME_TEXT)
        self.stage.setStyleSheet(f"#stage {{ background: {FRAME_COLOUR}; }}")
        self.message_label.set_max_pixels(style.px(44))
        self.message_label.setStyleSheet(f"color: {FRAME_TEXT};")

    def _style_controls(self) -> None:
        style = self.style_
        button = max(style.px(64), MIN_TOUCH)  # finger-sized (README)
        controls = (self.play_button, self.mute_button, self.captions_button)
        for control in (*controls, self.transcript_button):
            control.set_side(button)
            control.background = QColor(255, 255, 255, 36)
            control.foreground = QColor(FRAME_TEXT)
        self.controls.setFixedHeight(button)
        self.controls_row.setSpacing(style.px(18))
        self.time_label.setStyleSheet(f"color: {FRAME_TEXT}; font-size: {style.px(28)}px;")
        self.length_label.setStyleSheet(
            f"color: {FRAME_TEXT}; background: rgba(11, 12, 12, 200);"
            f" font-size: {style.px(30)}px; font-weight: bold;"
            f" padding: {style.px(4)}px {style.px(12)}px; border-radius: {style.px(8)}px;"
        )
        self.seek_slider.set_sizes(button, groove=style.px(10), handle=style.px(34))
