"""Analysis stages: entities, quotes, overlaps (text reuse) and claims."""
