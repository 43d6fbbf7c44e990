"""Where the app differs between Windows, macOS and Linux: one small Qt-free module per concern.

Each module's functions take the platform (``sys.platform``'s value) as an argument, so the
tests exercise every platform's branch on any machine.

- :mod:`kiosk.system.platform.process`: how the supervisor starts its child and which
  signals stop it.
- :mod:`kiosk.system.platform.video`: which video rendering path ``--video-path auto`` picks.
- Keeping the screen awake: :mod:`kiosk.inhibit` (``make_inhibitor(platform)``).
- Fonts need no platform branch: the bundled files are registered through Qt everywhere.
"""
