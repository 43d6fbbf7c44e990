"""A facade over ``QMediaPlayer``: the only place in the app that talks to QtMultimedia's player.

Slides and controls use these signals and methods; they never touch QMediaPlayer. Errors
become one readable message, and a machine without an audio device plays silently. A film
with several audio tracks plays the one in the visitor's language (its language tag), else
the default language's, else the first (:func:`~kiosk.content.probe.pick_audio_track`).
QtMultimedia loads when a player first needs it. :class:`~kiosk.ui.slides.probe.FrameProbe`
watches the frames a player shows in a ``QVideoSink`` (the self-test).
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QElapsedTimer, QLocale, QObject, QTimer, QUrl, Signal, Slot
from PySide6.QtGui import QImage

from kiosk.content.probe import pick_audio_track
from kiosk.logic.playback import PlayState

__all__ = ["Moment", "PlayState", "VideoPlayer"]

if TYPE_CHECKING:
    from PySide6.QtMultimedia import QAudioOutput, QMediaPlayer

log = logging.getLogger(__name__)

DECODER_THREADS = "KIOSK_DECODER_THREADS"
"""Set to ``auto`` to let FFmpeg pick the decoders' threads (a thread per core, plus one)."""


def limit_decoder_threads() -> bool:
    """Decode each film on one thread, unless ``$KIOSK_DECODER_THREADS`` is ``auto``.

    FFmpeg's own choice on 2 cores is 3 frame threads, each with frames of its own: 20 MiB
    more while a 1080p film plays, for no saving in CPU (one thread decodes it in real time
    with a core to spare; bench/README.md). Returns whether the limit is set.
    """
    if os.environ.get(DECODER_THREADS, "").strip().lower() == "auto":
        return False
    from kiosk.ui.slides.picture import default_loader  # lazy: loads with QtMultimedia

    lib = default_loader()
    if lib is None:
        return False
    lib.force_cpu_count(1)
    return True


class Moment(NamedTuple):
    """Where a film was: its file, the position in milliseconds, whether it played or was
    paused (its picture on screen)."""

    file: Path
    position: int
    playing: bool
    paused: bool = False


