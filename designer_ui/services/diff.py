"""What changed between two versions of a flow, block by block, for the review screen (the
comparison itself lives in `interpreter.document_diff`, shared with the MicroApps store)."""

from __future__ import annotations

from interpreter.document_diff import block_fields, diff_documents

__all__ = ["block_fields", "diff_documents"]
