"""The Wth procedure in two layers: domain/ (the law, pure) and services/ (one module per capability).
Implements the Wet tijdelijk huisverbod; app.py composes the services into the one object the pages get.
"""
