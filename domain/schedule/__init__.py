"""A bid's calendar: transfer and submission days, the envelope, the day the court receives it,
payment and refund after the opening, the 入札期間's length."""
