"""The audit log and what is read from it: the hash chain, replay, the auditor's history,
signed checkpoints, exports for process mining and the time-standards report."""
