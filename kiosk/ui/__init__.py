"""Qt views: the window, the slides, the video player facade."""
