"""The check registry (one Code, each Rule with its source) and the checks that produce Findings."""
