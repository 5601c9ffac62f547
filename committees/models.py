"""Models of committee orders and meetings: filled by the action-plan issue."""
