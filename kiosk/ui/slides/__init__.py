"""One view per slide kind, the video slide, and VideoPlayer, the facade over QMediaPlayer."""
