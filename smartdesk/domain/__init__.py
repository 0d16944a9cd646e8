"""Plain domain vocabulary shared by every layer: enums, value objects, errors. Imports nothing of SmartDesk."""
