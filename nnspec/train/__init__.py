"""The torch side of running a spec: runtime, phases, loop, checkpoints, logging."""
