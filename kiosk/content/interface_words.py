"""The English words of the staff panel, the talk's prompts, the ``?`` layer and the presenter
console: :data:`~kiosk.content.model.DEFAULT_LABELS` takes them in, so content.yaml's
``labels`` translates each one and ``validate`` lists the ones without a translation.

A ``{name}`` in a word is a value the app fills in; a translation may use only the
placeholders its English word has (the schema checks). Plain Python: no Qt.
"""

from __future__ import annotations

from collections.abc import Mapping

from kiosk.content.actions import Action

STAFF_LABELS: Mapping[str, str] = {
    "recording_on": "Recording: on",
    "recording_off": "Recording: off",
    "usage_off": "Usage recording is off.",
    "usage_today": "Today: {visits} visits, {slides} slides seen, {average} s per visit",
    "staff_only": "Staff only",
    "enter_pin": "Enter the PIN",
    "pin_clear": "Clear",
    "pin_ok": "OK",
    "cancel": "Cancel",
    "wrong_pin": "Wrong PIN.",
    "pin_locked": "Too many wrong PINs. Try again in {seconds} seconds.",
    "staff_panel": "Staff panel",
    "back_to_visitors": "Back to visitors",
    "reload_content": "Reload content",
    "next_screen": "Next screen",
    "exit_kiosk": "Exit kiosk",
    "staff_content": "Content: {path}",
    "staff_slide": "Slide {number} of {total} ({id})",
    "staff_screen": "Screen {number} of {total}: {name} {width}x{height}",
    "only_one_screen": "Only one screen.",
    "content_problems": "The content has problems; still showing the last good version:",
}
"""The PIN pad and the staff panel of a kiosk."""

TALK_LABELS: Mapping[str, str] = {
    "app_name": "Our Priorities",
    "go_to_slide": "Go to slide",
    "go_to_hint": "Type 1 to {total}, then Enter. Esc cancels.",
    "no_such_slide": "There is no slide {number}: type 1 to {total}.",
    "overview_current": "{number}  (now showing)",
    "overview_name": "Overview",
    "overview_hint": "Touch or click a slide to go there. Keys: arrows and Enter; Esc closes.",
    "all_slides": "All slides",
    "keys_title": "Keys",
    "keys_close": "Touch, or press any key, to close",
    "keys_for_keyboards": "Keys for keyboards and clickers",
    "keys_names_hint": (
        "Another key or clicker button: run kiosk keys and press it to see its name."
    ),
    "key_typed_number": "Type a slide number, then Enter, to go to that slide.",
}
"""The window title's suffix (the app's name), the ``G`` prompt, the overview and its button,
the ``?`` layer and its entry in the accessibility menu."""

ACTION_LABELS: Mapping[str, str] = {f"key_{action.value}": action.meaning for action in Action}
"""What each key does, in the ``?`` layer (``key_next``, ``key_black``, ...)."""

CONSOLE_LABELS: Mapping[str, str] = {
    "console_title": "Presenter console: {title}",
    "console_slide_of": "Slide {number} of {total}",
    "console_now": "Now",
    "console_next": "Next: {title}",
    "console_end": "end of the presentation",
    "console_end_picture": "End of the presentation",
    "console_notes": "Notes",
    "console_no_notes": "No notes for this slide.",
    "notes_smaller": "A-",
    "notes_larger": "A+",
    "timer_start": "Start",
    "timer_pause": "Pause",
    "timer_resume": "Resume",
    "timer_reset": "Reset…",
    "timer_reset_question": "Reset the timer to 0:00?",
    "timer_reset_confirm": "Reset",
    "timer_keep": "Keep",
    "console_video": "Video {position} / {duration} · {state}",
    "console_video_keys": "{toggle}: play/pause · {restart}: restart",
    "video_not_started": "not started",
    "video_playing": "playing",
    "video_paused": "paused",
    "video_ended": "ended",
    "video_failed": "cannot play",
    "black_screen": "BLACK SCREEN",
    "white_screen": "WHITE SCREEN",
    "blank_status": "{screen} — {keys} shows the slide",
    "keys_or": "{first} or {second}",
    "any_move": "a move",
    "typed_status": "Go to slide {number} — Enter",
    "hint_next": "next",
    "hint_previous": "previous",
    "hint_black": "black",
    "hint_white": "white",
    "hint_overview": "overview",
    "hint_go_to": "go to",
    "hint_timer": "timer",
    "hint_swap": "swap screens",
    "hint_help": "all keys",
}
"""The presenter console."""

INTERFACE_LABELS: Mapping[str, str] = {
    **STAFF_LABELS,
    **TALK_LABELS,
    **ACTION_LABELS,
    **CONSOLE_LABELS,
}
