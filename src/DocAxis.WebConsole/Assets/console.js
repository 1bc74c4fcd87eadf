// Live updates come in a later step; the pages work without script.
