"""Widgets of the simulator screen."""
