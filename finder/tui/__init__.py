"""The Textual assistant (imported only when the TUI or ``finder serve`` starts)."""
