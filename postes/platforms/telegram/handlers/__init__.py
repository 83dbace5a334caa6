"""Telegram handlers by command family; each module exposes `register(app)`."""
