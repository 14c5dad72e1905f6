"""Reading budget books: readers → document model → sections → typed records → reconciliation."""
