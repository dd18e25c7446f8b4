"""Reference data the app ships and the builders of synthetic data (demo, history, bulk live cases).
Implements art. 2 Bth and its annex through the RiHG catalogue; the rest is the region's own data.
"""
