print("trawl-bench: not yet")
