"""After the opening: the 売却結果 history, its statistics, the chance of winning and the
outcome proposals."""
