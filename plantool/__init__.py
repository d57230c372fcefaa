"""plantool: Chinese government plan documents → an auditable database of commitments.

The pipeline, one module per stage: read → clean → segment → extract → attribute →
store → query → align/diff → match/progress → render. ``cli`` only parses options.
"""

__version__ = "0.1.0"
