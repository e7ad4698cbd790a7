"""Export layer: RDF in every common syntax, network files for Gephi/Cytoscape, CSV tables."""
