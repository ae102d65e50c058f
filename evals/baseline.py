"""The naive RAG baseline every eval is compared with: the textbook LangChain pipeline.

RecursiveCharacterTextSplitter (1000 characters, 200 overlap) -> the same embedder ->
langchain-chroma, top 5 -> the classic "stuff" prompt -> the same chat model. No clause
structure, no redline awareness, no BM25, no verification. It reads the same extracted
document text Steward stored (generous to it: a textbook PDF loader would do worse).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from langchain_core.embeddings import Embeddings
from langchain_core.output_parsers import StrOutputParser
from langchain_core.prompts import PromptTemplate
from langchain_core.runnables import RunnableLambda

# LangChain's long-standing RetrievalQA "stuff" prompt, word for word.
BASELINE_PROMPT = """Use the following pieces of context to answer the question at the end. \
If you don't know the answer, just say that you don't know, don't try to make up an answer.

{context}

Question: {question}
Helpful Answer:"""

CHUNK_SIZE, CHUNK_OVERLAP, TOP_K = 1000, 200, 5
_DONT_KNOW = ("don't know", "do not know", "don’t know", "cannot answer", "can't answer",
              "no information", "not mentioned", "not provided", "does not say",
              "doesn't say", "not specified")


class _EmbeddingsAdapter(Embeddings):
    """Steward's embedder behind LangChain's Embeddings interface (baseline only)."""

    def __init__(self, embedder) -> None:
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embedder.embed_documents(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embedder.embed_query(text).tolist()


@dataclass(frozen=True)
class BaselineHit:
    doc_id: str
    text: str
    char_start: int
    char_end: int


@dataclass(frozen=True)
class BaselineAnswer:
    text: str
    refused: bool
    hits: tuple[BaselineHit, ...]


def says_dont_know(text: str) -> bool:
    """The baseline's refusal: its prompt asks it to say it doesn't know."""
    low = " ".join(text.lower().split())
    return not low or any(p in low for p in _DONT_KNOW)


class NaiveRAG:
    """The textbook pipeline over {doc_id: text}; chat is a Steward ChatModel (or None:
    then the answer is the first retrieved chunk, as an extractive floor)."""

    def __init__(self, texts: dict[str, str], embedder, chat, max_tokens: int = 160) -> None:
        import chromadb
        from langchain_chroma import Chroma
        from langchain_text_splitters import RecursiveCharacterTextSplitter

        splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE,
                                                  chunk_overlap=CHUNK_OVERLAP, add_start_index=True)
        docs = splitter.create_documents(list(texts.values()),
                                         metadatas=[{"doc_id": d} for d in texts])
        client = chromadb.EphemeralClient(settings=chromadb.Settings(anonymized_telemetry=False))
        name = f"baseline-{time.time_ns()}"
        self.db = Chroma(collection_name=name, embedding_function=_EmbeddingsAdapter(embedder),
                         client=client)
        for i in range(0, len(docs), 256):
            self.db.add_documents(docs[i:i + 256])
        self.chat, self.max_tokens = chat, max_tokens
        self.chain = (PromptTemplate.from_template(BASELINE_PROMPT)
                      | RunnableLambda(self._generate) | StrOutputParser())

    def _generate(self, prompt) -> str:
        messages = [("user", prompt.to_string())]
        return "".join(self.chat.stream(messages, self.max_tokens)).strip()

    def retrieve(self, question: str, k: int = TOP_K) -> list[BaselineHit]:
        found = self.db.similarity_search(question, k=k)
        return [BaselineHit(d.metadata["doc_id"], d.page_content, d.metadata["start_index"],
                            d.metadata["start_index"] + len(d.page_content)) for d in found]

    def ask(self, question: str) -> BaselineAnswer:
        hits = self.retrieve(question)
        if self.chat is None:
            text = hits[0].text if hits else ""
        else:
            text = self.chain.invoke({"context": "\n\n".join(h.text for h in hits),
                                      "question": question})
        return BaselineAnswer(text, says_dont_know(text), tuple(hits))
