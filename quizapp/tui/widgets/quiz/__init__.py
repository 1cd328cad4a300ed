"""Widgets of the quiz screen: answer inputs by question kind, and the verdict."""
