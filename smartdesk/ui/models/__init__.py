"""Qt item models over service results: they hold ids and fetch rows lazily."""
