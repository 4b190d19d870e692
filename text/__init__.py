"""Arabic and English text helpers: the ground floor every app builds on.

One definition each of what Arabic matching ignores (marks, tatweel), how digits are read, how spelling is
folded (``normalise``), which script a text is in, and the light stemmer. This package imports nothing of ours.
"""
