"""Use-cases: they take plain values and a session, flush, and leave the commit to the caller."""
