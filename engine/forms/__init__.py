"""Forms: their schemas, the start form, the data a task opens with, attached documents,
drafts, and plausible sample data."""
