"""SPARQL for researchers: the query catalog, safe parameter binding, the HTTP endpoint in front of
the Oxigraph server, remote stores (Graph Store Protocol / SPARQL Update), and a notebook API."""
