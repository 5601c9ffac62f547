"""Models of action plans: filled by the action-plan issue."""
