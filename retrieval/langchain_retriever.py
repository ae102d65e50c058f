"""A LangChain retriever over Steward's search, for the chains a union's volunteer already has.

    from retrieval.langchain_retriever import StewardRetriever
    retriever = StewardRetriever(searcher=searcher, scope=Scope(("member",)), k=5)
    docs = retriever.invoke("doctorate stipend")   # LangChain Documents, cited by metadata
"""

from __future__ import annotations

from typing import Any

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document as LCDocument
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict


class StewardRetriever(BaseRetriever):
    """Adapter: Steward's hybrid clause search behind LangChain's BaseRetriever interface."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    searcher: Any  # retrieval.search.Searcher
    scope: Any  # store.scope.Scope: whose documents it may return (a viewer's visibility)
    k: int = 8
    include_struck: bool = False  # clauses a redline deletes are not live language

    def _get_relevant_documents(self, query: str, *,
                                run_manager: CallbackManagerForRetrieverRun) -> list[LCDocument]:
        hits = [h for h in self.searcher.search(query, self.scope, k=self.k)
                if h.live or self.include_struck]
        return [LCDocument(page_content=h.text, id=h.chunk_id, metadata={
            "doc_id": h.doc_id, "title": h.title, "doc_type": h.doc_type, "status": h.status,
            "section": h.section, "heading_path": h.heading_path, "page": h.page,
            "char_start": h.char_start, "char_end": h.char_end, "score": h.score,
            "clause_id": h.clause_id, "live": h.live}) for h in hits]
