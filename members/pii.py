"""Re-export of ``lib.pii``, the one module for ID numbers (kept so that ``members.pii`` still reads)."""

from lib.pii import id_hash, masked_id, seal, tail, unseal

__all__ = ["id_hash", "masked_id", "seal", "tail", "unseal"]
