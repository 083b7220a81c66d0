"""Domain core of BidDesk: Qt-free, pure functions and values (I/O only in store)."""
