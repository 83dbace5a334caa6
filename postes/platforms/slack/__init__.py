"""The Slack front end: a bolt `AsyncApp` over the platform-neutral conversation core."""
