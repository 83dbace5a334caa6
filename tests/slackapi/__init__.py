"""A Slack Web API double: a local HTTP server that checks calls the way Slack does."""
