"""The Legislative Yuan's review in the graph (issue 13): proposals linked to the lines they name."""
