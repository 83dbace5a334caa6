"""Chat front ends: each renders conversation outcomes and sends through its own limiter."""
