"""Reading announcements: BIT cards, 公告 text, typed notes, CSV; amounts and dates in them; files
that are not announcements."""
