"""RDF layer: the ontology, emitting the curated corpus as RDF, SHACL validation."""
