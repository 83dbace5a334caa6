"""Command logic shared by every platform: plain async functions returning `Reply` objects.

Handlers for Telegram (and later Slack, the console already) only translate their updates
into calls here and render the replies; nothing in this package imports a chat framework.
"""
