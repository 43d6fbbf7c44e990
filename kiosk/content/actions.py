"""Everything a key, a button or a swipe can ask the show to do: the one list of actions.

Each :class:`Action` carries what it does (the words of the ``?`` layer and the README key
table), its default keys (``QKeySequence`` names, or ``keysym:``/``keycode:`` names as in
:mod:`kiosk.content.native_keys`; content.yaml's ``keys`` section replaces an action's keys)
and its kinds. The subsets other modules need (:data:`MOVES`,
:data:`VISITOR_ACTIONS`) are derived here from those kinds, never listed again. Plain
Python: this module imports no Qt, so the schema validates content.yaml's ``keys`` against it.
"""

from __future__ import annotations

from enum import Flag, StrEnum, auto


class Kind(Flag):
    """What sort of action it is."""

    TALK = 0
    """For a presenter only (blank screen, overview, fullscreen...)."""
    MOVE = auto()
    """Moves through the slides; the first move after a blank screen only brings the slide back."""
    VISITOR = auto()
    """A visitor at an unattended kiosk may use it from a keyboard."""


class Action(StrEnum):
    """An action's name is its value: the key under content.yaml's ``keys`` section."""

    meaning: str
    default_keys: tuple[str, ...]
    kind: Kind

    def __new__(
        cls, value: str, meaning: str, default_keys: tuple[str, ...], kind: Kind = Kind.TALK
    ) -> Action:
        action = str.__new__(cls, value)
        action._value_ = value
        action.meaning = meaning
        action.default_keys = default_keys
        action.kind = kind
        return action

    @classmethod
    def named(cls, name: str) -> Action:
        """The action called ``name`` (its value); ``ValueError`` if there is none."""
        try:
            return cls._value2member_map_[name]  # type: ignore[return-value]
        except KeyError:
            raise ValueError(f"no action is called {name!r}") from None

    NEXT = (
        "next",
        "Next slide (after typing a slide number, Enter goes to that slide).",
        ("Right", "Down", "PgDown", "Space", "Return", "Enter", "N"),
        Kind.MOVE | Kind.VISITOR,
    )
    PREVIOUS = (
        "previous",
        "Previous slide.",
        ("Left", "Up", "PgUp", "Backspace", "P"),
        Kind.MOVE | Kind.VISITOR,
    )
    FIRST = "first", "First slide.", ("Home",), Kind.MOVE | Kind.VISITOR
    LAST = "last", "Last slide.", ("End",), Kind.MOVE | Kind.VISITOR
    BLACK = (
        "black",
        "Black screen on or off; moving on brings the slide back.",
        ("B", ".", "keycode:60", "keysym:XF86DisplayToggle"),
    )
    WHITE = "white", "White screen on or off.", ("W", ",")
    START = (
        "start",
        "Start or resume the show fullscreen, on the same slide.",
        ("F5", "Shift+F5", "keysym:XF86Presentation"),
    )
    LEAVE_FULLSCREEN = (
        "leave_fullscreen",
        "Leave fullscreen (never quits); closes the overview or a prompt first.",
        ("Esc",),
    )
    FULLSCREEN = "fullscreen", "Fullscreen on or off.", ("F11",)
    GO_TO_SLIDE = "go_to_slide", "Ask for a slide number and go there.", ("G",)
    OVERVIEW = (
        "overview",
        "All slides at a glance: arrows and Enter, a click or a tap to jump.",
        ("O",),
    )
    HELP = "help", "Show the keys.", ("?",)
    VIDEO_TOGGLE = (
        "video_toggle",
        "On the video slide: play or pause the video.",
        ("K", "Toggle Media Play/Pause", "Media Play", "Media Pause"),
        Kind.VISITOR,
    )
    VIDEO_RESTART = (
        "video_restart",
        "On the video slide: play the video from the start.",
        ("R",),
        Kind.VISITOR,
    )
    MUTE = (
        "mute",
        "On the video slide: sound off or on.",
        ("M",),
        Kind.VISITOR,
    )
    CAPTIONS = (
        "captions",
        "On the video slide: captions on or off (a screen reader then reads them out).",
        ("C",),
        Kind.VISITOR,
    )
    SEEK_BACK = (
        "seek_back",
        "On the video slide: back 10 seconds.",
        ("J",),
        Kind.VISITOR,
    )
    SEEK_FORWARD = (
        "seek_forward",
        "On the video slide: forward 10 seconds.",
        ("L",),
        Kind.VISITOR,
    )
    TIMER = "timer", "Presenter console: start or pause the talk timer.", ("T",)
    SWAP_SCREENS = (
        "swap_screens",
        "Presenter console: swap the audience and console screens.",
        ("S",),
    )
    POINTER = (
        "pointer",
        'Presenter console: a pointer dot on the audience slide where the mouse is over "Now";'
        " on or off.",
        ("D",),
    )
    SPOTLIGHT = (
        "spotlight",
        "Presenter console: dim the audience slide except around the pointer; on or off.",
        ("H",),
    )
    ZOOM = (
        "zoom",
        'Presenter console: then click or drag on "Now" to magnify there 2x; again, or Esc,'
        " to return.",
        ("Z",),
    )


MOVES = frozenset(action for action in Action if Kind.MOVE in action.kind)
"""Actions that move through the slides."""
VISITOR_ACTIONS = frozenset(action for action in Action if Kind.VISITOR in action.kind)
"""Key actions a visitor with a keyboard may use; the presenter's (blank, overview, jump,
fullscreen...) are for talks, not for an unattended stand."""
