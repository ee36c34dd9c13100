"""What the read path searches: the Chroma store (chunks, sentences, documents, versions), the
in-memory BM25 keyword index, the embedder, and the follower that keeps several workers in step."""
