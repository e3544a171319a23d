"""From records to RDF: vocabulary, IRIs and the mapping."""
