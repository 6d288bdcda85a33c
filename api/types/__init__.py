"""GraphQL types, one module per type. Each is built from a domain row
(:class:`api.context.Resource`) by its ``from_row`` classmethod."""
