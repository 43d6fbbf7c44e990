"""The presenter console on the speaker's screen, the talk timer, and placing the windows."""
