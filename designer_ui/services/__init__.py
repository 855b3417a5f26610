"""What the API does, apart from HTTP: thin adapters between the models and the engine."""
