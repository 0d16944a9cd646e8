"""Use cases. Each public function takes the ``Database`` and owns its transaction; helpers in
``_common`` take a session and never commit."""
