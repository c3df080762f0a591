"""Source intake: the text of a new document and the records it mentions, suggested for review."""
