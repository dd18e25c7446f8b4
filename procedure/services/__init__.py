"""The application layer: one module per capability, each a small class over the shared context (database, clock,
signers, audit writer). Pages reach them only through :class:`procedure.app.WthApp`."""
