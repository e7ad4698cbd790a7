"""Query layer: SPARQL over the embedded store, the query library, entailments, results formats."""
