"""The simulator: runs a flow with the sans-I/O engine inside API requests, keeping each
session's JSON state in the database between them."""
