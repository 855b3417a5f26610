"""Marshmallow schemas of the API's requests and responses: requests are loaded with them, and
the OpenAPI document is generated from them."""
