# DO NOT EDIT: generated from salesman-events.asyncapi.yaml by the generator
"""What goes on and comes off the wire, for both sides: the PHP form codec, SalesMan's JSON, the three wire forms,
Standard Webhooks signatures, and the HTTP request, response and JSON error contract."""

from .decoding import EVENT_HEADER, TOKEN_PARAM, event_name, payload_of, split_query
from .encoding import FORMATS, Delivery, Format, encode_delivery, salesman_json
from .messages import JSON_HEADERS, Request, RequestError, Response, error_response, json_response
from .phpquery import FormDecodeError
from .signing import DEFAULT_TOLERANCE_SECONDS, SignatureError, Verifier, new_secret, parse_secret, signed_headers

__all__ = [
    "DEFAULT_TOLERANCE_SECONDS",
    "EVENT_HEADER",
    "FORMATS",
    "JSON_HEADERS",
    "TOKEN_PARAM",
    "Delivery",
    "FormDecodeError",
    "Format",
    "Request",
    "RequestError",
    "Response",
    "SignatureError",
    "Verifier",
    "encode_delivery",
    "error_response",
    "event_name",
    "json_response",
    "new_secret",
    "parse_secret",
    "payload_of",
    "salesman_json",
    "signed_headers",
    "split_query",
]
