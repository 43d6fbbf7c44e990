"""Qt-free decisions of the kiosk and the presenter: the visit state machine, the staff
gesture, the talk timer, the kiosk's timings and the screen plan. The Qt controllers in
``kiosk.ui`` carry them out; an import-linter contract keeps Qt out of this package."""
