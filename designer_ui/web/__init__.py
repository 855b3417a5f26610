"""Pages served to browsers: the built editor (a single-page app) and its assets."""
