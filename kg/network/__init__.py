"""Network layer: the RDF graph projected into networkx, and the analyses run on it."""
