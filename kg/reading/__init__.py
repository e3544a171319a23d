"""Reading bulletins from files, pages and JSONL, and cleaning their text."""
