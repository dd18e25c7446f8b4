"""Command-line tools of the project (not part of the app): the authorization matrix, the inventory, the font table.
Implements no article itself; each tool measures or writes down what the procedure's code does.
"""
