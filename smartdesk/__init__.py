"""SmartDesk: meetings, attendance, trainings and workshops for rural town halls and their GAL."""

__version__ = "0.1.0"
