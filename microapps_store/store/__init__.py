"""The store: submissions and their automated checks, the review queue, publishing,
deprecation and yanking, and the catalog Designers browse and install from."""
