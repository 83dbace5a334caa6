"""The terminal front end: chat with the real bot logic, no token needed."""
