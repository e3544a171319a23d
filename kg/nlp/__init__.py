"""Vietnamese extraction: spaCy components over cleaned bulletin text, and their records."""
