"""Money over time: the cash flow and its scenarios, refund tracking (返還管理), acquisition
costs."""
