"""Drafting a document's curation from its text (``kg draft``): a proposal for a curator to review,
never facts in the graph until reviewed (every drafted statement and entity says ``draft: true``).

See :func:`kg.draft.draft.draft_document` for the steps.
"""
