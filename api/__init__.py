"""conflict-kg's web API: GraphQL, the SPARQL 1.1 Protocol, exports and resource pages.

Build it with :func:`api.app.create_app`; serve it with :func:`api.server.serve`."""
