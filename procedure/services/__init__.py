"""The application layer: one module per capability, each a class over the shared context (db, clock, signers, audit).
Implements the procedure of the Wth step by step; pages reach them only through :class:`procedure.app.WthApp`."""
