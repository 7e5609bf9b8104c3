"""AsyncAPI 3.x -> typed Python SDK and Markdown reference."""
