"""Use cases. Each public function takes the ``Database`` and owns its transaction; the shared
helpers (``lookups``, ``record_builders``, ``summary_query``) take a session and never commit;
``validation`` checks what users typed."""
