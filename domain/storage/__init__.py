"""The portfolio file (SQLite, schema, migrations), its lock, network-share detection, the
interchange JSON."""
