"""Small reusable widgets that know nothing of slides or shows: fitted text, pictures,
round buttons, the layers laid over a window, and placing a window on a screen."""
