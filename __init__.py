"""BidDesk (競売入札準備デスク): bid preparation for Japanese court real-estate auctions.

The repository's top folders (domain/, forms/, gui/, cli/, resources/, main.py) install as
this one package; `python -m biddesk` and the `biddesk` command start it.
"""
