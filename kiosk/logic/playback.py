"""What a film's player is doing: the kiosk's visit logic, the show and the presenter
console follow it without loading the player (``kiosk.ui.slides.player``, which re-exports
:class:`PlayState`)."""

from __future__ import annotations

from enum import Enum


class PlayState(Enum):
    STOPPED = "stopped"
    PLAYING = "playing"
    PAUSED = "paused"
    ENDED = "ended"
    FAILED = "failed"
