"""Read-only JSON API of published results (agencies, years, results, indicator scores)."""
