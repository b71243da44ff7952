"""Monitoring during the contract: realisations with evidence, reports per period,
verification, progress and forecast, reminders, the final assessment and retention
(docs/monitoring.md)."""
