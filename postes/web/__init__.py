"""The one web server of a process: webhooks, health and metrics routes on `[http] listen`."""
