"""The export formats and the fixed file names ``kg build`` writes them under: one registry, read
by the build, ``kg export`` and the documentation.

>>> FORMATS["turtle"], FORMATS["targets"]
('kg.ttl', 'targets.csv')
"""

from __future__ import annotations

__all__ = ["FORMATS", "RDF_FORMATS", "NETWORK_FORMATS", "TABLE_FORMATS", "ONTOLOGY_FORMATS"]

RDF_FORMATS = {"turtle": "kg.ttl", "trig": "kg.trig", "nquads": "kg.nq", "ntriples": "kg.nt",
               "jsonld": "kg.jsonld", "rdfxml": "kg.rdf"}
NETWORK_FORMATS = {"graphml": "kg.graphml", "gexf": "kg.gexf"}
TABLE_FORMATS = {"nodes": "nodes.csv", "edges": "edges.csv", "evidence": "evidence.csv",
                 "targets": "targets.csv"}
ONTOLOGY_FORMATS = {"ontology": "ontology.ttl", "owl": "ontology.owl"}
#: Format name → file name, every export.
FORMATS = {**RDF_FORMATS, **NETWORK_FORMATS, **TABLE_FORMATS, **ONTOLOGY_FORMATS}