class VideoPlayer(QObject):
    """Plays one local video file into a video sink or a ``QVideoWidget``.

    Positions and durations are in milliseconds.
    """

    position_changed = Signal(int)
    """Playback position, in milliseconds."""
    duration_changed = Signal(int)
    """Length of the loaded video, in milliseconds (0 until known)."""
    state_changed = Signal(object)
    """The new :class:`PlayState`."""
    failed = Signal(str)
    """A message fit to show a visitor, e.g. 'The video could not be played.'"""
    ready = Signal()
    muted_changed = Signal(bool)
    play_requested = Signal()
    """:meth:`play` was called on a playable video (playing itself may start a moment later)."""
    """The file was opened and its first frame can be shown."""

    STALL_MS = 6000
    """Playing without the position moving for this long fails the video: a file cut short
    after its header otherwise 'plays' at 0:00 for ever (and holds a kiosk's attract loop)."""

    def __init__(
        self, parent: QObject | None = None, *, language: str = "", default_language: str = ""
    ) -> None:
        super().__init__(parent)
        self.language, self.default_language = language, default_language
        """The visitor's language and the content's: they choose the audio track."""
        self._resume_at: int | None = None
        self._qt_player: QMediaPlayer | None = None
        """Made when first needed: QtMultimedia and its FFmpeg plugin load then, not at the
        app's start (the first slide is painted sooner)."""
        self._audio: QAudioOutput | None = None
        self._audio_probed = False
        self._muted = False
        self._state = PlayState.STOPPED
        self._source: Path | None = None
        self._file: Path | None = None
        self.stall_ms = self.STALL_MS
        self._stall_clock = QElapsedTimer()
        self._last_position = -1
        self._stall_timer = QTimer(self)
        self._stall_timer.timeout.connect(self._check_stall)

    @property
    def _player(self) -> QMediaPlayer:
        if self._qt_player is None:
            from PySide6.QtMultimedia import QMediaPlayer

            player = self._qt_player = QMediaPlayer(self)
            limit_decoder_threads()  # before the first file opens its decoder
            player.positionChanged.connect(self._on_position)
            player.durationChanged.connect(self._on_duration)
            player.mediaStatusChanged.connect(self._on_media_status)
            player.playbackStateChanged.connect(self._on_playback_state)
            player.errorOccurred.connect(self._on_error)
            player.tracksChanged.connect(self._choose_audio_track)
        return self._qt_player

    # --- properties ---------------------------------------------------------------------
    @property
    def state(self) -> PlayState:
        return self._state

    @property
    def playing(self) -> bool:
        """Whether the film is playing (not stopped, paused, ended or failed)."""
        return self._state is PlayState.PLAYING

    @property
    def position(self) -> int:
        """Current position, in milliseconds."""
        return int(self._qt_player.position()) if self._qt_player is not None else 0

    @property
    def duration(self) -> int:
        """Length of the loaded video, in milliseconds (0 until known)."""
        return int(self._qt_player.duration()) if self._qt_player is not None else 0

    @property
    def muted(self) -> bool:
        return self._muted

    @property
    def has_audio_device(self) -> bool:
        """Whether sound goes somewhere (known once a file was loaded)."""
        return self._audio is not None

    @property
    def source(self) -> Path | None:
        return self._source

    @property
    def audio_track(self) -> int:
        """The index of the audio track playing (-1 before a file with sound is open)."""
        return int(self._qt_player.activeAudioTrack()) if self._qt_player is not None else -1

    def audio_track_languages(self) -> list[str]:
        """Each audio track's language code (``en``; ``""`` if untagged), once the file is open."""
        from PySide6.QtMultimedia import QMediaMetaData

        tracks = self._qt_player.audioTracks() if self._qt_player is not None else []
        languages = [track.value(QMediaMetaData.Key.Language) for track in tracks]
        return [
            QLocale.languageToCode(language) if isinstance(language, QLocale.Language) else ""
            for language in languages
        ]

    def current_frame(self) -> QImage | None:
        """The picture the video output shows now, converted (a copy; None before the first
        frame). The presenter console mirrors the film with it a few times a second."""
        if self._qt_player is None:
            return None
        sink = self._qt_player.videoSink()
        frame = sink.videoFrame() if sink is not None else None
        if frame is None or not frame.isValid():
            return None
        image = frame.toImage()
        return None if image.isNull() else image

    # --- control ------------------------------------------------------------------------
    def set_video_output(self, output: QObject) -> None:
        """Send frames to a ``QVideoWidget``, ``QGraphicsVideoItem`` or ``QVideoSink``."""
        self._player.setVideoOutput(output)

    def _attach_audio(self) -> None:
        # Probing the sound devices is slow-ish; do it when a video is first opened.
        if self._audio_probed:
            return
        self._audio_probed = True
        from PySide6.QtMultimedia import QAudioOutput, QMediaDevices

        if QMediaDevices.audioOutputs():
            self._audio = QAudioOutput(self)
            self._audio.setMuted(self._muted)
            self._player.setAudioOutput(self._audio)
        else:
            log.info("no audio device; video will play silently")

    def load(self, path: Path) -> None:
        """Open ``path`` without playing it. Problems arrive later through ``failed``."""
        self._attach_audio()
        self._source = self._file = path
        self._set_state(PlayState.STOPPED)
        if not path.is_file():
            self._fail(f"file not found: {path}")
            return
        self._player.setSource(QUrl.fromLocalFile(str(path)))

    def play(self) -> None:
        """Play; after :meth:`unload`, open the last file loaded again first."""
        if self._source is None and self._file is not None:
            self.load(self._file)
        if self._state is PlayState.FAILED:
            return
        self.play_requested.emit()
        if self._state is PlayState.ENDED:
            self._player.setPosition(0)
        self._player.play()

    def pause(self) -> None:
        if self._state is PlayState.PLAYING:
            self._player.pause()

    def toggle(self) -> None:
        """Play when paused, stopped or ended; pause when playing."""
        if self._state is PlayState.PLAYING:
            self.pause()
        else:
            self.play()

    def restart(self) -> None:
        """Play from the start."""
        self.seek(0)
        self.play()

    def rewind(self) -> None:
        """Pause and go back to the start (used when a visitor leaves the slide)."""
        if self._state is PlayState.FAILED:
            return
        self._player.pause()
        self._player.setPosition(0)
        self._set_state(PlayState.STOPPED)

    def seek(self, position: int) -> None:
        """Jump to ``position`` milliseconds."""
        self._player.setPosition(max(0, position))

    def skip(self, milliseconds: int) -> None:
        """Jump ``milliseconds`` forward (back if negative), staying within the film."""
        position = self.position + milliseconds
        if self.duration > 0:
            position = min(position, self.duration)
        self.seek(position)

    def toggle_muted(self) -> None:
        self.set_muted(not self._muted)

    def set_muted(self, muted: bool) -> None:
        if muted != self._muted:
            self._muted = muted
            self.muted_changed.emit(muted)
        if self._audio is not None:
            self._audio.setMuted(muted)

    def moment(self) -> Moment | None:
        """Where the open film is, for :meth:`carry_on` (None: no file open)."""
        if self._source is None or self._state is PlayState.FAILED:
            return None
        state = self._state
        return Moment(
            self._source, self.position, state is PlayState.PLAYING, state is PlayState.PAUSED
        )

    def set_language(self, language: str) -> None:
        """Play the audio track for ``language`` from now on (at once, if a file is open)."""
        self.language = language
        self._choose_audio_track()

    def carry_on(self, moment: Moment) -> None:
        """Go on where another player of the same film was (the slide, made again in a new
        language or look, plays on); a moment of another file is ignored."""
        if moment.file != self._source:
            return
        self._resume_at = moment.position
        if self.duration > 0:
            self._resume()  # already open: at once; else once it is (_on_media_status)
        if moment.playing:
            self.play()
        elif moment.paused:  # the paused picture again, not the poster
            self._player.pause()

    def _resume(self) -> None:
        if self._resume_at is not None:
            self._player.setPosition(self._resume_at)
            self._resume_at = None

    def unload(self) -> None:
        """Stop and release the file (frees the decoder)."""
        if self._qt_player is not None:
            self._qt_player.stop()
            self._qt_player.setSource(QUrl())
        self._source = None
        self._resume_at = None
        self._set_state(PlayState.STOPPED)

    # --- internals ----------------------------------------------------------------------
    def _set_state(self, state: PlayState) -> None:
        if state is not self._state:
            self._state = state
            if state is PlayState.PLAYING:
                self._last_position = self.position
                self._stall_clock.start()
                self._stall_timer.start(max(10, min(1000, self.stall_ms // 4)))
            else:
                self._stall_timer.stop()
            self.state_changed.emit(state)

    def _fail(self, detail: str) -> None:
        if self._state is PlayState.FAILED:
            return  # one broken file often reports twice (an error, then invalid media)
        log.warning("video %s: %s", self._source, detail)
        self._set_state(PlayState.FAILED)
        self.failed.emit(detail)

    @Slot()
    def _check_stall(self) -> None:
        if self._state is PlayState.PLAYING and self._stall_clock.elapsed() >= self.stall_ms:
            self._fail(f"playback stalled at {self.position} ms: the file may be cut short")
            self._player.stop()  # after FAILED is set, so this stop is not a new state

    @Slot("qlonglong")
    def _on_position(self, position: int) -> None:
        if position != self._last_position:
            self._last_position = int(position)
            self._stall_clock.start()
        self.position_changed.emit(int(position))

    @Slot("qlonglong")
    def _on_duration(self, duration: int) -> None:
        self.duration_changed.emit(int(duration))

    # QMediaPlayer's own signals, in the GUI thread: plain methods, so that QtMultimedia need
    # not be loaded to define this class.
    def _on_media_status(self, status: QMediaPlayer.MediaStatus) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        if status == QMediaPlayer.MediaStatus.EndOfMedia:
            self._set_state(PlayState.ENDED)
        elif status == QMediaPlayer.MediaStatus.InvalidMedia:
            self._fail("the file is not a playable video")
        elif status == QMediaPlayer.MediaStatus.LoadedMedia:
            self._resume()
            self.ready.emit()

    @Slot()
    def _choose_audio_track(self) -> None:
        if self._qt_player is None:
            return
        tracks = self.audio_track_languages()
        index = pick_audio_track(tracks, self.language, self.default_language)
        if len(tracks) > 1 and index is not None and index != self.audio_track:
            log.info("video %s: audio track %d (%s)", self._source, index, tracks[index] or "?")
            self._qt_player.setActiveAudioTrack(index)

    def _on_playback_state(self, state: QMediaPlayer.PlaybackState) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        if self._state in (PlayState.FAILED, PlayState.ENDED) and (
            state != QMediaPlayer.PlaybackState.PlayingState
        ):
            return
        mapping = {
            QMediaPlayer.PlaybackState.PlayingState: PlayState.PLAYING,
            QMediaPlayer.PlaybackState.PausedState: PlayState.PAUSED,
            QMediaPlayer.PlaybackState.StoppedState: PlayState.STOPPED,
        }
        self._set_state(mapping[state])

    def _on_error(self, error: QMediaPlayer.Error, message: str) -> None:
        from PySide6.QtMultimedia import QMediaPlayer

        if error != QMediaPlayer.Error.NoError:
            self._fail(message or str(error))
