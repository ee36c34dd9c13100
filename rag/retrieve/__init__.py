"""From a question to passages: the retrieval queries (a follow-up read with its history), dense
and keyword retrieval, and their fusion."""
