"""The bulletin-kg vocabulary as data: OWL terms, SHACL shapes and alias tables (see README)."""
