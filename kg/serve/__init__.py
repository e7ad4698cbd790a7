"""A local, read-only SPARQL 1.1 Protocol endpoint over the built store."""
