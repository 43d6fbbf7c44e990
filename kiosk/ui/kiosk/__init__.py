"""Kiosk mode for an unattended touchscreen: the visit state machine, its layers, staff
access, live content updates and the heartbeat."""
