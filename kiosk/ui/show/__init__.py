"""The show: its state and actions (Show), the audience window, and the talk layers over it."""
