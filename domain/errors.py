"""The one exception type whose message is meant for the user."""


class UserError(Exception):
    """Bad input or an impossible request; ``str(error)`` is one plain sentence."""
